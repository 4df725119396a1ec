package compilation

import (
	"context"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
)

// Insatser returns every insats row of every current report of the year:
// by body in list order, then by question in template order, then row.
// The column headers are the template's InsatsColumns.
func (c *Compiler) Insatser(ctx context.Context, t *spec.Template) ([]model.InsatsRow, error) {
	bodies, err := c.Bodies(ctx, t.Year)
	if err != nil {
		return nil, err
	}
	stored, err := c.Store.RunInsatser(ctx, runs(bodies), "")
	if err != nil {
		return nil, err
	}
	order := map[string]int{}
	for i, q := range t.Questions() {
		order[q.ID] = i
	}
	byRun := map[int64][]model.InsatsRow{}
	for _, r := range stored {
		byRun[r.Run] = append(byRun[r.Run], model.InsatsRow{Question: r.Question, Row: r.Row, Cells: r.Cells, Empty: r.Empty})
	}
	var out []model.InsatsRow
	for _, b := range bodies {
		rows := byRun[b.Run]
		sortRows(rows, order)
		for _, r := range rows {
			r.Organisation, r.Name, r.SubmissionID = b.Organisation, b.Name, b.SubmissionID
			out = append(out, r)
		}
	}
	return out, nil
}

// sortRows orders one body's rows by the question's place in the template
// (the store orders question ids as text: "10.1" before "3.4"), then row.
func sortRows(rows []model.InsatsRow, order map[string]int) {
	for i := 1; i < len(rows); i++ {
		for j := i; j > 0 && less(rows[j], rows[j-1], order); j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
		}
	}
}

func less(a, b model.InsatsRow, order map[string]int) bool {
	if oa, ob := order[a.Question], order[b.Question]; oa != ob {
		return oa < ob
	}
	return a.Row < b.Row
}

// Chars returns every body's characters per limit group of the template.
func (c *Compiler) Chars(ctx context.Context, t *spec.Template) ([]model.BodyChars, error) {
	bodies, err := c.Bodies(ctx, t.Year)
	if err != nil {
		return nil, err
	}
	chars, err := c.Store.RunChars(ctx, runs(bodies))
	if err != nil {
		return nil, err
	}
	out := make([]model.BodyChars, len(bodies))
	for i, b := range bodies {
		out[i] = model.BodyChars{Body: b, Limits: []model.LimitUse{}}
		if b.Run == 0 {
			continue
		}
		for _, l := range t.Limits {
			u := model.LimitUse{Questions: l.Questions, Limit: l.Max}
			for _, q := range l.Questions {
				u.Chars += chars[b.Run][q]
			}
			u.Exceeded = u.Chars > l.Max
			out[i].Limits = append(out[i].Limits, u)
		}
	}
	return out, nil
}

// Reports returns every body's answers to every question of the template
// (status, characters, text; Found and Parts are not read), for a table
// of all questions at once.
func (c *Compiler) Reports(ctx context.Context, t *spec.Template) ([]model.BodyReport, error) {
	bodies, err := c.Bodies(ctx, t.Year)
	if err != nil {
		return nil, err
	}
	stored, err := c.Store.RunAnswers(ctx, runs(bodies), nil)
	if err != nil {
		return nil, err
	}
	byRun := map[int64]map[string]model.Answer{}
	for _, a := range stored {
		if byRun[a.Run] == nil {
			byRun[a.Run] = map[string]model.Answer{}
		}
		byRun[a.Run][a.Question] = model.Answer{ID: a.Question, Status: a.Status, Chars: a.Chars, Text: a.Text}
	}
	out := make([]model.BodyReport, len(bodies))
	for i, b := range bodies {
		out[i] = model.BodyReport{Body: b, Answers: []model.Answer{}}
		if b.Run == 0 {
			continue
		}
		for _, q := range t.Questions() {
			a, ok := byRun[b.Run][q.ID]
			if !ok {
				a = model.Answer{ID: q.ID, Status: model.Unanswered}
			}
			out[i].Answers = append(out[i].Answers, a)
		}
	}
	return out, nil
}
