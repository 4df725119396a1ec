package spec_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
)

// allTemplates is every template year in configs/templates and the
// test-only testdata/templates.
func allTemplates(t *testing.T) []*spec.Template {
	t.Helper()
	var out []*spec.Template
	for _, dir := range []string{"configs/templates", "testdata/templates"} {
		names, err := filepath.Glob(filepath.Join(spectest.Root(), dir, "*.yaml"))
		if err != nil || len(names) == 0 {
			t.Fatalf("%s: no templates (%v)", dir, err)
		}
		for _, name := range names {
			tpl, err := spec.ParseFile(name)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, tpl)
		}
	}
	return out
}

// TestTitlesNotDoubled: no heading, label or part label of any question of
// any template says its first words twice, and no question repeats its
// section's heading (the doubled "Om nej: Om nej, …" and "Övriga medskick"
// shown twice).
func TestTitlesNotDoubled(t *testing.T) {
	for _, tpl := range allTemplates(t) {
		for _, sec := range tpl.Sections {
			if w, bad := spec.DoubledLead(sec.Heading()); bad {
				t.Errorf("%d section %s: heading %q says %q twice", tpl.Year, sec.ID, sec.Heading(), w)
			}
		}
		for _, q := range tpl.Questions() {
			texts := map[string]string{
				"label":       q.Label(),
				"heading":     q.Heading(),
				"short title": q.ShortTitle(90),
				// what a page shows: the section's heading, then the question's
				"section and question": q.Section.Heading() + " " + q.Heading(),
				"label and title":      q.Label() + " – " + q.ShortTitle(90),
			}
			if q.Kind == spec.KindExplanations {
				for i := range len(q.Items) + 1 {
					texts["part label"] += q.PartLabel(i) + "\n"
					if w, bad := spec.DoubledLead(q.PartLabel(i)); bad {
						t.Errorf("%d %s: part %d label %q says %q twice", tpl.Year, q.ID, i, q.PartLabel(i), w)
					}
				}
			}
			for what, s := range texts {
				if w, bad := spec.DoubledLead(s); bad {
					t.Errorf("%d %s: %s %q says %q twice", tpl.Year, q.ID, what, s, w)
				}
			}
			if h := q.Heading(); h != "" && strings.EqualFold(h, q.Section.Title) {
				t.Errorf("%d %s: the question's heading repeats its section's %q", tpl.Year, q.ID, h)
			}
			if q.Label() == "" || strings.HasSuffix(q.Label(), " ") {
				t.Errorf("%d %s: label %q", tpl.Year, q.ID, q.Label())
			}
		}
	}
}

func TestTitles(t *testing.T) {
	tpl := spectest.Template(t, 2023)
	for _, tc := range []struct{ id, label, heading, short string }{
		{"1.1", "Fråga 1.1", "1.1 Beskriv hur det strategiskt viktigaste arbetet med den regionala utvecklingsstrategin och samordningen av insatser för genomförandet har bedrivits.",
			"Beskriv hur det strategiskt viktigaste arbetet med den regionala utvecklingsstrategin …"},
		{"3.4", "Fråga 3.4", "3.4 Ge exempel på insatser som har genomförts eller initierats. Ange max fem insatser och fyll i tabellen nedan:", "Ge exempel på insatser som har genomförts eller initierats."},
		{"10.3", "Fråga 10.3", "10.3 Har anslaget bidragit till att nå målen i", "Har anslaget bidragit till att nå målen i …"},
		{"övrigt", "Övriga medskick", "", ""},
	} {
		q := tpl.Question(tc.id)
		if q.Label() != tc.label || q.Heading() != tc.heading || q.ShortTitle(90) != tc.short {
			t.Errorf("%s: %q / %q / %q", tc.id, q.Label(), q.Heading(), q.ShortTitle(90))
		}
	}
	q := tpl.Question("10.4")
	if got := q.PartLabel(0); got != "Om nej, beskriv varför anslaget inte har bidragit till att nå målen" {
		t.Errorf("Om nej part: %q", got)
	}
	if got := q.PartLabel(2); got != "nationellt och regionala program för Europeiska regionala utvecklingsfonden" {
		t.Errorf("part 2: %q", got)
	}
	if got := (&spec.Question{Otherwise: "Beskriv varför inte."}).PartLabel(0); got != "Om nej: Beskriv varför inte" {
		t.Errorf("otherwise without its lead: %q", got)
	}
	if h := tpl.Sections[len(tpl.Sections)-1].Heading(); h != "Övriga medskick" {
		t.Errorf("last section heading %q", h)
	}
	if h := tpl.Sections[0].Heading(); h != "1. Den regionala utvecklingsstrategin" {
		t.Errorf("first section heading %q", h)
	}
	for _, tc := range []struct {
		s    string
		bad  bool
		word string
	}{
		{"Om nej: Om nej, beskriv varför", true, "om nej"},
		{"Övriga medskick Övriga medskick", true, "övriga medskick"},
		{"Fråga fråga 1", true, "fråga"},
		{"Om nej, beskriv varför", false, ""},
		{"1. Den regionala 1.1 Beskriv", false, ""},
	} {
		if w, bad := spec.DoubledLead(tc.s); bad != tc.bad || w != tc.word {
			t.Errorf("DoubledLead(%q) = %q, %v", tc.s, w, bad)
		}
	}
}
