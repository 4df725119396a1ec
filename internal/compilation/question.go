package compilation

import (
	"context"
	"errors"
	"fmt"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// ErrUnknownQuestion is returned for a question the template does not have.
var ErrUnknownQuestion = errors.New("no such question in the template")

// Question returns every body's answer to a question of the template's
// year: the bodies with an answer first, then those that only refer to
// another answer (with the answer referred to), those that leave it
// unanswered, and those without a report; each in list order.
func (c *Compiler) Question(ctx context.Context, t *spec.Template, id string) ([]model.BodyAnswer, error) {
	q := t.Question(id)
	if q == nil {
		return nil, fmt.Errorf("compilation %d: question %q: %w", t.Year, id, ErrUnknownQuestion)
	}
	bodies, err := c.Bodies(ctx, t.Year)
	if err != nil {
		return nil, err
	}
	rs := runs(bodies)
	answers, extras, err := c.answers(ctx, rs, id)
	if err != nil {
		return nil, err
	}
	rows := make([]model.BodyAnswer, len(bodies))
	for i, b := range bodies {
		rows[i] = model.BodyAnswer{Body: b, Question: id, NoAnswer: b.Missing}
		if b.Run == 0 {
			continue
		}
		a, x := answers[b.Run], extras[b.Run]
		rows[i].Status, rows[i].Chars, rows[i].Text = a.Status, a.Chars, a.Text
		rows[i].Parts, rows[i].Comment = x.parts[id], x.comments[id]
		rows[i].NoAnswer = missing(a.Status, x.notFound[id])
	}
	if err := c.fill(ctx, t, q, rs, rows); err != nil {
		return nil, err
	}
	if err := c.follow(ctx, t, rows); err != nil {
		return nil, err
	}
	sortMissingLast(rows)
	return rows, nil
}

// answers returns the runs' answers to a question (unanswered where none
// is stored) and the runs' extras.
func (c *Compiler) answers(ctx context.Context, rs []int64, id string) (map[int64]store.RunAnswer, map[int64]*extra, error) {
	stored, err := c.Store.RunAnswers(ctx, rs, []string{id})
	if err != nil {
		return nil, nil, err
	}
	extras, err := c.extras(ctx, rs)
	if err != nil {
		return nil, nil, err
	}
	out := make(map[int64]store.RunAnswer, len(rs))
	for _, r := range rs {
		out[r] = store.RunAnswer{Run: r, Question: id, Status: model.Unanswered}
	}
	for _, a := range stored {
		out[a.Run] = a
	}
	for _, r := range rs {
		if extras[r] == nil {
			extras[r] = extraOf(&model.Result{})
		}
	}
	return out, extras, nil
}

// missing tells why an answer is not one (or "").
func missing(status model.Status, notFound bool) string {
	switch {
	case notFound && status != model.Answered:
		return model.MissingNotFound
	case status == model.Unanswered:
		return model.MissingUnanswered
	case status == model.Placeholder:
		return model.MissingPlaceholder
	case status == model.Reference:
		return model.MissingReference
	}
	return ""
}

// fill adds what the question's kind has beyond text: the insats rows, or
// the Ja/Nej items with their explanations.
func (c *Compiler) fill(ctx context.Context, t *spec.Template, q *spec.Question, rs []int64, rows []model.BodyAnswer) error {
	switch q.Kind {
	case spec.KindInsatser:
		ins, err := c.insatser(ctx, rs, q.ID)
		if err != nil {
			return err
		}
		for i := range rows {
			rows[i].Insatser = ins[rows[i].Run]
		}
	case spec.KindChoices:
		choices, err := c.choices(ctx, t, q, rs)
		if err != nil {
			return err
		}
		for i := range rows {
			if rows[i].Run > 0 {
				rows[i].Choices = choices[rows[i].Run].Choices
			}
		}
	}
	return nil
}

// insatser returns the rows of one question's insats tables, by run.
func (c *Compiler) insatser(ctx context.Context, rs []int64, question string) (map[int64][]model.Insats, error) {
	rows, err := c.Store.RunInsatser(ctx, rs, question)
	if err != nil {
		return nil, err
	}
	out := map[int64][]model.Insats{}
	for _, r := range rows {
		out[r.Run] = append(out[r.Run], model.Insats{Cells: r.Cells, Empty: r.Empty})
	}
	return out, nil
}

// follow gives every referring answer the answer it refers to: one set of
// queries per question referred to, whichever bodies refer to it. A
// reference is followed one step; when that answer refers on, its status
// says so.
func (c *Compiler) follow(ctx context.Context, t *spec.Template, rows []model.BodyAnswer) error {
	targets := map[string][]*model.BodyAnswer{}
	for i := range rows {
		r := &rows[i]
		if r.Status != model.Reference {
			continue
		}
		text := r.Text
		if r.Comment != "" {
			text = r.Comment
		}
		id := ReferencedQuestion(t, r.Question, text)
		r.Reference = &model.ReferencedAnswer{Question: id}
		if id != "" {
			targets[id] = append(targets[id], r)
		}
	}
	for id, refs := range targets {
		var rs []int64
		for _, r := range refs {
			rs = append(rs, r.Run)
		}
		answers, extras, err := c.answers(ctx, rs, id)
		if err != nil {
			return err
		}
		var ins map[int64][]model.Insats
		if t.Question(id).Kind == spec.KindInsatser {
			if ins, err = c.insatser(ctx, rs, id); err != nil {
				return err
			}
		}
		for _, r := range refs {
			a := answers[r.Run]
			*r.Reference = model.ReferencedAnswer{Question: id, Status: a.Status, Chars: a.Chars, Text: a.Text,
				Insatser: ins[r.Run], Comment: extras[r.Run].comments[id]}
		}
	}
	return nil
}
