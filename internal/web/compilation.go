package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/tillvaxtverket/villkorsintag/internal/compilation"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

// The national compilation: every body's answer to one question
// (/sammanstallning), every insats (/insatser), the Ja/Nej choices (/val),
// each also in the JSON API, and the characters per limit group as charts.

// compilationPages are the page templates of the compilation.
var compilationPages = []string{"compilation", "insatser", "choices"}

// compilationRoutes adds the compilation's pages and API routes.
func (s *Server) compilationRoutes(page func(string, handlerFunc)) {
	page("GET /sammanstallning", s.compilationPage)
	page("GET /api/compilation", s.apiCompilation)
	page("GET /insatser", s.insatserPage)
	page("GET /api/insatser", s.apiInsatser)
	page("GET /val", s.choicesPage)
	page("GET /api/choices", s.apiChoices)
	page("GET /api/characters", s.apiCharacters)
}

// missingText says in Swedish why a body has no answer to show ("" when
// it has one).
func missingText(code string) string {
	if code == "" {
		return ""
	}
	return capitalized(sv.NoAnswer(code))
}

// choiceText is a Ja/Nej item's answer as shown.
func choiceText(c model.ChoiceAnswer) string {
	return capitalized(sv.Choice(c.Answer, len(c.Checked)))
}

// questionOf reads ?question= for the template (the first question when
// it is empty and first is true).
func questionOf(r *http.Request, t *spec.Template, first bool) (*spec.Question, error) {
	id := strings.TrimSpace(r.URL.Query().Get("question"))
	if id == "" {
		if !first {
			return nil, badRequest("Ange en fråga (question=).")
		}
		return t.Questions()[0], nil
	}
	q := t.Question(id)
	if q == nil {
		return nil, notFound(fmt.Sprintf("Fråga %s i mallen för %d", id, t.Year))
	}
	return q, nil
}

// questionPickLabel names a question for a picker or heading.
func questionPickLabel(q *spec.Question) string {
	if q.ID == "övrigt" {
		return "Övriga medskick"
	}
	text := q.Text
	if r := []rune(text); len(r) > 90 {
		text = strings.TrimSpace(string(r[:88])) + " …"
	}
	return q.ID + " " + text
}

// questionTitle names a question in a heading: "fråga 3.1".
func questionTitle(q *spec.Question) string {
	if q.ID == "övrigt" {
		return "Övriga medskick"
	}
	return "fråga " + q.ID
}

type pickerGroup struct {
	Label   string
	Options []pickerOption
}

type pickerOption struct {
	ID, Label string
	Selected  bool
}

// questionPicker lists the template's questions by section (only those
// keep returns true for).
func questionPicker(t *spec.Template, selected string, keep func(*spec.Question) bool) []pickerGroup {
	var out []pickerGroup
	for _, sec := range t.Sections {
		g := pickerGroup{Label: sec.ID + ". " + sec.Title}
		if sec.ID == "övrigt" {
			g.Label = sec.Title
		}
		for i := range sec.Questions {
			q := &sec.Questions[i]
			if keep == nil || keep(q) {
				g.Options = append(g.Options, pickerOption{ID: q.ID, Label: questionPickLabel(q), Selected: q.ID == selected})
			}
		}
		if len(g.Options) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// answerBlock is one body's block on the compilation page.
type answerBlock struct {
	model.BodyAnswer
	Anchor, Href, StatusText, MissingText string
	HasAnswer                             bool
	Parts                                 []partView
	Choices                               []choiceView
	Table, RefTable                       *insatsTableView
	ReferringText, RefLabel, RefStatus    string
}

type choiceView struct{ Text, Answer, Explanation string }

type insatsTableView struct {
	Name, Caption string
	Columns       []string
	Rows          []model.Insats
}

func newInsatsTable(name string, columns []string, rows []model.Insats) *insatsTableView {
	if len(rows) == 0 {
		return nil
	}
	return &insatsTableView{Name: name, Caption: sv.Plural(len(rows), "insats", "insatser"), Columns: columns, Rows: rows}
}

type partView struct {
	Label, StatusText, Text string
	Chars                   int
}

func (s *Server) compilationRows(r *http.Request) (*spec.Template, *spec.Question, []model.BodyAnswer, error) {
	t, err := s.yearOf(r)
	if err != nil {
		return nil, nil, nil, err
	}
	q, err := questionOf(r, t, !strings.HasPrefix(r.URL.Path, "/api/"))
	if err != nil {
		return nil, nil, nil, err
	}
	rows, err := s.compiler.Question(r.Context(), t, q.ID)
	if errors.Is(err, compilation.ErrUnknownQuestion) {
		return nil, nil, nil, notFound("Frågan")
	}
	return t, q, rows, err
}

func (s *Server) compilationPage(w http.ResponseWriter, r *http.Request) error {
	t, q, rows, err := s.compilationRows(r)
	if err != nil {
		return err
	}
	counts := map[string]int{}
	var blocks []answerBlock
	for _, row := range rows {
		b := answerBlock{BodyAnswer: row, Anchor: "org-" + row.Organisation, StatusText: statusText[row.Status],
			MissingText: missingText(row.NoAnswer), HasAnswer: row.NoAnswer == ""}
		if row.SubmissionID > 0 {
			b.Href = fmt.Sprintf("/inlamning/%d#fraga-%s", row.SubmissionID, anchor(q.ID))
		}
		for _, p := range row.Parts {
			label := "Om nej: " + strings.TrimSuffix(q.Otherwise, ".")
			if p.Item > 0 && p.Item <= len(q.Items) {
				label = strings.TrimSuffix(q.Items[p.Item-1], ".")
			}
			b.Parts = append(b.Parts, partView{label, statusText[p.Status], p.Text, p.Chars})
		}
		b.Table = newInsatsTable(row.Name, t.InsatsColumns, row.Insatser)
		for _, c := range row.Choices {
			b.Choices = append(b.Choices, choiceView{strings.TrimRight(c.Text, "?"), choiceText(c), c.Explanation})
		}
		if ref := row.Reference; ref != nil {
			b.ReferringText, b.RefStatus = row.Text, statusText[ref.Status]
			if row.Comment != "" {
				b.ReferringText = row.Comment
			}
			b.RefTable = newInsatsTable(row.Name, t.InsatsColumns, ref.Insatser)
			b.RefLabel = "Hänvisar till en fråga som inte går att utläsa"
			if ref.Question != "" {
				b.RefLabel = "Hänvisar till fråga " + ref.Question
				if rq := t.Question(ref.Question); rq != nil {
					b.RefLabel = "Hänvisar till fråga " + questionPickLabel(rq)
				}
			}
		}
		switch {
		case row.NoAnswer == "":
			counts["answered"]++
		case row.NoAnswer == model.MissingReference:
			counts["reference"]++
		case row.Missing != "":
			counts["noreport"]++
		default:
			counts["unanswered"]++
		}
		blocks = append(blocks, b)
	}
	var summary []string
	for _, c := range []struct{ key, one, many string }{{"answered", "besvarad", "besvarade"}, {"reference", "hänvisning", "hänvisningar"},
		{"unanswered", "obesvarad", "obesvarade"}, {"noreport", "utan rapport", "utan rapport"}} {
		if counts[c.key] > 0 {
			summary = append(summary, sv.Plural(counts[c.key], c.one, c.many))
		}
	}
	data := map[string]any{"Nav": "sammanstallning", "Year": t.Year, "Years": s.Templates.Years(), "Q": q, "QTitle": questionTitle(q),
		"Picker": questionPicker(t, q.ID, nil), "Blocks": blocks, "Summary": sv.List(summary), "Columns": t.InsatsColumns,
		"Kind": q.Kind, "Answered": counts["answered"]}
	if l := t.LimitOf(q.ID); l != nil {
		chars, err := s.compiler.Chars(r.Context(), t)
		if err != nil {
			return err
		}
		data["Charts"] = limitCharts(t, chars, l)
	}
	return s.render(w, r, "compilation", data, fmt.Sprintf("Sammanställning %d – %s", t.Year, q.ID))
}

func (s *Server) apiCompilation(w http.ResponseWriter, r *http.Request) error {
	t, q, rows, err := s.compilationRows(r)
	if err != nil {
		return err
	}
	out := map[string]any{"year": t.Year, "question": q.ID, "text": q.Text, "kind": q.Kind, "rows": rows}
	if q.Kind == spec.KindInsatser {
		out["columns"] = t.InsatsColumns
	}
	writeJSONStatus(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiCharacters(w http.ResponseWriter, r *http.Request) error {
	t, err := s.yearOf(r)
	if err != nil {
		return err
	}
	rows, err := s.compiler.Chars(r.Context(), t)
	if err != nil {
		return err
	}
	var groups []map[string]any
	for _, l := range t.Limits {
		groups = append(groups, map[string]any{"label": l.Label(), "questions": l.Questions, "limit": l.Max})
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"year": t.Year, "groups": groups, "rows": rows})
	return nil
}
