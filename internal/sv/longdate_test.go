package sv

import (
	"testing"
	"time"
)

func TestLongDate(t *testing.T) {
	for _, c := range []struct {
		in   time.Time
		want string
	}{
		{time.Date(2024, 2, 21, 12, 0, 0, 0, Stockholm), "21 februari 2024"},
		{time.Date(2024, 2, 21, 23, 30, 0, 0, time.UTC), "22 februari 2024"}, // past midnight in Stockholm
		{time.Date(2025, 1, 1, 0, 0, 0, 0, Stockholm), "1 januari 2025"},
		{time.Date(2024, 12, 31, 0, 0, 0, 0, Stockholm), "31 december 2024"},
		{time.Date(2024, 5, 9, 0, 0, 0, 0, Stockholm), "9 maj 2024"},
		{time.Time{}, ""},
	} {
		if got := LongDate(c.in); got != c.want {
			t.Errorf("LongDate(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}
