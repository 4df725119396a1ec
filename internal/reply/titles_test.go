package reply

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
)

// TestGroupTitlesEveryQuestion: a finding on every question of every
// template year (configs/templates and the test-only testdata/templates)
// gets a group title that names the question once: "Fråga 2.1 – Beskriv
// …", "Övriga medskick", never a doubled lead nor "Fråga övrigt".
func TestGroupTitlesEveryQuestion(t *testing.T) {
	var names []string
	for _, dir := range []string{"configs/templates", "testdata/templates"} {
		n, _ := filepath.Glob(filepath.Join(spectest.Root(), dir, "*.yaml"))
		names = append(names, n...)
	}
	if len(names) < 2 {
		t.Fatalf("templates: %v", names)
	}
	for _, name := range names {
		tpl, err := spec.ParseFile(name)
		if err != nil {
			t.Fatal(err)
		}
		in := input(t)
		in.Template = tpl
		for _, q := range tpl.Questions() {
			in.Result.Findings = append(in.Result.Findings, f("unanswered", q.ID, "Frågan är inte besvarad."))
		}
		gs := Groups(in)
		if len(gs) != len(tpl.Questions()) {
			t.Fatalf("%d: %d groups for %d questions", tpl.Year, len(gs), len(tpl.Questions()))
		}
		for _, g := range gs {
			if w, bad := spec.DoubledLead(g.Title); bad {
				t.Errorf("%d %s: title %q says %q twice", tpl.Year, g.Question, g.Title, w)
			}
			if strings.Contains(g.Title, "Fråga övrigt") || strings.HasSuffix(g.Title, " ") {
				t.Errorf("%d %s: title %q", tpl.Year, g.Question, g.Title)
			}
			if q := tpl.Question(g.Question); q.Numbered() && !strings.HasPrefix(g.Title, "Fråga "+q.ID+" – ") {
				t.Errorf("%d %s: title %q", tpl.Year, g.Question, g.Title)
			}
		}
		if last := gs[len(gs)-1]; last.Title != "Övriga medskick" {
			t.Errorf("%d: last group %q", tpl.Year, last.Title)
		}
	}
}
