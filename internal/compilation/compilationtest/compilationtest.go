// Package compilationtest builds, for tests and benchmarks, a database of
// all 21 bodies over several report years from the committed real-producer
// test documents (python-docx, npm docx, LibreOffice), taken in through
// the real ingest pipeline.
package compilationtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/docxtest"
	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// Env is the built database.
type Env struct {
	Store     *store.Store
	Pipeline  *ingest.Pipeline
	Templates *spec.Set
	Orgs      *orgs.List
}

// The layout of each year (bodies by their index in configs/regions.yaml):
//
//   - 2023: body i gets 2023Docs[i%4]; NotReceived2023 sends nothing,
//     NoReport2023 sends a PDF, and Corrected2023 sends the full report and
//     then, as its current version, the LibreOffice one.
//   - 2024 and later: every body gets the 2024 full report, except
//     NotReceivedLater.
const (
	NoReport2023     = 19 // Region Västerbotten
	NotReceived2023  = 20 // Region Norrbotten
	Corrected2023    = 0  // Region Stockholm
	NotReceivedLater = 7  // Region Gotland
)

// Docs2023 are the 2023 reports by producer; body i gets Docs2023[i%4].
// pydocx-limits answers 9.1 with a reference to 3.1 and leaves 5.4 empty.
var Docs2023 = []string{"pydocx-full.docx", "pydocx-limits.docx", "npmdocx-report.docx", "lo-report.docx"}

// Build ingests the years (2023, 2024 and 2025; 2025 is the test-only 2024
// spec with its year moved on, for a third year) into a new database under
// tb.TempDir().
func Build(tb testing.TB, years ...int) *Env {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(tb.TempDir(), "compilation.db"), orgs.Default())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	ts := []*spec.Template{spectest.Template(tb, 2023), spectest.Template(tb, 2024)}
	for _, y := range years {
		if y > 2024 {
			ts = append(ts, Later(tb, y))
		}
	}
	set := spec.NewSet(ts...)
	pipe := ingest.New(st, orgs.Default(), "test")
	pipe.Templates = set
	e := &Env{Store: st, Pipeline: pipe, Templates: set, Orgs: orgs.Default()}
	for _, y := range years {
		e.year(tb, y)
	}
	return e
}

// Later is the test-only 2024 spec moved on to a later year.
func Later(tb testing.TB, year int) *spec.Template {
	tb.Helper()
	data, err := os.ReadFile(spectest.Path(2024))
	if err != nil {
		tb.Fatal(err)
	}
	s := strings.NewReplacer("year: 2024", fmt.Sprintf("year: %d", year),
		"villkorsbeslut 2024", fmt.Sprintf("villkorsbeslut %d", year),
		`date: "2025-02-20"`, fmt.Sprintf(`date: "%d-02-20"`, year+1)).Replace(string(data))
	t, err := spec.Parse([]byte(s))
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func fixture(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(spectest.Root(), "testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func (e *Env) year(tb testing.TB, year int) {
	tb.Helper()
	at := time.Date(year+1, 2, 10, 10, 0, 0, 0, time.UTC)
	for i, o := range e.Orgs.All {
		switch {
		case year == 2023 && i == NotReceived2023, year > 2023 && i == NotReceivedLater:
			continue
		case year == 2023 && i == NoReport2023:
			e.ingest(tb, fixture(tb, "bad/report.pdf"), o.Name+".pdf", at, fmt.Sprintf("%d-%d", year, i))
			continue
		}
		var docs []string
		switch {
		case year == 2023 && i == Corrected2023:
			docs = []string{"pydocx-full.docx", "lo-report.docx"}
		case year == 2023:
			docs = []string{Docs2023[i%len(Docs2023)]}
		default:
			docs = []string{"pydocx-2024-full.docx"}
		}
		for v, name := range docs {
			raw := Variant(tb, fixture(tb, "docx/"+name), o.Name, year)
			e.ingest(tb, raw, o.Name+".docx", at.Add(time.Duration(v)*time.Hour), fmt.Sprintf("%d-%d-%d", year, i, v))
		}
	}
}

func (e *Env) ingest(tb testing.TB, raw []byte, file string, at time.Time, ref string) {
	tb.Helper()
	if _, err := e.Pipeline.Ingest(context.Background(), ingest.Item{Raw: raw, Format: ingest.FormatDocx, Source: "file",
		SourceRef: ref, FileName: file, Received: at}); err != nil {
		tb.Fatalf("ingest %s: %v", file, err)
	}
}

// Variant names the body in the report instead of Region Västerbotten, and
// a year after 2024 in its title, so that each is its own file and is
// matched to its body (with the file name) and year.
func Variant(tb testing.TB, docx []byte, body string, year int) []byte {
	return docxtest.EditDocumentXML(tb, docx, func(s string) string {
		s = strings.Replace(s, "Region Västerbotten", body, 1)
		if year > 2024 {
			s = strings.ReplaceAll(s, "villkorsbeslut 2024", fmt.Sprintf("villkorsbeslut %d", year))
		}
		return s + "<!-- " + body + " -->" // every body's file is its own, also where the body is not named
	})
}
