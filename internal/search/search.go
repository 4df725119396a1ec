package search

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// DefaultLimit is how many answers a search shows with their snippets;
// the count covers all.
const DefaultLimit = 100

// snippetWords is about how many words a snippet shows around its hits.
const snippetWords = 32

// Hit is one answer that matched.
type Hit struct {
	Question string    `json:"question"`
	Score    float64   `json:"score"`
	Snippet  []Segment `json:"snippet"`
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
	Shown     int      `json:"shown"`
	Truncated bool     `json:"truncated"` // Total > Shown
	Groups    []Group  `json:"groups"`
}

// Run searches the index: every matching answer is ranked (BM25), the
// best limit of them get their snippets (made here from the answers'
// texts: FTS4's snippet() costs a fifth of a millisecond an answer), and they are grouped by report,
// the report with the best hit first.
func Run(ctx context.Context, st *store.Store, q Query, f store.SearchFilter, limit int) (*Results, error) {
	res := &Results{Query: q.Input, Terms: q.Described(), Groups: []Group{}}
	if len(q.Terms) == 0 {
		return res, nil
	}
	if limit <= 0 {
		limit = DefaultLimit
	}
	rows, err := st.SearchAnswers(ctx, q.Match(), f)
	if err != nil {
		return nil, err
	}
	n, avg, err := st.SearchStats(ctx)
	if err != nil {
		return nil, err
	}
	type scored struct {
		store.SearchRow
		score float64
	}
	all := make([]scored, len(rows))
	matches := map[int64]int{}
	for i, r := range rows {
		score, err := BM25(r.MatchInfo, 0, n, float64(r.Chars), avg)
		if err != nil {
			return nil, err
		}
		all[i] = scored{r, score}
		matches[r.Submission]++
	}
	sort.Slice(all, func(i, j int) bool {
		a, b := all[i], all[j]
		switch {
		case a.score != b.score:
			return a.score > b.score
		case a.Name != b.Name:
			return a.Name < b.Name
		case a.Year != b.Year:
			return a.Year > b.Year
		case a.Version != b.Version:
			return a.Version > b.Version
		}
		return CompareQuestions(a.Question, b.Question) < 0
	})
	res.Total, res.Reports = len(all), len(matches)
	shown := all[:min(limit, len(all))]
	res.Shown, res.Truncated = len(shown), len(shown) < len(all)
	ids := make([]int64, len(shown))
	for i, r := range shown {
		ids[i] = r.DocID
	}
	texts, err := st.SearchTexts(ctx, ids)
	if err != nil {
		return nil, err
	}
	at := map[int64]int{}
	for _, r := range shown {
		g, ok := at[r.Submission]
		if !ok {
			g = len(res.Groups)
			at[r.Submission] = g
			res.Groups = append(res.Groups, Group{Organisation: r.Organisation, Name: r.Name, Year: r.Year, Version: r.Version,
				State: r.State, Submission: r.Submission, Score: r.score, Matches: matches[r.Submission]})
		}
		res.Groups[g].Hits = append(res.Groups[g].Hits, Hit{Question: r.Question, Score: r.score, Snippet: Snippet(texts[r.DocID], q, snippetWords)})
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
