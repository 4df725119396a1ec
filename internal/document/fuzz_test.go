package document

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// seedDocumentXML returns word/document.xml of every fixture.
func seedDocumentXML(f *testing.F) [][]byte {
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

// FuzzDocumentXML runs the pre-pass and go-docx over arbitrary document XML:
// it must never panic, and whatever it accepts must hold together.
func FuzzDocumentXML(f *testing.F) {
	for _, b := range seedDocumentXML(f) {
		f.Add(b)
	}
	f.Add(body(`<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>x</w:t></w:r></w:p></w:sdtContent></w:sdt>`))
	f.Add(body(`<w:p><w:pPr><w:rPr><w:del/></w:rPr></w:pPr><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:checked/></w:checkBox></w:ffData></w:fldChar></w:r></w:p><w:tbl><w:tr><w:trPr><w:del/></w:trPr><w:tc><w:p/></w:tc></w:tr></w:tbl>`))
	f.Fuzz(func(t *testing.T, documentXML []byte) {
		st := newStyles()
		pp, err := runPrepass(documentXML, st, DefaultLimits.XMLDepth)
		if err != nil {
			return
		}
		blocks, err := readBlocks(pp.out.Bytes(), pp.paras)
		if err != nil {
			t.Fatalf("pre-pass output not readable: %v\n%s", err, pp.out.Bytes())
		}
		for _, b := range blocks {
			if (b.Para == nil) == (b.Table == nil) {
				t.Fatalf("block is neither or both a paragraph and a table")
			}
		}
	})
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
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := ParseBytes(data)
		if err != nil {
			if _, ok := err.(*FormatError); !ok {
				t.Fatalf("error is not a FormatError: %v", err)
			}
			return
		}
		if doc == nil {
			t.Fatal("nil document without error")
		}
	})
}
