// Package search finds words across the stored reports' answers: it runs
// a parsed query (package query) against the SQLite full-text (FTS4)
// index, ranks the matching answers (BM25 over FTS4's matchinfo), makes
// the shown answers' snippets and groups the hits by report.
package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/tillvaxtverket/villkorsintag/internal/search/query"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// DefaultLimit is how many answers a search shows with their snippets;
// the count covers all.
const DefaultLimit = 100

// snippetWords is about how many words a snippet shows around its hits.
const snippetWords = 32

// Hit is one answer that matched.
type Hit struct {
	Question string          `json:"question"`
	Score    float64         `json:"score"`
	Snippet  []query.Segment `json:"snippet"`
}

// Group is one report (a body's version of a year) with its hits, best
// first.
type Group struct {
	Organisation string  `json:"organisation"`
	Name         string  `json:"name"`
	Year         int     `json:"year"`
	Version      int     `json:"version"`
	State        string  `json:"state"`
	Submission   int64   `json:"submission"`
	Score        float64 `json:"score"`   // its best hit's
	Matches      int     `json:"matches"` // answers that matched, shown or not
	Hits         []Hit   `json:"hits"`
}

// Results is a search's answer.
type Results struct {
	Query     string   `json:"query"`
	Terms     []string `json:"terms"` // as understood
	Total     int      `json:"total"` // answers that matched
	Reports   int      `json:"reports"`
	Offset    int      `json:"offset"` // answers ranked above those shown
	Shown     int      `json:"shown"`
	Truncated bool     `json:"truncated"` // Total > Shown
	Groups    []Group  `json:"groups"`
}

// Run is RunPage from the best answer.
func Run(ctx context.Context, st *store.Store, q query.Query, f store.SearchFilter, limit int) (*Results, error) {
	return RunPage(ctx, st, q, f, 0, limit)
}

// ranked is a matching answer with its score and report.
type ranked struct {
	score      float64
	doc        int64
	submission int64
	question   string
	report     *store.SearchReport
}

// RunPage searches the index: every matching answer is ranked (BM25),
// the limit of them after the first offset get their snippets (made here
// from the answers' texts: FTS4's snippet() costs a fifth of a
// millisecond an answer), and they are grouped by report, the report
// with the best hit first. Total, Reports and each group's Matches count
// every matching answer, shown or not.
func RunPage(ctx context.Context, st *store.Store, q query.Query, f store.SearchFilter, offset, limit int) (*Results, error) {
	res := &Results{Query: q.Input, Terms: q.Described(), Groups: []Group{}}
	if len(q.Terms) == 0 {
		return res, nil
	}
	if limit <= 0 {
		limit = DefaultLimit
	}
	offset = max(offset, 0)
	n, avg, err := st.SearchStats(ctx)
	if err != nil {
		return nil, err
	}
	var all []ranked
	matches := map[int64]int{} // answers that matched, by submission
	err = st.SearchAnswers(ctx, q.Match(), f, func(m *store.SearchMatch) error {
		score, err := BM25(m.MatchInfo, 0, n, float64(m.Chars), avg)
		if err != nil {
			return err
		}
		all = append(all, ranked{score: score, doc: m.DocID, submission: m.Submission, question: m.Question})
		matches[m.Submission]++
		return nil
	})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(matches))
	for id := range matches {
		ids = append(ids, id)
	}
	reports, err := st.SearchReports(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].report = reports[all[i].submission]; all[i].report == nil {
			return nil, fmt.Errorf("search: submission %d is gone", all[i].submission)
		}
	}
	slices.SortFunc(all, func(a, b ranked) int {
		switch {
		case a.score != b.score:
			return cmp.Compare(b.score, a.score)
		case a.report.Name != b.report.Name:
			return strings.Compare(a.report.Name, b.report.Name)
		case a.report.Year != b.report.Year:
			return cmp.Compare(b.report.Year, a.report.Year)
		case a.report.Version != b.report.Version:
			return cmp.Compare(b.report.Version, a.report.Version)
		}
		return CompareQuestions(a.question, b.question)
	})
	res.Total, res.Reports = len(all), len(matches)
	shown := all[min(offset, len(all)):min(offset+limit, len(all))]
	res.Offset, res.Shown, res.Truncated = offset, len(shown), len(shown) < len(all)
	docs := make([]int64, len(shown))
	for i, r := range shown {
		docs[i] = r.doc
	}
	texts, err := st.SearchTexts(ctx, docs)
	if err != nil {
		return nil, err
	}
	at := map[int64]int{}
	var snippets query.Snippets
	for _, r := range shown {
		g, ok := at[r.submission]
		if !ok {
			g = len(res.Groups)
			at[r.submission] = g
			rep := r.report
			res.Groups = append(res.Groups, Group{Organisation: rep.Organisation, Name: rep.Name, Year: rep.Year, Version: rep.Version,
				State: rep.State, Submission: rep.Submission, Score: r.score, Matches: matches[r.submission]})
		}
		res.Groups[g].Hits = append(res.Groups[g].Hits, Hit{Question: r.question, Score: r.score, Snippet: snippets.Snippet(texts[r.doc], q, snippetWords)})
	}
	return res, nil
}

// CompareQuestions orders question ids as the template does: by their
// numbers ("9.2" before "10.1"), anything without numbers (övrigt) last.
func CompareQuestions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, ea := strconv.Atoi(pa[i])
		nb, eb := strconv.Atoi(pb[i])
		switch {
		case ea == nil && eb == nil && na != nb:
			if na < nb {
				return -1
			}
			return 1
		case (ea == nil) != (eb == nil):
			if ea == nil {
				return -1
			}
			return 1
		case ea != nil && pa[i] != pb[i]:
			return strings.Compare(pa[i], pb[i])
		}
	}
	return len(pa) - len(pb)
}
