package document

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// seedDocumentXML returns word/document.xml of every fixture.
func seedDocumentXML(f testing.TB) [][]byte {
	files, _ := filepath.Glob("../../testdata/docx/*.docx")
	var out [][]byte
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			f.Fatal(err)
		}
		for _, zf := range zr.File {
			if zf.Name == "word/document.xml" {
				rc, _ := zf.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				out = append(out, b)
			}
		}
	}
	return out
}

// fuzzBudget is a work budget small enough that the fuzzer reaches its
// bounds with inputs of a few kilobytes.
var fuzzBudget = Limits{XMLDepth: 64, Inflated: 1 << 20, Tokens: 4000, Paragraphs: 60, Runs: 80,
	Rows: 20, Cells: 60, Text: 8 << 10, HeaderBytes: 64 << 10, Definitions: 50, Time: time.Minute}

// FuzzDocumentXML runs the pre-pass and go-docx over arbitrary document XML,
// with the default budget and with a small one: it must never panic,
// whatever it accepts must hold together, and it never builds more than the
// budget allows.
func FuzzDocumentXML(f *testing.F) {
	for _, b := range seedDocumentXML(f) {
		f.Add(b)
	}
	f.Add(body(`<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>x</w:t></w:r></w:p></w:sdtContent></w:sdt>`))
	f.Add(body(`<w:p><w:pPr><w:rPr><w:del/></w:rPr></w:pPr><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:checked/></w:checkBox></w:ffData></w:fldChar></w:r></w:p><w:tbl><w:tr><w:trPr><w:del/></w:trPr><w:tc><w:p/></w:tc></w:tr></w:tbl>`))
	f.Fuzz(func(t *testing.T, documentXML []byte) {
		for _, lim := range []Limits{DefaultLimits, fuzzBudget} {
			m := newMeter(lim)
			pp, err := runPrepass(documentXML, newStyles(m), m)
			if err != nil {
				var fe *FormatError
				if !errors.As(err, &fe) {
					t.Fatalf("error is not a FormatError: %v", err)
				}
				continue
			}
			blocks, err := readBlocks(pp.out.Bytes(), pp.paras, pp.runs)
			if err != nil {
				t.Fatalf("pre-pass output not readable: %v\n%s", err, pp.out.Bytes())
			}
			for _, b := range blocks {
				if (b.Para == nil) == (b.Table == nil) {
					t.Fatalf("block is neither or both a paragraph and a table")
				}
			}
			assertWithin(t, blocks, m)
		}
	})
}

// assertWithin fails when a document read without error used more than
// its budget, by the meter's count and by counting what was built.
func assertWithin(t *testing.T, blocks []Block, m *meter) {
	t.Helper()
	if m.err != nil {
		t.Fatalf("read without error, but the meter says %v", m.err)
	}
	for r := range nResources {
		if m.used[r] > m.max[r] {
			t.Fatalf("%s: used %d, bound %d", resourceNames[r], m.used[r], m.max[r])
		}
	}
	var paras, runs, rows, cells, text int
	for _, b := range blocks {
		if b.Table != nil {
			rows += len(b.Table.Rows)
			for _, r := range b.Table.Rows {
				cells += len(r.Cells)
			}
		}
		for _, p := range b.paragraphs() {
			paras++
			runs += len(p.Runs)
			text += len(p.Text)
		}
	}
	for _, c := range []struct {
		what       string
		got, bound int
	}{
		{"paragraphs", paras, m.lim.Paragraphs}, {"runs", runs, m.lim.Runs}, {"rows", rows, m.lim.Rows},
		{"cells", cells, m.lim.Cells}, {"text bytes", text, int(m.lim.Text)},
	} {
		if c.got > c.bound {
			t.Fatalf("built %d %s, bound %d", c.got, c.what, c.bound)
		}
	}
}

// FuzzParse runs the whole reader over arbitrary files.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/docx/*.docx")
	bad, _ := filepath.Glob("../../testdata/bad/*")
	for _, name := range append(files, bad...) {
		if fi, err := os.Stat(name); err == nil && fi.Size() < 200<<10 {
			data, _ := os.ReadFile(name)
			f.Add(data)
		}
	}
	// the small hostile cases: the structural oddities and the empty
	// paragraphs (the others take a good part of a second each, which
	// would slow every mutation of them)
	hostile, _ := filepath.Glob("../../testdata/hostile/*.docx")
	for _, name := range hostile {
		if fi, err := os.Stat(name); err == nil && fi.Size() < 3<<10 {
			data, _ := os.ReadFile(name)
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lim := range []Limits{DefaultLimits, fuzzBudget} {
			doc, m, err := parse(bytes.NewReader(data), int64(len(data)), lim)
			if err != nil {
				if _, ok := err.(*FormatError); !ok {
					t.Fatalf("error is not a FormatError: %v", err)
				}
				continue
			}
			if doc == nil {
				t.Fatal("nil document without error")
			}
			assertWithin(t, doc.Blocks, m)
		}
	})
}
