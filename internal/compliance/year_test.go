package compliance

import (
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
)

func TestYearsInText(t *testing.T) {
	tests := []struct {
		text string
		want []int
	}{
		{"Återrapportering av villkorsbeslut 2023 – Region Västerbotten", []int{2023}},
		{"Här kommer vår återrapportering 2023.", []int{2023}},
		{"VB: Villkorsrapport 2024", []int{2024}},
		{"Återrapportering av villkorsbeslut för 2023, korrigerad", []int{2023}},
		{"Villkorsbeslutet för år 2024 och återrapporteringen 2023", []int{2024, 2023}},
		{"Rapporten kommer i morgon, senast 21 februari 2024", nil},
		{"Diarienummer Ä 2023-2905", nil},
	}
	for _, tc := range tests {
		if got := YearsInText(tc.text); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: %v, want %v", tc.text, got, tc.want)
		}
	}
}

// The year rule for a message without a readable report: a year stated in
// the e-mail (with a template), else the intake window of the received
// time, else the newest template.
func TestEnvelopeYear(t *testing.T) {
	set := spectest.Set(t, 2023, 2024)
	when := func(y int, m time.Month, d int) *time.Time {
		at := time.Date(y, m, d, 10, 0, 0, 0, spectest.Stockholm)
		return &at
	}
	tests := []struct {
		name     string
		opt      Options
		year     int
		from     string
		late     bool
		deadline bool
	}{
		{"2023 subject, February 2024", Options{MailText: "Återrapportering av villkorsbeslut 2023", Received: when(2024, 2, 20)}, 2023, YearMail, false, true},
		{"late 2023, no year in the mail", Options{MailText: "Rapporten kommer", Received: when(2024, 2, 23)}, 2023, YearReceived, true, true},
		{"2023 subject, received in the 2024 window", Options{MailText: "korrigering av återrapportering 2023", Received: when(2025, 2, 1)}, 2023, YearMail, true, true},
		{"a year without template in the subject", Options{MailText: "villkorsbeslut 2031", Received: when(2025, 2, 1)}, 2024, YearReceived, false, true},
		{"2024 in February 2025", Options{Received: when(2025, 2, 19)}, 2024, YearReceived, false, true},
		{"2024 late", Options{Received: when(2025, 2, 21)}, 2024, YearReceived, true, true},
		{"given", Options{Year: 2023, Received: when(2025, 2, 19)}, 2023, YearGiven, true, true},
		{"nothing known", Options{}, 2024, YearNewest, false, false},
	}
	for _, tc := range tests {
		tc.opt.Templates = set
		res, err := Envelope(tc.opt, "ingen rapport")
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		late := false
		for _, f := range res.Findings {
			late = late || f.Code == CodeLate
		}
		if res.Template != itoa(tc.year) || res.TemplateFrom != tc.from || late != tc.late {
			t.Errorf("%s: %s from %s, late %v; want %d from %s, late %v", tc.name, res.Template, res.TemplateFrom, late, tc.year, tc.from, tc.late)
		}
	}
}

func itoa(y int) string { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006") }

// A document whose title names a year with a template is checked against
// it, whatever else the set holds.
func TestDocumentYearFromTitle(t *testing.T) {
	set := spectest.Set(t, 2023, 2024)
	data, err := os.ReadFile("../../testdata/docx/pydocx-full.docx")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 2, 10, 10, 0, 0, 0, spectest.Stockholm) // in the 2024 window
	res, err := Check(data, Options{Templates: set, Received: &at, MailText: "villkorsbeslut 2024"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Template != "2023" || res.TemplateFrom != YearTitle {
		t.Errorf("titled 2023 report: %s from %s", res.Template, res.TemplateFrom)
	}
}
