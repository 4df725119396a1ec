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
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// TestPagesPerYear: the 2023 fixture mail and the second year's mail in
// one database; the overview and the API per year, the default year
// following the clock, and each report shown with its own template.
func TestPagesPerYear(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "y.db"), orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	set := spectest.Set(t, 2023, 2024)
	pipe := ingest.New(st, orgs.Default(), "test")
	pipe.Templates = set
	subOf := map[string]int64{}
	for _, name := range []string{"vasterbotten-ontime.eml", "vasterbotten-correction.eml", "skane-late.eml"} {
		raw, err := os.ReadFile(filepath.Join("../../testdata/mail", name))
		if err != nil {
			t.Fatal(err)
		}
		out, err := pipe.Ingest(ctx, ingest.Item{Raw: raw, Format: ingest.FormatMail, Source: "file", SourceRef: name})
		if err != nil {
			t.Fatal(err)
		}
		subOf[name] = out.Submission.ID
	}
	for _, m := range spectest.SecondYearMail(t) {
		out, err := pipe.Ingest(ctx, ingest.Item{Raw: m.Raw, Format: ingest.FormatMail, Source: "file", SourceRef: m.Name})
		if err != nil {
			t.Fatal(err)
		}
		subOf[m.Name] = out.Submission.ID
	}
	if _, err := st.CreateUser(ctx, "anna", "Anna Handläggare", officerPassword, store.RoleOfficer); err != nil {
		t.Fatal(err)
	}
	newServer := func(now func() (int, int, int)) *httptest.Server {
		y, m, d := now()
		srv, err := New(Options{Store: st, Pipeline: pipe, Templates: set, Now: spectest.Clock(y, time.Month(m), d, 12),
			Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		return httptest.NewServer(srv.Handler())
	}
	overview := func(c *client, q string) map[string]model.OverviewRow {
		resp, body := c.get("/api/overview" + q)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("/api/overview%s: %d %s", q, resp.StatusCode, body)
		}
		var rows []model.OverviewRow
		if err := json.Unmarshal([]byte(body), &rows); err != nil {
			t.Fatal(err)
		}
		out := map[string]model.OverviewRow{}
		for _, r := range rows {
			out[r.OrganisationID] = r
		}
		return out
	}

	ts := newServer(func() (int, int, int) { return 2025, 3, 1 }) // the 2024 intake window
	defer ts.Close()
	c := newClientAs(t, ts.URL, "anna")
	def, y23, y24 := overview(c, ""), overview(c, "?year=2023"), overview(c, "?year=2024")
	if def["vasterbotten"].SubmissionID != y24["vasterbotten"].SubmissionID || y24["vasterbotten"].Version != 1 || y23["vasterbotten"].Version != 2 {
		t.Errorf("Västerbotten: default %+v, 2023 %+v, 2024 %+v", def["vasterbotten"], y23["vasterbotten"], y24["vasterbotten"])
	}
	if r := y23["halland"]; r.Status != model.StatusDeficient || !r.Late {
		t.Errorf("Halland's untitled 2023 correction (received February 2025) in 2023: %+v", r)
	}
	if r := y24["halland"]; r.Status != model.StatusMissing {
		t.Errorf("Halland in 2024: %+v, want missing", r)
	}
	if r := y23["jonkoping"]; !r.Late || r.Status != model.StatusDeficient {
		t.Errorf("Jönköping's 2023 message without a report in 2023: %+v", r)
	}
	if r := y24["dalarna"]; r.Late || r.Status != model.StatusDeficient {
		t.Errorf("Dalarna's 2024 message without a report in 2024: %+v", r)
	}
	_, page := c.get("/oversikt")
	if !strings.Contains(page, `<option value="2024" selected>2024</option>`) || !strings.Contains(page, `<option value="2023">2023</option>`) {
		t.Errorf("overview's year selector: default not 2024 or 2023 missing")
	}
	_, versions := c.get("/api/organisations/vasterbotten/versions?year=2023")
	if strings.Count(versions, `"version"`) < 2 {
		t.Errorf("2023 versions of Västerbotten: %.300s", versions)
	}

	// each report with its own template's questions and limit groups
	_, p24 := c.get("/inlamning/" + strconv.FormatInt(subOf["vasterbotten-2024.eml"], 10))
	_, p23 := c.get("/inlamning/" + strconv.FormatInt(subOf["vasterbotten-ontime.eml"], 10))
	for _, want := range []string{">2.1–2.5<", "omställningsplanen för Fonden för en rättvis omställning", "Fördelning av anslag", "tagit hänsyn till olika territoriella perspektiv"} {
		if !strings.Contains(p24, want) {
			t.Errorf("2024 report page lacks %q", want)
		}
	}
	for _, bad := range []string{">2.1–2.4<", "Miljö och klimat"} {
		if strings.Contains(p24, bad) {
			t.Errorf("2024 report page shows the 2023 template's %q", bad)
		}
	}
	for _, want := range []string{">2.1–2.4<", ">9.1<", "Miljö och klimat"} {
		if !strings.Contains(p23, want) {
			t.Errorf("2023 report page lacks %q", want)
		}
	}

	// in the 2023 window the default is 2023; with no window open, the
	// latest year with submissions
	for _, tc := range []struct {
		y, m, d, want int
	}{{2024, 3, 1, 2023}, {2026, 12, 1, 2024}} {
		ts := newServer(func() (int, int, int) { return tc.y, tc.m, tc.d })
		c := newClientAs(t, ts.URL, "anna")
		_, page := c.get("/oversikt")
		ts.Close()
		if want := `<option value="` + strconv.Itoa(tc.want) + `" selected>`; !strings.Contains(page, want) {
			t.Errorf("on %d-%02d-%02d the overview does not default to %d", tc.y, tc.m, tc.d, tc.want)
		}
	}
}
