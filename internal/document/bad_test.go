package document

import (
	"errors"
	"os"
	"testing"
)

// TestBadInput feeds every file in testdata/bad (made by LibreOffice and
// Python, see its README) and expects a clear refusal, never a panic.
func TestBadInput(t *testing.T) {
	tests := []struct {
		file, kind string
	}{
		{"empty.docx", "empty"},
		{"notzip.docx", "not_zip"},
		{"legacy.doc", "doc"},
		{"encrypted.docx", "encrypted"},
		{"report.pdf", "pdf"},
		{"report.rtf", "rtf"},
		{"report.odt", "odt"},
		{"macro.docm", "docm"},
		{"truncated.docx", "corrupt"},
		{"zipbomb.docx", "unsafe"},
		{"zip-many.docx", "unsafe"},
		{"traversal.docx", "unsafe"},
		{"doctype.docx", "unsafe"},
		{"deepnest.docx", "unsafe"},
		{"theme.docx", "not_docx"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile("../../testdata/bad/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := ParseBytes(data)
			if err == nil {
				t.Fatalf("parsed %d blocks, want a %s refusal", len(doc.Blocks), tt.kind)
			}
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FormatError", err)
			}
			if !errors.Is(err, ErrNotDocx) {
				t.Errorf("errors.Is(err, ErrNotDocx) = false")
			}
			if fe.Kind != tt.kind {
				t.Errorf("kind %q (%v), want %q", fe.Kind, err, tt.kind)
			}
			if fe.Reason == "" {
				t.Errorf("no reason for the user")
			}
		})
	}
}

func TestSniffFlatXMLAndHTML(t *testing.T) {
	for in, kind := range map[string]string{
		`<?xml version="1.0"?><pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">`: "flat_xml",
		"<html><body>rapport</body></html>": "html",
		"\xef\xbb\xbf%PDF-1.7":              "pdf",
	} {
		_, err := ParseBytes([]byte(in))
		var fe *FormatError
		if !errors.As(err, &fe) || fe.Kind != kind {
			t.Errorf("%.20q: got %v, want kind %s", in, err, kind)
		}
	}
}
