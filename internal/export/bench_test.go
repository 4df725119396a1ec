package export_test

import (
	"context"
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/compilation"
	"github.com/tillvaxtverket/villkorsintag/internal/compilation/compilationtest"
	"github.com/tillvaxtverket/villkorsintag/internal/export"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
)

// BenchmarkWorkbook writes a year's workbook from a database of 21 bodies
// over three report years; BenchmarkQuestionDocx one question's document.
func BenchmarkWorkbook(b *testing.B) {
	c, tp := benchEnv(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := export.Workbook(context.Background(), c, tp); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkQuestionDocx(b *testing.B) {
	c, tp := benchEnv(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := export.Question(context.Background(), c, tp, "3.4", now); err != nil {
			b.Fatal(err)
		}
	}
}

func benchEnv(b *testing.B) (*compilation.Compiler, *spec.Template) {
	e := compilationtest.Build(b, 2023, 2024, 2025)
	tp, err := e.Templates.Load(2023)
	if err != nil {
		b.Fatal(err)
	}
	return compilation.New(e.Store, e.Orgs), tp
}
