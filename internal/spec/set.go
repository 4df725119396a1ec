package spec

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// Set is the templates a program run knows: the embedded ones and those
// from a templates directory. Code that needs a template takes a Set, so
// that what it does never depends on which spec files happen to exist.
type Set struct {
	ts      []*Template // oldest first, one per year
	sources map[int]string
}

// Source of an embedded spec.
const SourceEmbedded = "inbyggd"

// NewSet returns a set of the templates; a later template for a year
// replaces an earlier one.
func NewSet(ts ...*Template) *Set {
	s := &Set{sources: map[int]string{}}
	for _, t := range ts {
		s.put(t, SourceEmbedded)
	}
	return s
}

func (s *Set) put(t *Template, source string) {
	for i, old := range s.ts {
		if old.Year == t.Year {
			s.ts[i] = t
			s.sources[t.Year] = source
			return
		}
	}
	s.ts = append(s.ts, t)
	sort.Slice(s.ts, func(i, j int) bool { return s.ts[i].Year < s.ts[j].Year })
	s.sources[t.Year] = source
}

// Embedded returns the set of the embedded specs.
func Embedded() (*Set, error) {
	all, err := embedded()
	if err != nil {
		return nil, err
	}
	return NewSet(all...), nil
}

// ParseFile reads and validates one spec file.
func ParseFile(path string) (*Template, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	t, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return t, nil
}

// Override tells that a file in the templates directory replaced an
// embedded spec (or added a year).
type Override struct {
	Year     int
	File     string
	Replaced bool // an embedded spec for the year existed
}

// WithDir returns a copy of the set with every *.yaml file of dir added; a
// file for a year the set has replaces that spec. Every bad file is
// reported at once, and then no set is returned.
func (s *Set) WithDir(dir string) (*Set, []Override, error) {
	out := &Set{ts: append([]*Template(nil), s.ts...), sources: map[int]string{}}
	for y, src := range s.sources {
		out.sources[y] = src
	}
	names, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err == nil && len(names) == 0 {
		if _, serr := os.Stat(dir); serr != nil {
			err = serr
		}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("mallkatalogen %s: %w", dir, err)
	}
	sort.Strings(names)
	var errs []error
	var overrides []Override
	seen := map[int]string{}
	for _, name := range names {
		t, err := ParseFile(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if other, dup := seen[t.Year]; dup {
			errs = append(errs, fmt.Errorf("%s och %s är båda mallen för %d", filepath.Base(other), filepath.Base(name), t.Year))
			continue
		}
		seen[t.Year] = name
		_, replaced := out.Load(t.Year)
		overrides = append(overrides, Override{Year: t.Year, File: name, Replaced: replaced == nil})
		out.put(t, name)
	}
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}
	return out, overrides, nil
}

// Load returns the template of a report year.
func (s *Set) Load(year int) (*Template, error) {
	for _, t := range s.ts {
		if t.Year == year {
			return t, nil
		}
	}
	return nil, fmt.Errorf("%w: %d", ErrUnknownTemplate, year)
}

// All returns the templates, oldest first.
func (s *Set) All() []*Template { return append([]*Template(nil), s.ts...) }

// Years returns the report years, newest first (as year selectors list them).
func (s *Set) Years() []int {
	ys := make([]int, 0, len(s.ts))
	for i := len(s.ts) - 1; i >= 0; i-- {
		ys = append(ys, s.ts[i].Year)
	}
	return ys
}

// Newest returns the newest template, or nil for an empty set.
func (s *Set) Newest() *Template {
	if len(s.ts) == 0 {
		return nil
	}
	return s.ts[len(s.ts)-1]
}

// Source tells where a year's spec came from: SourceEmbedded or a file.
func (s *Set) Source(year int) string { return s.sources[year] }

// InIntake returns the template whose intake window contains the moment,
// the oldest first when windows overlap; nil when none does.
func (s *Set) InIntake(at time.Time) *Template {
	for _, t := range s.ts {
		if t.InIntake(at) {
			return t
		}
	}
	return nil
}

// ForReceived returns the template a message received at that moment
// belongs to when nothing else tells: the one whose intake window contains
// it (oldest first); else the newest whose window had opened by then; else
// the oldest.
func (s *Set) ForReceived(at time.Time) *Template {
	if t := s.InIntake(at); t != nil {
		return t
	}
	for i := len(s.ts) - 1; i >= 0; i-- {
		if !at.Before(s.ts[i].Opens()) {
			return s.ts[i]
		}
	}
	if len(s.ts) == 0 {
		return nil
	}
	return s.ts[0]
}

// DefaultYear is the year shown when none is asked for: the year whose
// intake window contains now (oldest first); else the latest of the years
// that have submissions and a template; else the newest template's.
// withSubmissions may be in any order.
func (s *Set) DefaultYear(now time.Time, withSubmissions []int) int {
	if t := s.InIntake(now); t != nil {
		return t.Year
	}
	best := 0
	for _, y := range withSubmissions {
		if _, err := s.Load(y); err == nil && y > best {
			best = y
		}
	}
	if best != 0 {
		return best
	}
	if t := s.Newest(); t != nil {
		return t.Year
	}
	return 0
}
