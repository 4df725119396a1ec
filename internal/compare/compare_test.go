package compare

import (
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
)

func TestLines(t *testing.T) {
	got := Lines("a\nb\nc", "a\nB\nc\nd")
	want := []Line{{' ', "a"}, {'+', "B"}, {'-', "b"}, {' ', "c"}, {'+', "d"}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d: %v, want %v", i, got[i], want[i])
		}
	}
}

func TestResults(t *testing.T) {
	before := &model.Result{Questions: []model.Answer{{ID: "1.1", Status: model.Answered, Text: "x", Chars: 1}, {ID: "1.2", Status: model.Unanswered}}}
	now := &model.Result{Questions: []model.Answer{{ID: "1.1", Status: model.Answered, Text: "x", Chars: 1}, {ID: "1.2", Status: model.Answered, Text: "nytt", Chars: 4}}}
	qs := Results(before, now)
	if qs[0].Changed || !qs[1].Changed || qs[1].CharsBefore != 0 || qs[1].CharsNow != 4 || len(qs[1].Lines) != 1 || qs[1].Lines[0].Op != '+' {
		t.Errorf("got %+v", qs)
	}
}
