package testenv

import (
	"strings"
	"testing"
)

func TestSummary(t *testing.T) {
	if Summary("p") != "" {
		t.Fatal("a line before any skip")
	}
	t.Run("a", func(t *testing.T) { Skip(t, "no tool: apt-get install tool") })
	t.Run("b", func(t *testing.T) { Skip(t, "no tool: apt-get install tool") })
	t.Run("c", func(t *testing.T) { Skip(t, "not root") })
	got := Summary("internal/x")
	want := "SKIP internal/x: 3 integration test(s) skipped: TestSummary/a, TestSummary/b (no tool: apt-get install tool); TestSummary/c (not root)\n"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if strings.Count(got, "\n") != 1 {
		t.Error("not one line")
	}
	mu.Lock()
	skipped = map[string][]string{}
	mu.Unlock()
}
