package document

import (
	"errors"
	"os"
	"strings"
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

// TestBadContainer: one file per container check (testdata/make/zip/make.py),
// each refused by that check and no other.
func TestBadContainer(t *testing.T) {
	for _, tt := range badContainer {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile("../../testdata/bad/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			_, err = ParseBytes(data)
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a *FormatError", err)
			}
			if fe.Kind != tt.kind || fe.Reason != tt.reason || fe.Err == nil && tt.detail != "" ||
				fe.Err != nil && !strings.Contains(fe.Err.Error(), tt.detail) {
				t.Errorf("got kind %q, reason %q, cause %v\nwant %q, %q, a cause with %q", fe.Kind, fe.Reason, fe.Err, tt.kind, tt.reason, tt.detail)
			}
		})
	}
}

var badContainer = []struct{ file, kind, reason, detail string }{
	{"name-leading-slash.docx", "unsafe", "filen innehåller en del med otillåtet namn", `entry name "/etc/evil.txt"`},
	{"name-backslash.docx", "unsafe", "filen innehåller en del med otillåtet namn", `entry name "word\\evil.txt"`},
	{"name-nul.docx", "unsafe", "filen innehåller en del med otillåtet namn", `entry name "word/evil\x00txt.xml"`},
	{"name-invalid-utf8.docx", "unsafe", "filen innehåller en del med otillåtet namn", `entry name "word/evil-\xff\xfe.xml"`},
	{"name-duplicate.docx", "unsafe", "filen innehåller dubblerade delar", `duplicate entry "Word/Document.xml"`},
	{"entry-encrypted.docx", "encrypted", "filen innehåller krypterade delar", ""},
	{"entry-unknown-method.docx", "corrupt", "filen använder en okänd komprimeringsmetod", `method 12 in "word/styles.xml"`},
}

// TestEveryBadFileTested: each file in testdata/bad has a test here and a
// line in its README.
func TestEveryBadFileTested(t *testing.T) {
	tested := map[string]bool{"README.md": true}
	for _, tt := range badContainer {
		tested[tt.file] = true
	}
	src, _ := os.ReadFile("bad_test.go")
	readme, _ := os.ReadFile("../../testdata/bad/README.md")
	entries, err := os.ReadDir("../../testdata/bad")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !tested[e.Name()] && !strings.Contains(string(src), `{"`+e.Name()+`", "`) {
			t.Errorf("testdata/bad/%s has no test in TestBadInput or TestBadContainer", e.Name())
		}
		if e.Name() != "README.md" && !strings.Contains(string(readme), "- `"+e.Name()+"` — ") {
			t.Errorf("testdata/bad/%s has no line in testdata/bad/README.md", e.Name())
		}
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
