package sv

import (
	"testing"
	"time"
)

func TestInt(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0"}, {7, "7"}, {999, "999"}, {4500, "4\u202f500"}, {12500, "12\u202f500"}, {3144, "3\u202f144"},
		{58485, "58\u202f485"}, {1000000, "1\u202f000\u202f000"}, {-12500, "\u221212\u202f500"}, {100000, "100\u202f000"}} {
		if got := Int(c.n); got != c.want {
			t.Errorf("Int(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

func TestTime(t *testing.T) {
	for _, c := range []struct {
		in   time.Time
		want string
	}{
		{time.Date(2024, 2, 21, 23, 3, 0, 0, time.UTC), "2024-02-22 kl. 00.03"},  // winter: UTC+1
		{time.Date(2024, 6, 30, 22, 15, 0, 0, time.UTC), "2024-07-01 kl. 00.15"}, // summer: UTC+2
		{time.Time{}, ""},
	} {
		if got := Time(c.in); got != c.want {
			t.Errorf("Time(%v) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := Date(time.Date(2024, 2, 21, 23, 3, 0, 0, time.UTC)); got != "2024-02-22" {
		t.Errorf("Date = %q", got)
	}
	if TimePtr(nil) != "" {
		t.Error("TimePtr(nil) not empty")
	}
}

func TestPluralAndCounts(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{Plural(1, "varning", "varningar"), "1 varning"},
		{Plural(2, "varning", "varningar"), "2 varningar"},
		{Plural(0, "varning", "varningar"), "0 varningar"},
		{Plural(4500, "tecken", "tecken"), "4\u202f500 tecken"},
		{Counts(1, 1, 1), "1 fel, 1 varning, 1 tips"},
		{Counts(2, 3, 0), "2 fel, 3 varningar, 0 tips"},
		{Late(1), "Inkom 1 dag för sent"},
		{Late(3), "Inkom 3 dagar för sent"},
		{Late(0), "Inkom i tid"},
		{Source("imap"), "e-post (IMAP)"},
		{Source("file"), "fil"},
		{Actor("ingest"), "systemet"},
		{Actor("poller"), "systemet"},
		{Actor("anna"), "anna"},
		{List([]string{"1", "3", "5"}), "1, 3 och 5"},
		{List([]string{"1", "3"}), "1 och 3"},
		{List([]string{"1"}), "1"},
		{LowerFirst("Återrapportering av villkorsbeslut"), "återrapportering av villkorsbeslut"},
		{Bytes(58485), "58\u202f485 byte"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestDaysLate(t *testing.T) {
	lateAfter := time.Date(2024, 2, 22, 0, 0, 0, 0, Stockholm) // last day 21 February
	for _, c := range []struct {
		in   time.Time
		want int
	}{
		{time.Date(2024, 2, 21, 23, 59, 0, 0, Stockholm), 0},
		{time.Date(2024, 2, 22, 0, 3, 0, 0, Stockholm), 1},
		{time.Date(2024, 2, 22, 23, 59, 0, 0, Stockholm), 1},
		{time.Date(2024, 2, 24, 10, 0, 0, 0, Stockholm), 3},
		{time.Date(2024, 3, 31, 12, 0, 0, 0, Stockholm), 39}, // across the change to summer time
	} {
		if got := DaysLate(c.in, lateAfter); got != c.want {
			t.Errorf("DaysLate(%v) = %d, want %d", c.in, got, c.want)
		}
	}
}
