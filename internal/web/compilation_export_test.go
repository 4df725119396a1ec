package web

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tillvaxtverket/villkorsintag/internal/document"
)

func TestCompilationExports(t *testing.T) {
	e := newTestEnv(t)
	c := e.client(t)
	if resp, _ := c.get("/export/sammanstallning-2023.xlsx"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous download: %d, want a redirect to the login", resp.StatusCode)
	}
	c.login("lars", readerPassword) // reading is enough

	resp, body := c.get("/export/sammanstallning-2023.xlsx")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != xlsxType || !strings.Contains(resp.Header.Get("Content-Disposition"), "sammanstallning-2023.xlsx") {
		t.Fatalf("workbook: %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Tecken")
	if len(rows) != 22 {
		t.Errorf("Tecken: %d rows, want a header and 21 bodies", len(rows))
	}
	f.Close()

	for _, name := range []string{"sammanstallning-2023-3.1.docx", "sammanstallning-2023-avsnitt-3.docx"} {
		resp, body = c.get("/export/" + name)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != docxType {
			t.Fatalf("%s: %d %s", name, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		doc, err := document.ParseBytes([]byte(body))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var text bytes.Buffer
		for _, b := range doc.Blocks {
			if b.Para != nil {
				text.WriteString(b.Para.Text + "\n")
			}
		}
		if !strings.Contains(text.String(), "Region Västerbotten") || !strings.Contains(text.String(), "Utan svar") {
			t.Errorf("%s: no heading for Region Västerbotten or no Utan svar:\n%.400s", name, text.String())
		}
	}
	for _, name := range []string{"sammanstallning-2023-99.1.docx", "sammanstallning-2023-avsnitt-99.docx", "sammanstallning-2031.xlsx", "sammanstallning-2023-3.1.xlsx", "sammanstallning-x.docx"} {
		if resp, body := c.get("/export/" + name); resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "finns inte") {
			t.Errorf("%s: %d, want 404 with a Swedish message", name, resp.StatusCode)
		}
	}
}
