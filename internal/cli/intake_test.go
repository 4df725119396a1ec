package cli

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestIngestMailDirectory ingests every fixture message (testdata/mail) and
// checks the overview, the history, a diff and a reprocess.
func TestIngestMailDirectory(t *testing.T) {
	db := filepath.Join(t.TempDir(), "v.db")
	code, out, errOut := run(t, "ingest", "--db", db, "../../testdata/mail")
	if code != ExitOK {
		t.Fatalf("ingest: exit %d\n%s\n%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 16 {
		t.Errorf("%d output lines, want one per message (16)", len(lines))
	}
	want := map[string]string{
		"vasterbotten-ontime.eml":     "version 1 för Region Västerbotten",
		"vasterbotten-resend.eml":     "omskickad kopia",
		"unknown-sender.eml":          "omskickad kopia",
		"vasterbotten-correction.eml": "version 2 för Region Västerbotten",
		"vgr-forwarded.eml":           "version 1 för Västra Götalandsregionen",
		"halland-octet.eml":           "version 1 för Region Halland",
		"halland-octet-noname.eml":    "version 2 för Region Halland",
		"noattachment.eml":            "ingen läsbar Word-rapport från Region Halland",
		"pdf-only.eml":                "ingen läsbar Word-rapport från Region Stockholm",
		"winmail.eml":                 "ingen läsbar Word-rapport",
		"broken.eml":                  "ingen läsbar Word-rapport",
		"two-docx.eml":                "omskickad kopia",
		"stockholm-rfc2231.eml":       "version 1 för Region Stockholm",
		"gotland-rfc2047.eml":         "version 1 för Region Gotland",
		"latin1.eml":                  "version 1 för Region Skåne",
		"skane-late.eml":              "version 2 för Region Skåne",
	}
	for _, l := range lines {
		name := filepath.Base(strings.SplitN(l, ":", 2)[0])
		if w, ok := want[name]; !ok || !strings.Contains(l, w) {
			t.Errorf("%s: %q, want %q", name, l, w)
		}
	}

	// a second run stores nothing new
	_, out, _ = run(t, "ingest", "--db", db, "../../testdata/mail")
	if n := strings.Count(out, "redan mottagen"); n != 16 {
		t.Errorf("second ingest: %d duplicates recognised, want 16", n)
	}

	code, out, _ = run(t, "report", "--db", db, "--format", "json")
	var rows []struct {
		Organisation string  `json:"organisation"`
		Status       string  `json:"status"`
		Version      int     `json:"version"`
		Received     *string `json:"received"`
		Late         bool    `json:"late"`
		Errors       int     `json:"errors"`
		Warnings     int     `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil || code != ExitOK {
		t.Fatalf("report json: %v\n%s", err, out)
	}
	if len(rows) != 21 {
		t.Fatalf("%d rows, want 21", len(rows))
	}
	got := map[string]string{}
	for _, r := range rows {
		got[r.Organisation] = r.Status
		if (r.Status == "missing") != (r.Received == nil) || (r.Status == "missing") != (r.Version == 0) {
			t.Errorf("%s: status %s, version %d, received %v", r.Organisation, r.Status, r.Version, r.Received)
		}
		if r.Organisation == "Region Skåne" && (!r.Late || r.Version != 2) {
			t.Errorf("Skåne: %+v, want version 2, late", r)
		}
	}
	for org, st := range map[string]string{"Region Västerbotten": "deficient", "Region Stockholm": "ok", "Region Blekinge": "missing",
		"Västra Götalandsregionen": "deficient", "Region Halland": "ok"} {
		if got[org] != st {
			t.Errorf("%s: %s, want %s", org, got[org], st)
		}
	}
	_, out, _ = run(t, "report", "--db", db, "--format", "csv")
	if !strings.HasPrefix(out, "organisation,status,") || strings.Count(out, "\n") != 22 {
		t.Errorf("csv: %.200q", out)
	}
	_, out, _ = run(t, "report", "--db", db)
	if !strings.Contains(out, "ej inkommen") || !strings.Contains(out, "sen") {
		t.Errorf("text report: %s", out)
	}

	_, out, _ = run(t, "history", "--db", db, "Region Västerbotten")
	for _, w := range []string{"version 1 (ersatt)", "version 2 (aktuell)", "omskickad kopia", "ingen läsbar rapport"} {
		if !strings.Contains(out, w) {
			t.Errorf("history lacks %q:\n%s", w, out)
		}
	}
	code, out, _ = run(t, "diff", "--db", db, "vasterbotten", "1", "2")
	if code != ExitOK || !regexp.MustCompile(`(?m)^1\.1 +ÄNDRAD: \d+ → \d+ tecken`).MatchString(out) || !strings.Contains(out, "frågor ändrade") {
		t.Errorf("diff:\n%.1500s", out)
	}
	if code, _, _ := run(t, "diff", "--db", db, "vasterbotten", "1", "9"); code != ExitFailure {
		t.Error("diff with a missing version succeeded")
	}

	code, out, _ = run(t, "reprocess", "--db", db, "--all")
	if code != ExitOK || strings.Count(out, "ny kontroll") != 16 {
		t.Errorf("reprocess --all: exit %d\n%s", code, out)
	}
}

func TestAssignCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	_, out, _ := run(t, "ingest", "--db", db, "--received", "2024-02-20T10:00:00+01:00", "../../testdata/docx/pydocx-blank.docx")
	m := regexp.MustCompile(`villkorsintag assign (\d+) ORGANISATION`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("blank template not unassigned: %s", out)
	}
	if code, _, errOut := run(t, "assign", "--db", db, m[1], "Region Atlantis"); code != ExitFailure || !strings.Contains(errOut, "okänd organisation") {
		t.Errorf("unknown organisation: exit %d %s", code, errOut)
	}
	code, out, errOut := run(t, "assign", "--db", db, m[1], "Region Dalarna")
	if code != ExitOK || !strings.Contains(out, "version 1 (aktuell)") {
		t.Fatalf("assign: exit %d %s %s", code, out, errOut)
	}
	_, out, _ = run(t, "history", "--db", db, "dalarna")
	if !strings.Contains(out, "version 1 (aktuell)") {
		t.Errorf("history after assign:\n%s", out)
	}
	code, out, _ = run(t, "migrate", "--db", db)
	if code != ExitOK || !regexp.MustCompile(`schemaversion (\d+) \(senaste kända (\d+)\)`).MatchString(out) {
		t.Errorf("migrate: %s", out)
	}
}

func TestDBFromEnvironment(t *testing.T) {
	db := filepath.Join(t.TempDir(), "env.db")
	t.Setenv("VILLKORSINTAG_DB", db)
	if code, _, errOut := run(t, "migrate"); code != ExitOK {
		t.Fatalf("migrate: %s", errOut)
	}
	_, out, _ := run(t, "migrate")
	if !strings.Contains(out, db) {
		t.Errorf("VILLKORSINTAG_DB not used: %s", out)
	}
}

func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	run(t, "ingest", "--db", db, "../../testdata/mail/skane-late.eml", "../../testdata/mail/vgr-forwarded.eml")
	code, out, errOut := run(t, "backup", "--db", db, filepath.Join(dir, "b.db"))
	if code != ExitOK || !strings.Contains(out, "2 meddelanden, 2 inlämningar, integritetskontroll ok") {
		t.Fatalf("backup: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, _ := run(t, "backup", "--db", db, filepath.Join(dir, "b.db")); code != ExitFailure {
		t.Error("backup over an existing file succeeded")
	}
	_, out, _ = run(t, "report", "--db", filepath.Join(dir, "b.db"), "--format", "csv")
	if !strings.Contains(out, "Region Skåne,deficient") {
		t.Errorf("report from the backup:\n%s", out)
	}
}
