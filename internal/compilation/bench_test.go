package compilation_test

import (
	"context"
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/compilation"
	"github.com/tillvaxtverket/villkorsintag/internal/compilation/compilationtest"
)

// benchCompiler: 21 bodies × 3 years (2023, 2024 and a third year on the
// 2024 spec), from the real-producer fixtures.
func benchCompiler(b *testing.B) (*compilation.Compiler, *compilationtest.Env) {
	e := compilationtest.Build(b, 2023, 2024, 2025)
	return compilation.New(e.Store, e.Orgs), e
}

func BenchmarkCompilation(b *testing.B) {
	c, e := benchCompiler(b)
	t, _ := e.Templates.Load(2023)
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		fn   func() (int, error)
	}{
		{"Question/text-9.1", func() (int, error) { r, err := c.Question(ctx, t, "9.1"); return len(r), err }},
		{"Question/insatser-3.4", func() (int, error) { r, err := c.Question(ctx, t, "3.4"); return len(r), err }},
		{"Question/choices-10.3", func() (int, error) { r, err := c.Question(ctx, t, "10.3"); return len(r), err }},
		{"Insatser", func() (int, error) { r, err := c.Insatser(ctx, t); return len(r), err }},
		{"Choices", func() (int, error) { r, err := c.Choices(ctx, t); return len(r), err }},
		{"Chars", func() (int, error) { r, err := c.Chars(ctx, t); return len(r), err }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if n, err := bc.fn(); err != nil || n == 0 {
					b.Fatalf("%d rows, %v", n, err)
				}
			}
		})
	}
}
