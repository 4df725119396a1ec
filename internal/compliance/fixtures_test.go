package compliance

import (
	"cmp"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
)

// expectation is what a fixture's generator says the document was built to
// show (testdata/docx/*.expect.json, written by the scripts under
// testdata/make from what they wrote).
type expectation struct {
	Producer  string `json:"producer"`
	Purpose   string `json:"purpose"`
	Questions map[string]struct {
		Status     string `json:"status"`
		Chars      *int   `json:"chars"`
		StartsWith string `json:"starts_with"`
	} `json:"questions"`
	Insatser map[string]int `json:"insatser"`
	// Template is the year the document must be checked against (default
	// 2023), TemplateFrom how that year is found (default from the title).
	Template     string            `json:"template"`
	TemplateFrom string            `json:"template_from"`
	Choices      map[string]string `json:"choices"`
	Findings     []string          `json:"findings"`
}

// TestFixtures checks every real-producer fixture against what its
// generator recorded: statuses, character counts, insatser, choices and
// the set of finding codes. The templates are an explicit set (the 2023
// spec and the test-only 2024 spec): the year of every fixture is decided
// among both.
func TestFixtures(t *testing.T) {
	set := spectest.Set(t, 2023, 2024)
	files, err := filepath.Glob("../../testdata/docx/*.expect.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures found: %v", err)
	}
	for _, ef := range files {
		name := strings.TrimSuffix(filepath.Base(ef), ".expect.json")
		t.Run(name, func(t *testing.T) {
			var want expectation
			raw, err := os.ReadFile(ef)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatalf("%s: %v", ef, err)
			}
			data, err := os.ReadFile(strings.TrimSuffix(ef, ".expect.json") + ".docx")
			if err != nil {
				t.Fatal(err)
			}
			res, err := Check(data, Options{FileName: name + ".docx", Templates: set})
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			wantYear, wantFrom := cmp.Or(want.Template, "2023"), cmp.Or(want.TemplateFrom, YearTitle)
			if res.Template != wantYear || res.TemplateFrom != wantFrom {
				t.Errorf("checked against %s (from %s), want %s (from %s)", res.Template, res.TemplateFrom, wantYear, wantFrom)
			}
			tpl, err := set.Load(atoi(res.Template))
			if err != nil {
				t.Fatal(err)
			}
			choiceQ := ""
			for _, q := range tpl.Questions() {
				if q.Kind == spec.KindChoices {
					choiceQ = q.ID
				}
			}
			for id, wq := range want.Questions {
				got := res.Answer(id)
				if got == nil {
					t.Errorf("question %s: missing from result", id)
					continue
				}
				if wq.Status != "" && string(got.Status) != wq.Status {
					t.Errorf("question %s: status %s, want %s (text %.80q)", id, got.Status, wq.Status, got.Text)
				}
				if wq.Chars != nil && got.Chars != *wq.Chars {
					t.Errorf("question %s: %d chars, want %d", id, got.Chars, *wq.Chars)
				}
				if wq.StartsWith != "" && !strings.HasPrefix(norm30(got.Text), norm30(wq.StartsWith)) {
					t.Errorf("question %s: text starts %.40q, want %q", id, got.Text, wq.StartsWith)
				}
			}
			for q, n := range want.Insatser {
				found := false
				for _, it := range res.Insatser {
					if it.Question == q {
						found = true
						if it.Rows != n {
							t.Errorf("insatser %s: %d rows, want %d", q, it.Rows, n)
						}
					}
				}
				if !found {
					t.Errorf("insatser %s: no table in result", q)
				}
			}
			for item, ans := range want.Choices {
				for _, c := range res.Choices {
					if c.Question == choiceQ && itemString(c.Item) == item && c.Answer != ans {
						t.Errorf("%s item %s: %q (checked %v), want %q", choiceQ, item, c.Answer, c.Checked, ans)
					}
				}
			}
			if want.Findings != nil {
				var got []string
				for _, f := range res.Findings {
					if !slices.Contains(got, f.Code) {
						got = append(got, f.Code)
					}
				}
				wantCodes := slices.Clone(want.Findings)
				slices.Sort(wantCodes)
				wantCodes = slices.Compact(wantCodes)
				sort.Strings(got)
				if !slices.Equal(got, wantCodes) {
					t.Errorf("finding codes %v, want %v", got, wantCodes)
					for _, f := range res.Findings {
						t.Logf("  %s %s: %s", f.Code, f.Question, f.Message)
					}
				}
			}
		})
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func itemString(i int) string { return string(rune('0' + i)) }

func norm30(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 25 {
		return string(r[:25])
	}
	return s
}
