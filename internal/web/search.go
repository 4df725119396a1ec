package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/tillvaxtverket/villkorsintag/internal/search"
	"github.com/tillvaxtverket/villkorsintag/internal/search/query"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// searchRequest is a search as asked for in the query string:
// q, year (empty: every year), question (empty: every question), all
// (1: superseded versions too) and offset (the ranked answers to skip:
// the page of results).
type searchRequest struct {
	Input  string
	Filter store.SearchFilter
	Offset int
}

// maxSearchOffset bounds offset: far beyond any search's answers.
const maxSearchOffset = 1_000_000

// searchRequestOf reads and checks the parameters; a year without a
// template or a question no template has is a bad request.
func (s *Server) searchRequestOf(r *http.Request) (searchRequest, error) {
	v := r.URL.Query()
	req := searchRequest{Input: v.Get("q")}
	if y := v.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			return req, badRequest("Okänt år.")
		}
		if _, err := s.Templates.Load(n); err != nil {
			return req, notFound("Mallen för " + y)
		}
		req.Filter.Year = n
	}
	if q := v.Get("question"); q != "" {
		known := false
		for _, t := range s.searchTemplates(req.Filter.Year) {
			known = known || t.Question(q) != nil
		}
		if !known {
			return req, badRequest("Frågan " + q + " finns inte i mallen.")
		}
		req.Filter.Question = q
	}
	switch v.Get("all") {
	case "", "0":
	case "1", "on", "true":
		req.Filter.AllVersions = true
	default:
		return req, badRequest("Okänt värde för alla versioner (all=1 eller inget).")
	}
	if o := v.Get("offset"); o != "" {
		n, err := strconv.Atoi(o)
		if err != nil || n < 0 || n > maxSearchOffset {
			return req, badRequest("Okänd sida i sökresultatet (offset ska vara ett tal från 0).")
		}
		req.Offset = n
	}
	return req, nil
}

// href is the search's page address from this offset.
func (req searchRequest) href(offset int) string {
	h := searchHref(req.Input, req.Filter.Year, req.Filter.Question, req.Filter.AllVersions)
	if offset > 0 {
		h += "&offset=" + strconv.Itoa(offset)
	}
	return h
}

// searchPager is where a page of results is among all of them: answers
// From to To (counted from 1) of Total, and the pages before and after.
type searchPager struct {
	From, To, Total    int
	PrevHref, NextHref string
}

// pager is nil when every answer is on the page.
func (req searchRequest) pager(res *search.Results, limit int) *searchPager {
	if res.Total == 0 || res.Offset == 0 && res.Shown == res.Total {
		return nil
	}
	p := &searchPager{Total: res.Total} // From and To 0: past the last answer
	if res.Shown > 0 {
		p.From, p.To = res.Offset+1, res.Offset+res.Shown
	}
	if res.Offset > 0 {
		// the page before, or the last page when this one is past the end
		p.PrevHref = req.href(max(0, min(res.Offset-limit, (res.Total-1)/limit*limit)))
	}
	if res.Shown > 0 && res.Offset+res.Shown < res.Total {
		p.NextHref = req.href(res.Offset + res.Shown)
	}
	return p
}

// searchTemplates are the templates a search looks at: the year's, or
// every year's, newest first.
func (s *Server) searchTemplates(year int) []*spec.Template {
	if year != 0 {
		if t, err := s.Templates.Load(year); err == nil {
			return []*spec.Template{t}
		}
	}
	all := s.Templates.All()
	sort.Slice(all, func(i, j int) bool { return all[i].Year > all[j].Year })
	return all
}

type questionOption struct{ ID, Label string }

type questionGroup struct {
	Label   string
	Options []questionOption
}

// searchQuestionPicker lists the questions by section, for the templates
// searched; a question in several years is listed once, with the newest
// template's words.
func searchQuestionPicker(ts []*spec.Template) []questionGroup {
	type section struct {
		id, label string
		qs        []questionOption
	}
	var secs []*section
	bySec := map[string]*section{}
	seen := map[string]bool{}
	for _, t := range ts {
		for _, q := range t.Questions() {
			if seen[q.ID] {
				continue
			}
			seen[q.ID] = true
			key, label := "", "Övrigt"
			if q.Section != nil {
				key, label = q.Section.ID, strings.TrimSpace(q.Section.ID+" "+q.Section.Title)
			}
			sec := bySec[key]
			if sec == nil {
				sec = &section{id: key, label: label}
				bySec[key] = sec
				secs = append(secs, sec)
			}
			sec.qs = append(sec.qs, questionOption{ID: q.ID, Label: q.ID + " " + shorten(q.Text, 60)})
		}
	}
	sort.SliceStable(secs, func(i, j int) bool { return search.CompareQuestions(secs[i].id, secs[j].id) < 0 })
	out := make([]questionGroup, len(secs))
	for i, sec := range secs {
		sort.SliceStable(sec.qs, func(a, b int) bool { return search.CompareQuestions(sec.qs[a].ID, sec.qs[b].ID) < 0 })
		out[i] = questionGroup{Label: sec.label, Options: sec.qs}
	}
	return out
}

// shorten cuts text at a word boundary to at most n characters, with "…".
func shorten(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	rs := []rune(text)
	if len(rs) <= n {
		return text
	}
	cut := string(rs[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:–-") + "…"
}

// searchHit and searchGroup are a result as the page shows it.
type searchHit struct {
	search.Hit
	Anchor, Text string
	Marked       template.HTML // the snippet, escaped, its hits in <mark>
}

// markedSnippet is a snippet as HTML: every segment's text escaped, the
// hits in <mark>. Made here rather than by ranging over the segments in
// the page, where each segment costs the template an escaper call (a
// hundred snippets of a dozen segments each, on every search).
func markedSnippet(segs []query.Segment) template.HTML {
	var b strings.Builder
	for _, seg := range segs {
		if seg.Match {
			b.WriteString("<mark>")
		}
		b.WriteString(template.HTMLEscapeString(seg.Text))
		if seg.Match {
			b.WriteString("</mark>")
		}
	}
	return template.HTML(b.String())
}

type searchGroup struct {
	search.Group
	ID         string
	Hits       []searchHit
	StateText  string
	MatchCount string
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	req, err := s.searchRequestOf(r)
	if err != nil {
		return err
	}
	data := map[string]any{"Nav": "sok", "Q": req.Input, "Year": req.Filter.Year, "Years": s.Templates.Years(),
		"Question": req.Filter.Question, "All": req.Filter.AllVersions, "Questions": searchQuestionPicker(s.searchTemplates(req.Filter.Year))}
	title := "Sök"
	q, err := query.Parse(req.Input)
	var qe *query.QueryError
	switch {
	case errors.As(err, &qe):
		data["Error"] = qe.Message
	case err != nil:
		return err
	case len(q.Terms) > 0:
		res, err := search.RunPage(r.Context(), s.Store, q, req.Filter, req.Offset, search.DefaultLimit)
		if err != nil {
			return err
		}
		data["Results"], data["Groups"], data["Pager"] = res, s.searchGroups(res), req.pager(res, search.DefaultLimit)
		title = "Sök: " + shorten(req.Input, 40)
		if res.Total == 0 {
			// where else it could be
			if !req.Filter.AllVersions {
				data["AllHref"] = searchHref(req.Input, req.Filter.Year, req.Filter.Question, true)
			}
			if req.Filter.Year != 0 || req.Filter.Question != "" {
				data["WiderHref"] = searchHref(req.Input, 0, "", req.Filter.AllVersions)
			}
		}
	}
	return s.render(w, r, "search", data, title)
}

func (s *Server) searchGroups(res *search.Results) []searchGroup {
	out := make([]searchGroup, len(res.Groups))
	texts := map[string]string{} // a question's words, shortened once a page (year and id)
	for i, g := range res.Groups {
		sg := searchGroup{Group: g, ID: "rapport-" + strconv.FormatInt(g.Submission, 10)}
		if g.State == "superseded" {
			sg.StateText = "ersatt av en senare version"
		}
		if g.Matches != len(g.Hits) {
			sg.MatchCount = strconv.Itoa(len(g.Hits)) + " av " + strconv.Itoa(g.Matches) + " svar visas"
		}
		t, _ := s.Templates.Load(g.Year)
		for _, h := range g.Hits {
			sh := searchHit{Hit: h, Anchor: "fraga-" + anchor(h.Question), Marked: markedSnippet(h.Snippet)}
			if t != nil {
				key := strconv.Itoa(g.Year) + "/" + h.Question
				text, ok := texts[key]
				if !ok {
					if q := t.Question(h.Question); q != nil {
						text = shorten(q.Text, 90)
					}
					texts[key] = text
				}
				sh.Text = text
			}
			sg.Hits = append(sg.Hits, sh)
		}
		out[i] = sg
	}
	return out
}

// apiSearch is the search as JSON: the results with their snippets as
// segments (text, and whether it is a hit), never as HTML.
func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	req, err := s.searchRequestOf(r)
	if err != nil {
		return err
	}
	if strings.TrimSpace(req.Input) == "" {
		return badRequest("Ange vad du söker efter (q).")
	}
	q, err := query.Parse(req.Input)
	var qe *query.QueryError
	if errors.As(err, &qe) {
		return badRequest(qe.Message)
	}
	if err != nil {
		return err
	}
	res, err := search.RunPage(r.Context(), s.Store, q, req.Filter, req.Offset, search.DefaultLimit)
	if err != nil {
		return err
	}
	writeJSONStatus(w, http.StatusOK, struct {
		Year        int    `json:"year,omitempty"`
		Question    string `json:"question,omitempty"`
		AllVersions bool   `json:"all_versions"`
		*search.Results
	}{req.Filter.Year, req.Filter.Question, req.Filter.AllVersions, res})
	return nil
}

// searchHref is a search page's address, for links.
func searchHref(q string, year int, question string, all bool) string {
	v := url.Values{"q": {q}}
	if year != 0 {
		v.Set("year", strconv.Itoa(year))
	}
	if question != "" {
		v.Set("question", question)
	}
	if all {
		v.Set("all", "1")
	}
	return "/sok?" + v.Encode()
}
