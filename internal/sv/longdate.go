package sv

import (
	"fmt"
	"time"
)

var months = [...]string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}

// LongDate is t's date in Stockholm as written in running text: "21
// februari 2024"; "" for the zero time.
func LongDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(Stockholm)
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}
