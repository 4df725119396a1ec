package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkCompilationPages: the compilation's pages over 21 bodies × 3
// years (2023, 2024 and a third year on the 2024 spec) of the
// real-producer fixtures.
func BenchmarkCompilationPages(b *testing.B) {
	c := newCompEnv(b, 2023, 2024, 2025)
	for _, bc := range []struct{ name, path string }{
		{"Question/text", "/sammanstallning?year=2023&question=9.1"},
		{"Question/insatser", "/sammanstallning?year=2024&question=3.4"},
		{"Question/choices", "/sammanstallning?year=2023&question=10.3"},
		{"API/question", "/api/compilation?year=2023&question=9.1"},
		{"Insatser", "/insatser?year=2023"},
		{"Insatser/filtered", "/insatser?year=2023&q=kommun&sort=-c2"},
		{"Choices", "/val?year=2024"},
		{"Overview", "/oversikt?year=2023"},
	} {
		b.Run(bc.name, func(b *testing.B) { c.benchGet(b, bc.path) })
	}
}

// benchGet serves GET path to the logged-in officer in a loop, with its
// allocations reported; any status but 200 fails the benchmark.
func (c *compEnv) benchGet(b *testing.B, path string) {
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("GET", path, nil)
		req.AddCookie(c.cookie)
		rec := httptest.NewRecorder()
		c.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
		}
	}
}
