package spec_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
)

func at(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 12, 0, 0, 0, spectest.Stockholm)
}

func TestIntakeWindowDefaults(t *testing.T) {
	t23 := spectest.Template(t, 2023)
	// no published/intake in the spec: 1 September of the report year to
	// six months after the deadline (21 February 2024 → 21 August 2024, inclusive)
	if got, want := t23.Opens(), time.Date(2023, 9, 1, 0, 0, 0, 0, spectest.Stockholm); !got.Equal(want) {
		t.Errorf("2023 opens %v, want %v", got, want)
	}
	if got, want := t23.Closes(), time.Date(2024, 8, 22, 0, 0, 0, 0, spectest.Stockholm); !got.Equal(want) {
		t.Errorf("2023 closes %v, want %v", got, want)
	}
	base, _ := os.ReadFile(spectest.Path(2023))
	tests := []struct {
		name, extra   string
		opens, closes time.Time
	}{
		{"published", "published: \"2023-10-16\"\n", time.Date(2023, 10, 16, 0, 0, 0, 0, spectest.Stockholm), time.Date(2024, 8, 22, 0, 0, 0, 0, spectest.Stockholm)},
		{"explicit", "published: \"2023-10-16\"\nintake: {opens: \"2023-11-01\", closes: \"2024-12-31\"}\n", time.Date(2023, 11, 1, 0, 0, 0, 0, spectest.Stockholm), time.Date(2025, 1, 1, 0, 0, 0, 0, spectest.Stockholm)},
	}
	for _, tc := range tests {
		tpl, err := spec.Parse(append(append([]byte{}, base...), "\n"+tc.extra...))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !tpl.Opens().Equal(tc.opens) || !tpl.Closes().Equal(tc.closes) {
			t.Errorf("%s: window %v–%v, want %v–%v", tc.name, tpl.Opens(), tpl.Closes(), tc.opens, tc.closes)
		}
	}
	_, err := spec.Parse(append(append([]byte{}, base...), "\nintake: {opens: \"2024-09-01\", closes: \"2024-01-01\"}\n"...))
	if err == nil || !strings.Contains(err.Error(), "inlämningsperioden") {
		t.Errorf("a window that closes before it opens: %v", err)
	}
}

func TestSetYearRules(t *testing.T) {
	both := spectest.Set(t, 2023, 2024)
	only23 := spectest.Set(t, 2023)
	tests := []struct {
		name     string
		set      *spec.Set
		received time.Time
		want     int
	}{
		{"2023 report in February 2024", both, at(2024, 2, 20), 2023},
		{"late 2023 correction", both, at(2024, 6, 3), 2023},
		{"2024 report in February 2025", both, at(2025, 2, 19), 2024},
		{"between the windows: the latest opened", both, at(2024, 8, 28), 2023},
		{"after every window", both, at(2026, 12, 1), 2024},
		{"before every window: the oldest", both, at(2020, 1, 1), 2023},
		{"2025 with only 2023 known", only23, at(2025, 2, 1), 2023},
	}
	for _, tc := range tests {
		if got := tc.set.ForReceived(tc.received).Year; got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
	defaults := []struct {
		name  string
		now   time.Time
		years []int
		want  int
	}{
		{"in the 2023 window", at(2024, 3, 1), []int{2024}, 2023},
		{"in the 2024 window", at(2025, 3, 1), nil, 2024},
		{"no window: latest year with submissions", at(2026, 12, 1), []int{2023}, 2023},
		{"no window: a year without template is skipped", at(2026, 12, 1), []int{2031, 2023}, 2023},
		{"no window, no submissions: newest template", at(2026, 12, 1), nil, 2024},
	}
	for _, tc := range defaults {
		if got := both.DefaultYear(tc.now, tc.years); got != tc.want {
			t.Errorf("default %s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestSetWithDir(t *testing.T) {
	dir := t.TempDir()
	data, _ := os.ReadFile(spectest.Path(2024))
	os.WriteFile(filepath.Join(dir, "2024.yaml"), data, 0o644)
	base := spectest.Set(t, 2023)
	set, overrides, err := base.WithDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(overrides) != 1 || overrides[0].Year != 2024 || overrides[0].Replaced {
		t.Errorf("overrides %+v", overrides)
	}
	if got := set.Years(); len(got) != 2 || got[0] != 2024 || set.Source(2024) != filepath.Join(dir, "2024.yaml") || set.Source(2023) != spec.SourceEmbedded {
		t.Errorf("years %v, sources %q %q", got, set.Source(2023), set.Source(2024))
	}
	if len(base.Years()) != 1 {
		t.Error("WithDir changed the base set")
	}
	// a file for 2023 replaces the embedded 2023
	data23, _ := os.ReadFile(spectest.Path(2023))
	os.WriteFile(filepath.Join(dir, "mall-2023.yaml"), []byte(strings.Replace(string(data23), `date: "2024-02-21"`, `date: "2024-02-28"`, 1)), 0o644)
	set, overrides, err = base.WithDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	t23, _ := set.Load(2023)
	if len(overrides) != 2 || !overrides[1].Replaced || t23.Deadline.Date != "2024-02-28" {
		t.Errorf("override of 2023: %+v, deadline %s", overrides, t23.Deadline.Date)
	}
	// bad files: every problem at once, no set
	os.WriteFile(filepath.Join(dir, "bad.yaml"), []byte("year: 2030\nmax_insatser: 0\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "copy.yaml"), data, 0o644)
	if _, _, err := base.WithDir(dir); err == nil || !strings.Contains(err.Error(), "bad.yaml") || !strings.Contains(err.Error(), "båda mallen för 2024") {
		t.Errorf("bad directory: %v", err)
	}
	if _, _, err := base.WithDir(filepath.Join(dir, "nope")); err == nil {
		t.Error("a missing directory accepted")
	}
}

// The embedded set is exactly the files in configs/templates (CI runs the
// tests a second time with a copy of the test-only 2024 spec there).
func TestEmbeddedSetIsTheFolder(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(spectest.Root(), "configs", "templates", "*.yaml"))
	set, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if len(set.All()) != len(files) || len(files) == 0 {
		t.Errorf("%d embedded specs, %d files in configs/templates", len(set.All()), len(files))
	}
	for _, y := range set.Years() {
		if set.Source(y) != spec.SourceEmbedded {
			t.Errorf("%d: source %q", y, set.Source(y))
		}
	}
}
