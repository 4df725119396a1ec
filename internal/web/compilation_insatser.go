package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
)

// insatsFilter is the table of all insatser as asked for: a question, a
// body, words that must all occur (case-insensitive), and a sort key
// ("organisation", "question" or "c1"… for a column; "-" first: descending).
type insatsFilter struct {
	Question, Organisation, Text, Sort string
}

func insatsFilterOf(r *http.Request) insatsFilter {
	q := r.URL.Query()
	return insatsFilter{Question: strings.TrimSpace(q.Get("question")), Organisation: strings.TrimSpace(q.Get("organisation")),
		Text: strings.TrimSpace(q.Get("q")), Sort: strings.TrimSpace(q.Get("sort"))}
}

func (f insatsFilter) values() url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"question": f.Question, "organisation": f.Organisation, "q": f.Text, "sort": f.Sort} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v
}

// insatsCount is the number of rows for one body or one question.
type insatsCount struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	N     int    `json:"n"`
	Href  string `json:"-"`
	// Current: the table is filtered on it.
	Current bool `json:"-"`
}

type insatsResult struct {
	Rows        []model.InsatsRow
	Total       int // before filtering
	PerBody     []insatsCount
	PerQuestion []insatsCount
	Questions   []*spec.Question
}

// matches tells whether every word of the free text occurs in the row's
// body name or cells, case-insensitively (å, ä and ö stay themselves).
func matchesWords(row model.InsatsRow, words []string) bool {
	if len(words) == 0 {
		return true
	}
	hay := strings.ToLower(row.Name + "\n" + row.Question + "\n" + strings.Join(row.Cells, "\n"))
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// insatser filters, sorts and counts the year's insats rows.
func (s *Server) insatser(r *http.Request, t *spec.Template, f insatsFilter) (*insatsResult, error) {
	all, err := s.compiler.Insatser(r.Context(), t)
	if err != nil {
		return nil, err
	}
	if f.Question != "" && t.Question(f.Question) == nil {
		return nil, notFound(fmt.Sprintf("Fråga %s i mallen för %d", f.Question, t.Year))
	}
	if f.Organisation != "" {
		if _, err := s.Orgs.ByID(f.Organisation); err != nil {
			return nil, notFound("Organisationen")
		}
	}
	words := strings.Fields(strings.ToLower(f.Text))
	res := &insatsResult{Total: len(all)}
	byBody, byQuestion := map[string]int{}, map[string]int{}
	for _, row := range all {
		if !matchesWords(row, words) {
			continue
		}
		inQ := f.Question == "" || row.Question == f.Question
		inB := f.Organisation == "" || row.Organisation == f.Organisation
		if inQ {
			byBody[row.Organisation]++
		}
		if inB {
			byQuestion[row.Question]++
		}
		if inQ && inB {
			res.Rows = append(res.Rows, row)
		}
	}
	link := func(key, value string) string {
		v := f.values()
		v.Set("year", strconv.Itoa(t.Year))
		v.Set(key, value)
		return "/insatser?" + v.Encode()
	}
	for _, o := range s.Orgs.All {
		res.PerBody = append(res.PerBody, insatsCount{Key: o.ID, Label: o.Name, N: byBody[o.ID], Href: link("organisation", o.ID), Current: f.Organisation == o.ID})
	}
	for _, q := range t.Questions() {
		if q.Kind == spec.KindInsatser {
			res.Questions = append(res.Questions, q)
			res.PerQuestion = append(res.PerQuestion, insatsCount{Key: q.ID, Label: q.ID, N: byQuestion[q.ID], Href: link("question", q.ID), Current: f.Question == q.ID})
		}
	}
	sortInsatser(res.Rows, t, f.Sort, s.Orgs.All)
	return res, nil
}

// sortInsatser sorts stably by the key (descending: "-" first); the rows
// come in body, question and row order, which breaks ties either way.
func sortInsatser(rows []model.InsatsRow, t *spec.Template, key string, bodies []orgs.Organisation) {
	desc := strings.HasPrefix(key, "-")
	key = strings.TrimPrefix(key, "-")
	order := map[string]int{}
	for i, q := range t.Questions() {
		order[q.ID] = i
	}
	for i, o := range bodies {
		order["org:"+o.ID] = i
	}
	var cmp func(a, b model.InsatsRow) int
	switch {
	case key == "organisation":
		cmp = func(a, b model.InsatsRow) int { return order["org:"+a.Organisation] - order["org:"+b.Organisation] }
	case key == "question":
		cmp = func(a, b model.InsatsRow) int { return order[a.Question] - order[b.Question] }
	case strings.HasPrefix(key, "c"):
		col, err := strconv.Atoi(key[1:])
		if err != nil || col < 1 || col > len(t.InsatsColumns) {
			return
		}
		coll := collate.New(language.Swedish, collate.IgnoreCase)
		cmp = func(a, b model.InsatsRow) int { return coll.CompareString(cell(a, col), cell(b, col)) }
	default:
		return
	}
	if desc {
		asc := cmp
		cmp = func(a, b model.InsatsRow) int { return asc(b, a) }
	}
	slices.SortStableFunc(rows, cmp)
}

func cell(r model.InsatsRow, col int) string {
	if col-1 < len(r.Cells) {
		return r.Cells[col-1]
	}
	return ""
}

type insatsColumn struct {
	Key, Label, Href, Sorted string
}

func (s *Server) insatserPage(w http.ResponseWriter, r *http.Request) error {
	t, err := s.yearOf(r)
	if err != nil {
		return err
	}
	f := insatsFilterOf(r)
	res, err := s.insatser(r, t, f)
	if err != nil {
		return err
	}
	key, desc := strings.TrimPrefix(f.Sort, "-"), strings.HasPrefix(f.Sort, "-")
	if key == "" {
		key = "organisation"
	}
	var cols []insatsColumn
	add := func(k, label string) {
		v := f.values()
		v.Set("year", strconv.Itoa(t.Year))
		v.Set("sort", k)
		c := insatsColumn{Key: k, Label: label}
		if k == key {
			c.Sorted = "ascending"
			if desc {
				c.Sorted = "descending"
			} else {
				v.Set("sort", "-"+k)
			}
		}
		c.Href = "/insatser?" + v.Encode()
		cols = append(cols, c)
	}
	add("organisation", "Organisation")
	add("question", "Fråga")
	for i, c := range t.InsatsColumns {
		add("c"+strconv.Itoa(i+1), c)
	}
	type rowView struct {
		model.InsatsRow
		Href string
	}
	var rows []rowView
	for _, row := range res.Rows {
		rows = append(rows, rowView{row, fmt.Sprintf("/inlamning/%d#fraga-%s", row.SubmissionID, anchor(row.Question))})
	}
	var questions []pickerOption
	for _, q := range res.Questions {
		questions = append(questions, pickerOption{ID: q.ID, Label: questionPickLabel(q), Selected: q.ID == f.Question})
	}
	clear := url.Values{"year": {strconv.Itoa(t.Year)}}
	return s.render(w, r, "insatser", map[string]any{"Nav": "insatser", "Year": t.Year, "Years": s.Templates.Years(), "F": f,
		"Rows": rows, "Total": res.Total, "Columns": cols, "PerBody": res.PerBody, "PerQuestion": res.PerQuestion,
		"Questions": questions, "Orgs": s.Orgs.All, "Filtered": f.Question != "" || f.Organisation != "" || f.Text != "",
		"Clear": "/insatser?" + clear.Encode()}, fmt.Sprintf("Insatser %d", t.Year))
}

func (s *Server) apiInsatser(w http.ResponseWriter, r *http.Request) error {
	t, err := s.yearOf(r)
	if err != nil {
		return err
	}
	res, err := s.insatser(r, t, insatsFilterOf(r))
	if err != nil {
		return err
	}
	rows := res.Rows
	if rows == nil {
		rows = []model.InsatsRow{}
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"year": t.Year, "columns": t.InsatsColumns, "total": res.Total, "rows": rows,
		"counts": map[string]any{"organisations": res.PerBody, "questions": res.PerQuestion}})
	return nil
}
