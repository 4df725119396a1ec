package answers

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tillvaxtverket/villkorsintag/internal/document"
)

// clean removes the pre-pass's markers and trims the text.
func clean(s string) string {
	if strings.ContainsRune(s, document.MarkPlaceholder) || strings.ContainsRune(s, document.MarkChange) {
		s = strings.Map(func(r rune) rune {
			if r == document.MarkPlaceholder || r == document.MarkChange {
				return -1
			}
			return r
		}, s)
	}
	return strings.TrimSpace(s)
}

// norm folds a text for comparison: lower case, dashes and spaces unified,
// punctuation dropped, soft hyphens and markers removed, one space between words.
func norm(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf { // ASCII: most of the text, and cheap
			i++
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
				b.WriteByte(c)
				space = false
			case 'A' <= c && c <= 'Z':
				b.WriteByte(c + 'a' - 'A')
				space = false
			default:
				if !space {
					b.WriteByte(' ')
					space = true
				}
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\u00AD' || r == document.MarkPlaceholder || r == document.MarkChange:
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), " ")
}

// tokens is the set of a text's words, sorted, each once, by their
// numbers in the reading's lexicon.
type tokens []int32

// lexicon numbers the words of one reading, the template's and the
// document's, so that word sets are sorted numbers: cheap to build and to
// compare. One lexicon serves one Extract.
type lexicon map[string]int32

// tokenize is the word set of a normalized text.
func (l lexicon) tokenize(normalized string) tokens {
	if normalized == "" {
		return nil
	}
	set := make(tokens, 0, strings.Count(normalized, " ")+1)
	for rest := normalized; rest != ""; {
		w := rest
		if i := strings.IndexByte(rest, ' '); i >= 0 {
			w, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		if w == "" {
			continue
		}
		id, ok := l[w]
		if !ok {
			id = int32(len(l))
			l[w] = id
		}
		set = append(set, id)
	}
	slices.Sort(set)
	return slices.Compact(set)
}

// phrase is the lexicon's phrase of s: a template text prepared for comparison.
func (l lexicon) phrase(s string) phrase {
	n := norm(s)
	return phrase{norm: n, tok: l.tokenize(n)}
}

// dice is the Dice coefficient of two word sets: 1 for the same words.
func dice(a, b tokens) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	common := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			common++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return 2 * float64(common) / float64(len(a)+len(b))
}

// reNumber finds a number typed before a heading: "1.1", "3.4.", "10 ".
var reNumber = regexp.MustCompile(`^\s*(\d{1,2}(?:\.\d{1,2})?)\.?(?:\s+|$)`)

// numberPrefix splits "1.1 Beskriv …" into "1.1" and "Beskriv …".
func numberPrefix(s string) (num, rest string) {
	m := reNumber.FindStringSubmatchIndex(s)
	if m == nil {
		return "", s
	}
	return s[m[2]:m[3]], s[m[1]:]
}

// phrase is a template text prepared for comparison.
type phrase struct {
	norm string
	tok  tokens
}

// similar tells whether a paragraph is the template text, tolerating small edits.
func (p phrase) similar(n string, t tokens, min float64) bool {
	if p.norm == n {
		return true
	}
	if len(p.tok) < 4 { // short texts must match word for word
		return false
	}
	if !comparableLength(len(t), len(p.tok)) {
		return false
	}
	return dice(p.tok, t) >= min
}

// comparableLength tells whether a paragraph of n words may be a template
// text of m words with small edits.
func comparableLength(n, m int) bool {
	return float64(n) <= 1.5*float64(m) && float64(n) >= 0.6*float64(m)
}

// phraseIndex finds, among many template texts, one a paragraph is: an
// inverted index from word to texts, so a paragraph costs one pass over
// its words instead of one comparison per text.
type phraseIndex struct {
	phrases []phrase
	exact   map[string]bool
	post    [][]int32 // by word number: the phrases with the word
	counts  []int     // scratch of matches: common words per phrase
}

func newPhraseIndex(ps []phrase) *phraseIndex {
	ix := &phraseIndex{phrases: ps, exact: make(map[string]bool, len(ps)), counts: make([]int, len(ps))}
	for i, p := range ps {
		ix.exact[p.norm] = true
		for _, w := range p.tok {
			if int(w) >= len(ix.post) {
				ix.post = append(ix.post, make([][]int32, int(w)+1-len(ix.post))...)
			}
			ix.post[w] = append(ix.post[w], int32(i))
		}
	}
	return ix
}

// matches tells whether the normalized text n, of word set t, is one of
// the phrases, by the same rule as phrase.similar.
func (ix *phraseIndex) matches(n string, t tokens, min float64) bool {
	if ix.exact[n] {
		return true
	}
	counts := ix.counts
	clear(counts)
	for _, w := range t {
		if int(w) < len(ix.post) {
			for _, i := range ix.post[w] {
				counts[i]++
			}
		}
	}
	words := len(t)
	for i, c := range counts {
		p := ix.phrases[i]
		if c == 0 || len(p.tok) < 4 {
			continue
		}
		if !comparableLength(words, len(p.tok)) {
			continue
		}
		if 2*float64(c)/float64(len(p.tok)+words) >= min {
			return true
		}
	}
	return false
}

// para is a paragraph text prepared for comparison. The reader prepares
// each text once: locate, isBoilerplate and the item and header matching
// read the same paragraphs.
type para struct {
	norm           string
	tok            tokens // the word set, once asked for
	tokDone        bool
	boiler, judged bool // isBoilerplate's answer, once asked for
}

// para returns the prepared text.
func (r *reader) para(text string) *para {
	if p, ok := r.paras[text]; ok {
		return p
	}
	if len(r.paraStore) == cap(r.paraStore) {
		r.paraStore = make([]para, 0, 256)
	}
	r.paraStore = append(r.paraStore, para{norm: norm(text)})
	p := &r.paraStore[len(r.paraStore)-1]
	r.paras[text] = p
	return p
}

// words is the word set of a prepared text.
func (r *reader) words(p *para) tokens {
	if !p.tokDone {
		p.tok, p.tokDone = r.lex.tokenize(p.norm), true
	}
	return p.tok
}
