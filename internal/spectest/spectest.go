// Package spectest gives tests an explicit set of template specs, read from
// their files, so that a test's outcome never depends on which specs are
// embedded: configs/templates/2023.yaml (the real 2023 template) and
// testdata/templates/2024.yaml (a test-only second year).
package spectest

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/spec"
)

// Root is the module's root directory: the nearest folder above the
// working directory (a test's package folder) that holds go.mod. Found
// from the working directory, not from this file's compiled-in path,
// which -trimpath (as CI builds) turns into the module path.
func Root() string {
	dir, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			panic("spectest: no go.mod above the working directory")
		}
		dir = up
	}
}

// Path returns the spec file of a year.
func Path(year int) string {
	if year == 2023 {
		return filepath.Join(Root(), "configs", "templates", "2023.yaml")
	}
	return filepath.Join(Root(), "testdata", "templates", strconv.Itoa(year)+".yaml")
}

// Template reads one year's spec from its file.
func Template(tb testing.TB, year int) *spec.Template {
	tb.Helper()
	t, err := spec.ParseFile(Path(year))
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// Set returns a set of exactly these years' specs.
func Set(tb testing.TB, years ...int) *spec.Set {
	tb.Helper()
	var ts []*spec.Template
	for _, y := range years {
		ts = append(ts, Template(tb, y))
	}
	return spec.NewSet(ts...)
}

// SetFunc returns Set as a loader, for code that asks for its base set.
func SetFunc(tb testing.TB, years ...int) func() (*spec.Set, error) {
	set := Set(tb, years...)
	return func() (*spec.Set, error) { return set, nil }
}

// Stockholm is the agency's time zone.
var Stockholm = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		panic(err)
	}
	return loc
}()

// Clock returns a fixed clock at the given Stockholm time.
func Clock(year int, month time.Month, day, hour int) func() time.Time {
	at := time.Date(year, month, day, hour, 0, 0, 0, Stockholm)
	return func() time.Time { return at }
}

// Exists tells whether a year's spec file exists.
func Exists(year int) bool {
	_, err := os.Stat(Path(year))
	return err == nil
}
