package answers

import (
	"os"
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/document"
	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
)

// BenchmarkExtractLong reads the long report (README: "Speed") against the
// embedded 2023 template; the document is parsed once, outside the loop.
func BenchmarkExtractLong(b *testing.B) {
	doc := longDocument(b)
	t := spectest.Template(b, 2023)
	b.ReportAllocs()
	for b.Loop() {
		if ex := Extract(t, doc); ex.Found == 0 {
			b.Fatal("no heading found")
		}
	}
}

// longDocument is the long report, parsed.
func longDocument(tb testing.TB) *document.Document {
	tb.Helper()
	data, err := os.ReadFile("../../testdata/docx/pydocx-long.docx")
	if err != nil {
		tb.Fatal(err)
	}
	doc, err := document.ParseBytes(data)
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}
