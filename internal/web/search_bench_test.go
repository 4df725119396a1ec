package web

import (
	"net/url"
	"testing"
)

// BenchmarkSearchPages: /sok and /api/search over 21 bodies × 3 years of
// the real-producer fixtures, the search with its page or JSON, broad
// (a word in most answers, a prefix; the first page and the second) and
// narrow (a phrase). Target: under 20 ms; "of-20ms" is the share of it.
func BenchmarkSearchPages(b *testing.B) {
	c := newCompEnv(b, 2023, 2024, 2025)
	for _, bc := range []struct{ name, path string }{
		{"broad/page", "/sok?q=arbetet"},
		{"broad/second-page", "/sok?q=arbetet&offset=100"},
		{"broad/prefix", "/sok?q=" + url.QueryEscape("kompetens*")},
		{"broad/api", "/api/search?q=arbetet"},
		{"narrow/page", "/sok?q=" + url.QueryEscape(`"smart specialisering"`)},
		{"narrow/api", "/api/search?q=" + url.QueryEscape(`"smart specialisering"`)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c.benchGet(b, bc.path)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/20e6, "of-20ms")
		})
	}
}
