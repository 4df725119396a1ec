package specimport

import (
	"fmt"
	"strconv"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/spec"
)

// Lint compares a valid spec with the template text it holds and returns,
// in Swedish, every place where they disagree: the title's year, the
// deadline's year, "Ange max fem insatser" against max_insatser, each
// "Observera! Maximalt antal tecken …" against the limit groups, and free
// text questions without a limit.
func Lint(t *spec.Template) []string {
	var notes []string
	note := func(format string, args ...any) { notes = append(notes, fmt.Sprintf(format, args...)) }
	if m := reTitleYear().FindStringSubmatch(t.Title); m == nil || m[1] != strconv.Itoa(t.Year) {
		note("Rubriken %q anger inte året %d.", t.Title, t.Year)
	}
	if d, err := time.Parse("2006-01-02", t.Deadline.Date); err == nil && (d.Year() < t.Year || d.Year() > t.Year+1) {
		note("Sista dag för inlämning (%s) ligger inte i %d eller %d.", t.Deadline.Date, t.Year, t.Year+1)
	}
	for _, q := range t.Questions() {
		if q.Kind != spec.KindInsatser {
			continue
		}
		if n, ok := MaxInsatser(q.Text); ok && n != t.MaxInsatser {
			note("Fråga %s säger högst %d insatser, men max_insatser är %d.", q.ID, n, t.MaxInsatser)
		}
	}
	stated := map[string]bool{}
	for _, s := range t.Sections {
		for _, in := range s.Intro {
			for _, l := range Limits(in) {
				label := l.From
				if l.To != "" {
					label += "–" + l.To
				}
				stated[label] = true
				lim := findLimit(t, label)
				switch {
				case lim == nil:
					note("Avsnitt %s anger en teckengräns för %s (%d), men ingen teckengräns i limits gäller just de frågorna.", s.ID, label, l.Max)
				case lim.Max != l.Max:
					note("Avsnitt %s anger %d tecken för %s, men limits säger %d.", s.ID, l.Max, label, lim.Max)
				}
			}
		}
	}
	for _, l := range t.Limits {
		if !stated[l.Label()] {
			note("Teckengränsen för %s (%d) står inte i något avsnitts inledning.", l.Label(), l.Max)
		}
	}
	for _, q := range t.Questions() {
		if q.Kind == spec.KindText && !q.Optional && t.LimitOf(q.ID) == nil {
			note("Fråga %s har ingen teckengräns.", q.ID)
		}
	}
	return notes
}

func findLimit(t *spec.Template, label string) *spec.Limit {
	for i := range t.Limits {
		if t.Limits[i].Label() == label {
			return &t.Limits[i]
		}
	}
	return nil
}
