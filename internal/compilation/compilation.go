// Package compilation is the national picture of a report year: every
// body's current report side by side. For a question it gives each of the
// 21 bodies' answer (following an answer that only refers to another);
// it also gives every insats row of every current report, the Ja/Nej
// choices matrix and the characters per limit group per body. Pages, the
// JSON API and the exports all read it, as the types of internal/model.
//
// Every view is a handful of queries over the latest check runs of the
// year's current versions, however many bodies there are.
package compilation

import (
	"context"
	"regexp"
	"slices"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// Compiler reads the compilation from the store.
type Compiler struct {
	Store *store.Store
	Orgs  *orgs.List
	cache extraCache
}

// New returns a compiler over the store for the bodies of list.
func New(st *store.Store, list *orgs.List) *Compiler {
	if list == nil {
		list = orgs.Default()
	}
	return &Compiler{Store: st, Orgs: list}
}

// Bodies returns every body of the list, in its order, with its current
// version of the year, if any.
func (c *Compiler) Bodies(ctx context.Context, year int) ([]model.Body, error) {
	reports, err := c.Store.YearReports(ctx, year)
	if err != nil {
		return nil, err
	}
	out := make([]model.Body, 0, len(c.Orgs.All))
	for _, o := range c.Orgs.All {
		b := model.Body{Organisation: o.ID, Name: o.Name, Missing: model.MissingNotReceived}
		if r, ok := reports[o.ID]; ok {
			b.Missing = model.MissingNoReport
			if r.State == model.StateCurrent && r.Run > 0 {
				at := r.Received
				b.SubmissionID, b.Version, b.Received, b.Run, b.Missing = r.Submission, r.Version, &at, r.Run, ""
			}
		}
		out = append(out, b)
	}
	return out, nil
}

// runs lists the bodies' check runs (bodies without a report have none).
func runs(bodies []model.Body) []int64 {
	var out []int64
	for _, b := range bodies {
		if b.Run > 0 {
			out = append(out, b.Run)
		}
	}
	return out
}

// questionRef finds the question a referring text names: the first
// number of the form "3.1" (or "10.4", not "3.1.2") that is a question of
// the template other than the referring one.
var questionRef = regexp.MustCompile(`(?:^|[^\d.])(\d{1,2}\.\d{1,2})(\.\d+)?(?:$|[^\d])`)

// ReferencedQuestion returns the question of the template that a
// referring answer to question self names, or "".
func ReferencedQuestion(t *spec.Template, self, text string) string {
	for _, m := range questionRef.FindAllStringSubmatch(text, -1) {
		if id := m[1]; m[2] == "" && id != self && t.Question(id) != nil {
			return id
		}
	}
	return ""
}

// sortMissingLast puts the bodies with an answer first, then those that
// refer to another answer, then those that leave it unanswered, then those
// without a report; each in list order.
func sortMissingLast(rows []model.BodyAnswer) {
	rank := func(r model.BodyAnswer) int {
		switch r.NoAnswer {
		case "":
			return 0
		case model.MissingReference:
			return 1
		case model.MissingNotReceived, model.MissingNoReport:
			return 3
		}
		return 2
	}
	slices.SortStableFunc(rows, func(a, b model.BodyAnswer) int { return rank(a) - rank(b) })
}
