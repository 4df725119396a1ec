package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

func writeMail(t *testing.T, msgs []spectest.Message) string {
	t.Helper()
	dir := t.TempDir()
	for _, m := range msgs {
		if err := os.WriteFile(filepath.Join(dir, m.Name), m.Raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type filed struct {
	sub  model.Submission
	res  *model.Result
	late bool
}

// filedByMessage reads every submission back with its latest result,
// keyed by the message's Message-ID.
func filedByMessage(t *testing.T, db string) map[string]filed {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, db, orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	subs, err := s.AllSubmissions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]filed{}
	for _, sub := range subs {
		msg, err := s.Message(ctx, sub.MessageID)
		if err != nil {
			t.Fatal(err)
		}
		_, res, err := s.LatestResult(ctx, sub.ID)
		if err != nil {
			t.Fatal(err)
		}
		f := filed{sub: sub, res: res}
		for _, fd := range res.Findings {
			f.late = f.late || fd.Code == "late"
		}
		key := msg.MessageID
		if _, dup := out[key]; dup || key == "" { // broken.eml repeats a Message-ID
			key += "#" + strconv.FormatInt(msg.ID, 10)
		}
		out[key] = f
	}
	return out
}

func overviewJSON(t *testing.T, args ...string) map[string]model.OverviewRow {
	t.Helper()
	code, out, errOut := run(t, append([]string{"report", "--format", "json"}, args...)...)
	if code != ExitOK {
		t.Fatalf("report %v: exit %d: %s", args, code, errOut)
	}
	var rows []model.OverviewRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	m := map[string]model.OverviewRow{}
	for _, r := range rows {
		m[r.OrganisationID] = r
	}
	return m
}

// TestTwoYears: both years' mail into one database, each message filed
// under the right year by the year rule, versions per year, the defaults
// following the clock, and check on a second year's documents.
func TestTwoYears(t *testing.T) {
	withTemplates(t, spectest.Clock(2025, 3, 1, 12), 2023, 2024)
	db := filepath.Join(t.TempDir(), "v.db")
	second := spectest.SecondYearMail(t)
	for _, dir := range []string{"../../testdata/mail", writeMail(t, second)} {
		if code, out, errOut := run(t, "ingest", "--db", db, dir); code != ExitOK {
			t.Fatalf("ingest %s: exit %d\n%s\n%s", dir, code, out, errOut)
		}
	}
	got := filedByMessage(t, db)
	for _, m := range second {
		id := strings.SplitN(string(m.Raw[strings.Index(string(m.Raw), "Message-ID: <")+13:]), ">", 2)[0]
		f, ok := got[id]
		if !ok {
			t.Errorf("%s: not stored", m.Name)
			continue
		}
		if f.sub.Year != m.Year || f.res.TemplateFrom != m.From || f.late != m.Late || f.sub.Organisation != m.Org {
			t.Errorf("%s: filed under %d (template %s from %s), late %v, %s; want %d from %s, late %v, %s",
				m.Name, f.sub.Year, f.res.Template, f.res.TemplateFrom, f.late, f.sub.Organisation, m.Year, m.From, m.Late, m.Org)
		}
	}
	// every 2023 fixture message stays in 2023, whatever else is known
	n2023 := 0
	for id, f := range got {
		if strings.Contains(id, "2024@") || strings.Contains(id, "2023@") {
			continue
		}
		n2023++
		if f.sub.Year != 2023 || f.res.Template != "2023" {
			t.Errorf("fixture message %s: filed under %d, checked against %s", id, f.sub.Year, f.res.Template)
		}
	}
	if n2023 != 16 {
		t.Errorf("%d fixture messages, want 16", n2023)
	}

	// versions per year: Västerbotten has two 2023 versions and one 2024
	_, h23, _ := run(t, "history", "--db", db, "--year", "2023", "vasterbotten")
	_, h24, _ := run(t, "history", "--db", db, "--year", "2024", "vasterbotten")
	if !strings.Contains(h23, "version 1 (ersatt)") || !strings.Contains(h23, "version 2 (aktuell)") {
		t.Errorf("2023 history:\n%s", h23)
	}
	if !strings.Contains(h24, "version 1 (aktuell)") || strings.Contains(h24, "version 2") || !strings.Contains(h24, "återrapportering 2024") {
		t.Errorf("2024 history:\n%s", h24)
	}
	// the default year follows the clock: 1 March 2025 is in the 2024 intake window
	def := overviewJSON(t, "--db", db)
	if r := def["vasterbotten"]; r.Version != 1 || r.Status != model.StatusOK {
		t.Errorf("default (2024) overview, Västerbotten: %+v", r)
	}
	if r := def["dalarna"]; r.Status != model.StatusDeficient || r.Late {
		t.Errorf("default (2024) overview, Dalarna without a report: %+v", r)
	}
	if r := overviewJSON(t, "--db", db, "--year", "2023")["vasterbotten"]; r.Version != 2 {
		t.Errorf("2023 overview, Västerbotten: %+v", r)
	}
	if r := overviewJSON(t, "--db", db, "--year", "2023")["jonkoping"]; r.Status != model.StatusDeficient || !r.Late {
		t.Errorf("2023 overview, Jönköping's late message without a report: %+v", r)
	}
	clocks := []struct {
		name string
		now  [4]int
		want string
	}{
		{"in the 2023 window", [4]int{2024, 3, 1, 12}, "villkorsbeslut 2023 – översikt"},
		{"in the 2024 window", [4]int{2025, 2, 1, 12}, "villkorsbeslut 2024 – översikt"},
		{"no window open: the latest year with submissions", [4]int{2026, 12, 1, 12}, "villkorsbeslut 2024 – översikt"},
	}
	for _, c := range clocks {
		old := clock
		clock = spectest.Clock(c.now[0], time.Month(c.now[1]), c.now[2], c.now[3])
		_, out, _ := run(t, "report", "--db", db)
		clock = old
		if !strings.Contains(out, c.want) {
			t.Errorf("report %s: %.60q, want %q", c.name, out, c.want)
		}
	}

	// check picks the year by the document alone
	for _, tc := range []struct{ file, year, from string }{
		{"pydocx-2024-full.docx", "2024", "title"},
		{"pydocx-2024-untitled.docx", "2024", "questions"},
		{"pydocx-untitled.docx", "2023", "questions"},
		{"pydocx-full.docx", "2023", "title"},
	} {
		code, out, _ := run(t, "check", "--json", fixtures+tc.file)
		var res model.Result
		if err := json.Unmarshal([]byte(out), &res); err != nil || code != ExitOK || res.Template != tc.year || res.TemplateFrom != tc.from {
			t.Errorf("check %s: exit %d, template %s from %s; want exit 0, %s from %s (%v)", tc.file, code, res.Template, res.TemplateFrom, tc.year, tc.from, err)
		}
	}
}

// TestReprocessMovesYear: reports of 2024 received before the 2024
// template was known are filed under 2023; once the spec is there,
// reprocess re-derives the year, moves them, and says so in the audit log.
func TestReprocessMovesYear(t *testing.T) {
	withTemplates(t, spectest.Clock(2025, 3, 1, 12), 2023)
	db := filepath.Join(t.TempDir(), "v.db")
	second := spectest.SecondYearMail(t)[:2] // Västerbotten (titled 2024), Skåne (untitled 2024)
	if code, _, errOut := run(t, "ingest", "--db", db, "../../testdata/mail/vasterbotten-ontime.eml"); code != ExitOK {
		t.Fatal(errOut)
	}
	if code, _, errOut := run(t, "ingest", "--db", db, writeMail(t, second)); code != ExitOK {
		t.Fatal(errOut)
	}
	before := filedByMessage(t, db)
	vb := before["vb2024@regionvasterbotten.se"]
	if vb.sub.Year != 2023 || vb.sub.Version != 2 || vb.sub.State != model.StateCurrent {
		t.Fatalf("2024 report with only the 2023 template known: %+v", vb.sub)
	}
	if e, _, _ := vb.res.Counts(); e == 0 {
		t.Errorf("2024 report checked against 2023 has no errors")
	}

	withTemplates(t, spectest.Clock(2025, 3, 1, 12), 2023, 2024)
	code, out, errOut := run(t, "reprocess", "--db", db, "--all")
	if code != ExitOK || strings.Count(out, "(flyttad från 2023 till 2024)") != 2 {
		t.Fatalf("reprocess: %d\n%s\n%s", code, out, errOut)
	}
	after := filedByMessage(t, db)
	vb, sk := after["vb2024@regionvasterbotten.se"], after["sk2024@skane.se"]
	if vb.sub.Year != 2024 || vb.sub.Version != 1 || vb.sub.State != model.StateCurrent || vb.res.Template != "2024" {
		t.Errorf("Västerbotten's 2024 report after reprocess: %+v (template %s)", vb.sub, vb.res.Template)
	}
	if e, w, _ := vb.res.Counts(); e != 0 || w != 0 {
		t.Errorf("Västerbotten's 2024 report against 2024: %d errors, %d warnings", e, w)
	}
	if sk.sub.Year != 2024 || sk.res.TemplateFrom != "questions" {
		t.Errorf("Skåne's untitled 2024 report after reprocess: %+v from %s", sk.sub, sk.res.TemplateFrom)
	}
	_, h23, _ := run(t, "history", "--db", db, "--year", "2023", "vasterbotten")
	if !strings.Contains(h23, "version 1 (aktuell)") || strings.Contains(h23, "version 2") {
		t.Errorf("2023 history after the move:\n%s", h23)
	}
	ctx := context.Background()
	s, err := store.Open(ctx, db, orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	audit, _ := s.AuditOf(ctx, vb.sub.ID, vb.sub.MessageID)
	moved := false
	for _, a := range audit {
		if a.Action == "move_year" && strings.Contains(a.Detail, "från 2023 (version 2 (aktuell)) till 2024 (version 1 (aktuell))") &&
			strings.Contains(a.Detail, "version 1 är åter aktuell för 2023") {
			moved = true
		}
	}
	if !moved {
		t.Errorf("no move_year audit entry: %+v", audit)
	}
	// reprocessing again moves nothing
	run(t, "reprocess", "--db", db, "--all")
	audit, _ = s.AuditOf(ctx, vb.sub.ID, vb.sub.MessageID)
	n := 0
	for _, a := range audit {
		if a.Action == "move_year" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d move_year entries after a second reprocess, want 1", n)
	}
}
