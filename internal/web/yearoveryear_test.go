package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// newTwoYearEnv has Västerbotten's 2023 report (and its correction) and
// its 2024 report of the two-year scenario, under the 2023 template and
// the test-only 2024 one.
func newTwoYearEnv(t testing.TB) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "y.db"), orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	set := spectest.Set(t, 2023, 2024)
	pipe := ingest.New(st, orgs.Default(), "test")
	pipe.Templates = set
	var raws [][]byte
	for _, name := range []string{"vasterbotten-ontime.eml", "vasterbotten-correction.eml"} {
		raw, err := os.ReadFile(filepath.Join("../../testdata/mail", name))
		if err != nil {
			t.Fatal(err)
		}
		raws = append(raws, raw)
	}
	for _, m := range spectest.SecondYearMail(t) {
		if m.Name == "vasterbotten-2024.eml" {
			raws = append(raws, m.Raw)
		}
	}
	if len(raws) != 3 {
		t.Fatal("no vasterbotten-2024.eml in the two-year scenario")
	}
	for i, raw := range raws {
		if _, err := pipe.Ingest(ctx, ingest.Item{Raw: raw, Format: ingest.FormatMail, Source: "file", SourceRef: itoa(int64(i))}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.CreateUser(ctx, "anna", "Anna Handläggare", officerPassword, store.RoleOfficer); err != nil {
		t.Fatal(err)
	}
	srv, err := New(Options{Store: st, Pipeline: pipe, Templates: set, Now: spectest.Clock(2025, 3, 1, 12), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// TestYearOverYear: Västerbotten's 2023 and 2024 answers side by side;
// the 2023 question 10.2 is matched to its renumbered 2024 counterpart
// 10.4 (and the Ja/Nej block 10.3 to 10.2), with their confidence; 1.3,
// reworded, keeps its number; section 9 is reported gone and 2.5 new;
// matched pairs carry the word diff; the API says the same.
func TestYearOverYear(t *testing.T) {
	c := newClientAs(t, newTwoYearEnv(t).URL, "anna")

	resp, page := c.get("/organisation/vasterbotten/ar?fran=2023&till=2024")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%d %s", resp.StatusCode, page)
	}
	for _, want := range []string{
		"Region Västerbotten – 2023 och 2024",
		`<h2 id="fraga-10-4-rubrik">Fråga 10.2 (2023) → Fråga 10.4 (2024)</h2>`,
		"omnumrerad: 10.2 2023 heter 10.4 2024</strong> · likhet 100 %",
		`<h2 id="fraga-10-2-rubrik">Fråga 10.3 (2023) → Fråga 10.2 (2024)</h2>`,
		`<h2 id="fraga-9-1-2023-rubrik">Fråga 9.1 (2023)</h2>`,
		"finns inte i mallen för 2024", "Frågan finns inte 2024.",
		`<h2 id="fraga-2-5-rubrik">Fråga 2.5 (2024)</h2>`, "ny fråga i mallen för 2024", "Frågan fanns inte 2023.",
		`<h2 id="fraga-1-3-rubrik">Fråga 1.3</h2>`,
		"Frågan 2024: Beskriv hur ni har tagit hänsyn till olika territoriella perspektiv",
		"3 omnumrerade · 1 ny 2024 · 2 borttagna",
		"Ändringar ord för ord", `<span class="visually-hidden">[tillagt: </span>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("year-over-year page lacks %q", want)
		}
	}
	// 9.1 and 9.2 come where section 9 was, after 8.2 and before 10.1
	i82, i91, i101 := strings.Index(page, `id="fraga-8-2"`), strings.Index(page, `id="fraga-9-1-2023"`), strings.Index(page, `id="fraga-10-1"`)
	if !(i82 >= 0 && i82 < i91 && i91 < i101) {
		t.Errorf("order of 8.2, 9.1, 10.1: %d %d %d", i82, i91, i101)
	}

	// the defaults are the latest year reported and the one before
	if _, def := c.get("/organisation/vasterbotten/ar"); !strings.Contains(def, "Region Västerbotten – 2023 och 2024") {
		t.Error("default years not 2023 and 2024")
	}
	if resp, _ := c.get("/organisation/vasterbotten/ar?fran=2024&till=2024"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("same year twice: %d", resp.StatusCode)
	}
	if resp, _ := c.get("/organisation/vasterbotten/ar?fran=2019&till=2024"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a year without template: %d", resp.StatusCode)
	}
	if resp, _ := c.get("/organisation/ingen/ar"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown body: %d", resp.StatusCode)
	}
	// a body with nothing received still gets the matched questions
	if _, p := c.get("/organisation/kalmar/ar?fran=2023&till=2024"); !strings.Contains(p, "Ingen rapport har kommit in.") || !strings.Contains(p, "Fråga 10.2 (2023) → Fråga 10.4 (2024)") {
		t.Error("body without reports: no matching shown")
	}

	_, js := c.get("/api/organisations/vasterbotten/years?from=2023&to=2024")
	var out struct {
		From struct {
			Year       int    `json:"year"`
			Submission *int64 `json:"submission"`
		} `json:"from"`
		To struct {
			Year       int    `json:"year"`
			Submission *int64 `json:"submission"`
		} `json:"to"`
		Questions []struct {
			How        string  `json:"how"`
			Confidence float64 `json:"confidence"`
			Changed    bool    `json:"changed"`
			From       *struct{ ID, Answer string }
			To         *struct{ ID, Answer string }
			Words      *struct {
				Segments []struct{ Op, Text string } `json:"segments"`
			} `json:"words"`
		} `json:"questions"`
	}
	if err := json.Unmarshal([]byte(js), &out); err != nil {
		t.Fatalf("%v %.300s", err, js)
	}
	if out.From.Year != 2023 || out.To.Year != 2024 || out.From.Submission == nil || out.To.Submission == nil {
		t.Fatalf("api sides: %+v %+v", out.From, out.To)
	}
	found := map[string]bool{}
	for _, q := range out.Questions {
		switch {
		case q.From != nil && q.To != nil && q.From.ID == "10.2":
			found["10.2"] = q.How == "renumbered" && q.To.ID == "10.4" && q.Confidence == 1
		case q.From != nil && q.To == nil && q.From.ID == "9.1":
			found["9.1"] = q.How == "gone"
		case q.To != nil && q.From == nil && q.To.ID == "2.5":
			found["2.5"] = q.How == "added"
		}
		if q.Changed && (q.Words == nil || len(q.Words.Segments) == 0) {
			t.Errorf("api: changed question without word diff")
		}
	}
	if !found["10.2"] || !found["9.1"] || !found["2.5"] {
		t.Errorf("api matches: %v", found)
	}
}
