package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

const fixtures = "../../testdata/docx/"

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCheckExitStatus(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"complete report", []string{"check", fixtures + "pydocx-full.docx"}, ExitOK},
		{"report with errors", []string{"check", fixtures + "pydocx-limits.docx"}, ExitFindings},
		{"pdf", []string{"check", "../../testdata/bad/report.pdf"}, ExitFailure},
		{"missing file", []string{"check", "nonexistent.docx"}, ExitFailure},
		{"no file", []string{"check"}, ExitFailure},
		{"bad time", []string{"check", "--received", "igår", fixtures + "pydocx-full.docx"}, ExitFailure},
		{"unknown template", []string{"check", "--template", "1999", fixtures + "pydocx-full.docx"}, ExitFailure},
		{"late", []string{"check", "--received", "2024-02-22T00:00:00+01:00", fixtures + "pydocx-full.docx"}, ExitFindings},
		{"last second", []string{"check", "--received", "2024-02-21T23:59:59+01:00", fixtures + "pydocx-full.docx"}, ExitOK},
		{"unknown command", []string{"nope"}, ExitFailure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, out, errOut := run(t, tt.args...); got != tt.want {
				t.Errorf("exit %d, want %d\nstdout: %.500s\nstderr: %s", got, tt.want, out, errOut)
			}
		})
	}
}

func TestCheckUnreadableIsOneLine(t *testing.T) {
	_, out, errOut := run(t, "check", "../../testdata/bad/legacy.doc")
	if out != "" {
		t.Errorf("stdout %q, want nothing", out)
	}
	if n := strings.Count(strings.TrimSpace(errOut), "\n"); n != 0 || !strings.Contains(errOut, ".doc") {
		t.Errorf("stderr %q: want one line naming the .doc format", errOut)
	}
}

func TestCheckJSONContract(t *testing.T) {
	code, out, _ := run(t, "check", "--json", "--received", "2024-02-22T08:00:00+01:00", fixtures+"pydocx-limits.docx")
	if code != ExitFindings {
		t.Fatalf("exit %d", code)
	}
	var res struct {
		Template  string  `json:"template"`
		File      string  `json:"file"`
		SHA256    string  `json:"sha256"`
		Region    *string `json:"region"`
		Questions []struct {
			ID, Status, Text string
			Chars            int
		} `json:"questions"`
		Limits []struct {
			Questions []string
			Limit     int
			Chars     int
			Exceeded  bool
		} `json:"limits"`
		Insatser []struct {
			Question  string
			Rows, Max int
		} `json:"insatser"`
		Choices []struct {
			Question string
			Item     int
			Answer   string
		} `json:"choices"`
		Findings []struct {
			Code, Severity, Question, Message string
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("not JSON: %v\n%.300s", err, out)
	}
	if res.Template != "2023" || res.File != "pydocx-limits.docx" || len(res.SHA256) != 64 {
		t.Errorf("header: template %q file %q sha256 %q", res.Template, res.File, res.SHA256)
	}
	if len(res.Questions) != 35 || res.Questions[0].ID != "1.1" {
		t.Errorf("%d questions, first %q; want 35 from 1.1", len(res.Questions), res.Questions[0].ID)
	}
	if len(res.Limits) != 10 || !res.Limits[0].Exceeded || res.Limits[0].Chars != 4600 || res.Limits[0].Limit != 4500 {
		t.Errorf("limits[0] = %+v, want 1.1–1.3 at 4600 of 4500, exceeded", res.Limits[0])
	}
	if len(res.Insatser) != 7 || res.Insatser[0].Rows != 6 || res.Insatser[0].Max != 5 {
		t.Errorf("insatser[0] = %+v, want 3.4 with 6 of 5", res.Insatser[0])
	}
	if len(res.Choices) != 3 || res.Choices[0].Answer != "ja" || res.Choices[1].Answer != "" {
		t.Errorf("choices = %+v", res.Choices)
	}
	codes := map[string]string{}
	for _, f := range res.Findings {
		codes[f.Code] = f.Severity
		if f.Message == "" {
			t.Errorf("finding %s has no message", f.Code)
		}
	}
	for code, sev := range map[string]string{"late": "error", "limit_exceeded": "error", "too_many_insatser": "error",
		"incomplete_insats": "warning", "basis_missing": "info", "actors_missing": "info"} {
		if codes[code] != sev {
			t.Errorf("finding %s: severity %q, want %q", code, codes[code], sev)
		}
	}
}

func TestCheckSubjectStatesDiarienummer(t *testing.T) {
	_, out, _ := run(t, "check", "--json", fixtures+"pydocx-limits.docx")
	if !strings.Contains(out, `"diarienummer_missing"`) {
		t.Fatal("fixture should lack diarienummer")
	}
	_, out, _ = run(t, "check", "--json", "--subject", "Återrapportering villkorsbeslut, dnr N2022/2395 och Ä2023-002905", fixtures+"pydocx-limits.docx")
	if strings.Contains(out, `"diarienummer_missing"`) {
		t.Error("diarienummer stated in the subject still reported missing")
	}
}

func TestCheckTextReport(t *testing.T) {
	_, out, _ := run(t, "check", fixtures+"pydocx-limits.docx")
	for _, want := range []string{"Tecken inklusive blanksteg per frågegrupp", "ÖVER GRÄNSEN med 100", "6 av högst 5 insatser",
		"Anmärkningar:", "[too_many_insatser]", "sista dag för inlämning har inte kontrollerats", "uppfyller inte mallens krav"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}
