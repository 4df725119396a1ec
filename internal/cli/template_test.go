package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
)

// The yearly routine: import the new template, check the draft against a
// test document, put it in the templates directory, and the commands use it.
func TestTemplateRoutine(t *testing.T) {
	withTemplates(t, func() time.Time { return time.Date(2025, 2, 1, 12, 0, 0, 0, spectest.Stockholm) }, 2023)
	dir := t.TempDir()
	draft := filepath.Join(dir, "2024.yaml")
	code, out, errOut := run(t, "template", "import", "-o", draft, fixtures+"pydocx-2024-full.docx")
	if code != ExitOK || !strings.Contains(out, "Utkastet klarar template check.") || !strings.Contains(out, "placeholders") {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errOut)
	}
	if code, _, errOut := run(t, "template", "import", "-o", draft, fixtures+"pydocx-2024-full.docx"); code != ExitFailure || !strings.Contains(errOut, "skrivs inte över") {
		t.Errorf("import over an existing file: exit %d, %s", code, errOut)
	}
	code, out, _ = run(t, "template", "check", draft, fixtures+"pydocx-2024-untitled.docx")
	if code != ExitOK || !strings.Contains(out, "43 av mallens 43 rubriker hittades") || !strings.Contains(out, "10.2    punkt 4: nej") {
		t.Errorf("check with a document: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, "template", "list", "--templates", dir)
	if code != ExitOK || !strings.Contains(out, "2023  2024-02-21") || !strings.Contains(out, "2024  2025-02-20   2024-09-01 – 2025-08-20 "+draft) {
		t.Errorf("list: exit %d\n%s", code, out)
	}
	// with the directory the untitled 2024 report is a 2024 report without errors
	code, out, _ = run(t, "check", "--templates", dir, fixtures+"pydocx-2024-untitled.docx")
	if code != ExitOK || !strings.Contains(out, "villkorsbeslut 2024 – kontroll") {
		t.Errorf("check with the templates directory: exit %d\n%.300s", code, out)
	}
	t.Setenv(TemplatesEnv, dir)
	if code, out, _ := run(t, "template", "list"); code != ExitOK || !strings.Contains(out, draft) {
		t.Errorf("list with %s: %s", TemplatesEnv, out)
	}
	// a bad spec: every problem at once, exit 1; the commands refuse the directory
	bad := filepath.Join(dir, "2030.yaml")
	os.WriteFile(bad, []byte("year: 2030\nmax_insatser: 0\n"), 0o644)
	code, out, _ = run(t, "template", "check", bad)
	if code != ExitFindings || !strings.Contains(out, "title saknas") || !strings.Contains(out, "max_insatser") {
		t.Errorf("check of a bad spec: exit %d\n%s", code, out)
	}
	if code, _, errOut := run(t, "report", "--db", filepath.Join(dir, "v.db")); code != ExitFailure || !strings.Contains(errOut, "2030.yaml") {
		t.Errorf("report with a bad templates directory: exit %d, %s", code, errOut)
	}
}
