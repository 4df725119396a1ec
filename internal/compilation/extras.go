package compilation

import (
	"context"
	"sync"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
)

// extra is what a check run's stored result holds beyond the answers,
// insats rows and choices tables: whether each heading was found, the
// parts of answers given in parts, which boxes were checked, and the text
// beside insats tables. A check run never changes, so it is read from the
// result once and kept (reading the results' JSON, in Go or in SQLite,
// costs far more than the tables).
type extra struct {
	notFound map[string]bool
	parts    map[string][]model.Part
	choices  []model.Choice
	comments map[string]string
}

// maxCached bounds the kept runs: far more than the current versions of
// a few years; past it the cache starts over.
const maxCached = 4096

type extraCache struct {
	mu   sync.Mutex
	runs map[int64]*extra
}

// extras returns the extras of the runs, reading those not kept in one query.
func (c *Compiler) extras(ctx context.Context, runs []int64) (map[int64]*extra, error) {
	out := make(map[int64]*extra, len(runs))
	var todo []int64
	c.cache.mu.Lock()
	for _, r := range runs {
		if x, ok := c.cache.runs[r]; ok {
			out[r] = x
		} else {
			todo = append(todo, r)
		}
	}
	c.cache.mu.Unlock()
	if len(todo) == 0 {
		return out, nil
	}
	results, err := c.Store.RunResults(ctx, todo)
	if err != nil {
		return nil, err
	}
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	if c.cache.runs == nil || len(c.cache.runs)+len(results) > maxCached {
		c.cache.runs = map[int64]*extra{}
	}
	for run, res := range results {
		x := extraOf(res)
		c.cache.runs[run], out[run] = x, x
	}
	return out, nil
}

func extraOf(res *model.Result) *extra {
	x := &extra{notFound: map[string]bool{}, parts: map[string][]model.Part{}, choices: res.Choices, comments: map[string]string{}}
	for _, a := range res.Questions {
		if !a.Found {
			x.notFound[a.ID] = true
		}
		if len(a.Parts) > 0 {
			x.parts[a.ID] = a.Parts
		}
	}
	for _, t := range res.Insatser {
		if t.Comment != "" {
			x.comments[t.Question] = t.Comment
		}
	}
	return x
}
