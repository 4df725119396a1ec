// Package docxtest edits Word files for tests: the fixtures made by real
// producers, with one construct changed in word/document.xml.
package docxtest

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

// EditDocumentXML returns docx with word/document.xml replaced by
// edit(its text); every other part is copied unchanged.
func EditDocumentXML(t testing.TB, docx []byte, edit func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		d, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "word/document.xml" {
			d = []byte(edit(string(d)))
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(d)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// StrayParagraph puts a <w:p> directly inside the first <w:tbl> (after its
// grid), which once made the reader fail with an English internal error
// ("document: read 438 paragraphs, pre-pass wrote 439").
func StrayParagraph(t testing.TB, docx []byte) []byte {
	t.Helper()
	return EditDocumentXML(t, docx, func(s string) string {
		i := strings.Index(s, "</w:tblGrid>")
		if i < 0 {
			t.Fatal("no table in word/document.xml")
		}
		i += len("</w:tblGrid>")
		return s[:i] + "<w:p><w:r><w:t>lös rad</w:t></w:r></w:p>" + s[i:]
	})
}
