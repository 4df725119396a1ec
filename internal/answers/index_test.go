package answers

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
)

// TestPhraseIndex holds the boilerplate index to its rule, phrase.similar
// tried against every phrase, on the 2023 template's own texts edited in
// small and large ways and on the long report's paragraphs.
func TestPhraseIndex(t *testing.T) {
	tp := spectest.Template(t, 2023)
	lex := newLexicon(0)
	var texts []string
	var ps []phrase
	for _, s := range append(append([]string{}, tp.Boilerplate...), tp.InsatsColumns...) {
		ps = append(ps, lex.phrase(s))
		w := strings.Fields(s)
		texts = append(texts, s, strings.ToUpper(s), s+" och lite mer text", s+" "+s,
			strings.Join(w[min(1, len(w)):], " "), strings.Join(w[:len(w)/2], " "),
			strings.Join(w[:max(len(w)-2, 0)], " ")+" helt annat slut")
		texts = append(texts, strings.Join(w[min(2, len(w)):], " "))
		more := s // with nearly half again as many words, all new
		for i := range len(ps[len(ps)-1].tok) * 45 / 100 {
			more += fmt.Sprintf(" nytt%d", i)
		}
		texts = append(texts, more)
	}
	for _, b := range longDocument(t).Blocks {
		for p := range paragraphs(b) {
			texts = append(texts, p.Text)
		}
	}
	ix := newPhraseIndex(ps)
	// isBoilerplate asks for 0.9; lower thresholds let the length rule
	// (comparableLength) decide more texts
	for _, min := range []float64{0.9, 0.7, 0.5, 0.3} {
		matched := 0
		for _, s := range texts {
			n := norm(s)
			tok := lex.tokenize(n)
			want := false
			for _, p := range ps {
				want = want || p.similar(n, tok, min)
			}
			if got := ix.exact[n] || ix.near(tok, min); got != want {
				t.Errorf("%q at %v: index says %v, the phrases %v", s, min, got, want)
			}
			if want {
				matched++
			}
		}
		if matched < len(ps) || matched == len(texts) {
			t.Errorf("at %v %d of %d texts match: the cases do not test both ways", min, matched, len(texts))
		}
	}
}
