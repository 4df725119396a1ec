package spec

import (
	"time"
)

// The default intake window, when the spec does not give one: it opens on
// the day the template was published (Published), or, when that is not
// known either, on 1 September of the report year (the template is sent out
// in the autumn); it closes six months after the deadline, when late
// corrections have come in.
const (
	defaultOpensMonth   = time.September
	defaultClosesMonths = 6
)

func (t *Template) prepareIntake(loc *time.Location, bad func(string, ...any)) {
	day := func(field, s string) (time.Time, bool) {
		d, err := time.ParseInLocation("2006-01-02", s, loc)
		if err != nil {
			bad("%s %q: inget datum (ÅÅÅÅ-MM-DD): %v", field, s, err)
			return time.Time{}, false
		}
		return d, true
	}
	t.opens = time.Date(t.Year, defaultOpensMonth, 1, 0, 0, 0, 0, loc)
	if t.Published != "" {
		if d, ok := day("published", t.Published); ok {
			t.opens = d
		}
	}
	if t.Intake.Opens != "" {
		if d, ok := day("intake.opens", t.Intake.Opens); ok {
			t.opens = d
		}
	}
	t.closes = t.deadline.AddDate(0, defaultClosesMonths, 0)
	if t.Intake.Closes != "" {
		if d, ok := day("intake.closes", t.Intake.Closes); ok {
			t.closes = d.AddDate(0, 0, 1)
		}
	}
	if t.deadline.Year() > 1 && !t.opens.Before(t.closes) {
		bad("intake: inlämningsperioden öppnar %s, inte före den stänger %s", t.opens.Format("2006-01-02"), t.closes.Format("2006-01-02"))
	}
}

// Opens is the first instant of the intake window.
func (t *Template) Opens() time.Time { return t.opens }

// Closes is the first instant after the intake window (the window's last
// day counts whole).
func (t *Template) Closes() time.Time { return t.closes }

// InIntake tells whether the moment falls in the intake window.
func (t *Template) InIntake(at time.Time) bool {
	return !at.Before(t.opens) && at.Before(t.closes)
}
