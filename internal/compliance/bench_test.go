package compliance

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"testing"
)

const fullFixture = "../../testdata/docx/pydocx-full.docx"

// BenchmarkCheck is the whole check of the full-size submission: every
// question answered at realistic length, every insats table full.
// Target: under 20 ms and 30 MB allocated per document on one core.
func BenchmarkCheck(b *testing.B) {
	data, err := os.ReadFile(fullFixture)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := Check(data, Options{FileName: "full.docx"})
		if err != nil || len(res.Questions) == 0 {
			b.Fatalf("check: %v", err)
		}
	}
}

// BenchmarkFloor is the least any reader must do: unzip word/document.xml
// and tokenize it. BenchmarkCheck's ns/op divided by this one's is the
// price of everything else (README: "Speed").
func BenchmarkFloor(b *testing.B) {
	data, err := os.ReadFile(fullFixture)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range zr.File {
			if f.Name != "word/document.xml" {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				b.Fatal(err)
			}
			d := xml.NewDecoder(rc)
			n := 0
			for {
				_, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			rc.Close()
			if n == 0 {
				b.Fatal("no tokens")
			}
		}
	}
}
