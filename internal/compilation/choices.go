package compilation

import (
	"context"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
)

// Choices returns the choices matrix of every Ja/Nej question of the
// template (one for the 2023 template: 10.3), a row per body in list order.
func (c *Compiler) Choices(ctx context.Context, t *spec.Template) ([]model.ChoiceMatrix, error) {
	bodies, err := c.Bodies(ctx, t.Year)
	if err != nil {
		return nil, err
	}
	rs := runs(bodies)
	var out []model.ChoiceMatrix
	for _, q := range t.Questions() {
		if q.Kind != spec.KindChoices {
			continue
		}
		m := model.ChoiceMatrix{Question: q.ID, Text: q.Text, Items: q.Items}
		if e := explanationsOf(t, q); e != nil {
			m.Explanations = e.ID
		}
		byRun, err := c.choices(ctx, t, q, rs)
		if err != nil {
			return nil, err
		}
		for _, b := range bodies {
			row := byRun[b.Run]
			row.Body = b
			if b.Run == 0 {
				row = model.ChoiceRow{Body: b}
			}
			m.Rows = append(m.Rows, row)
		}
		out = append(out, m)
	}
	return out, nil
}

// explanationsOf returns the question that explains a choices question, or nil.
func explanationsOf(t *spec.Template, q *spec.Question) *spec.Question {
	for _, e := range t.Questions() {
		if e.Kind == spec.KindExplanations && e.Explains == q.ID {
			return e
		}
	}
	return nil
}

// choices returns, by run, a choices question's items as answered, each
// with its explanation, and the "Om nej" text.
func (c *Compiler) choices(ctx context.Context, t *spec.Template, q *spec.Question, rs []int64) (map[int64]model.ChoiceRow, error) {
	extras, err := c.extras(ctx, rs)
	if err != nil {
		return nil, err
	}
	e := explanationsOf(t, q)
	out := map[int64]model.ChoiceRow{}
	for _, run := range rs {
		x := extras[run]
		if x == nil {
			x = extraOf(&model.Result{})
		}
		byItem := map[int]model.Choice{}
		for _, ch := range x.choices {
			if ch.Question == q.ID {
				byItem[ch.Item] = ch
			}
		}
		var row model.ChoiceRow
		explained := map[int]string{}
		if e != nil {
			for _, p := range x.parts[e.ID] {
				if p.Item == 0 {
					row.Otherwise = p.Text
				} else {
					explained[p.Item] = p.Text
				}
			}
		}
		for i, text := range q.Items {
			ch := byItem[i+1]
			ca := model.ChoiceAnswer{Item: i + 1, Text: text, Answer: ch.Answer, Checked: ch.Checked}
			if ca.Checked == nil {
				ca.Checked = []string{}
			}
			switch ch.Answer {
			case "ja":
				ca.Explanation = explained[i+1]
			case "nej":
				ca.Explanation = row.Otherwise
			}
			row.Choices = append(row.Choices, ca)
		}
		out[run] = row
	}
	return out, nil
}
