package answers

import (
	"regexp"
	"slices"
	"sort"
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

// tokens is the set of a text's words, sorted, each once.
type tokens []string

func tokenize(normalized string) tokens {
	return tokenizeInto(nil, normalized)
}

// tokenizeInto is tokenize into dst's storage (dst[:0] reuses it).
func tokenizeInto(dst tokens, normalized string) tokens {
	for rest := normalized; rest != ""; {
		w := rest
		if i := strings.IndexByte(rest, ' '); i >= 0 {
			w, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		if w != "" {
			dst = append(dst, w)
		}
	}
	sort.Strings(dst)
	return slices.Compact(dst)
}

// words is the word set of a normalized paragraph text, in storage the
// reader reuses: valid until its next call.
func (r *reader) words(n string) tokens {
	r.wordBuf = tokenizeInto(r.wordBuf[:0], n)
	return r.wordBuf
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

func newPhrase(s string) phrase {
	n := norm(s)
	return phrase{norm: n, tok: tokenize(n)}
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
	post    map[string][]int
	// scratch of matches: counts per phrase, and the call in which each
	// word was last seen (so a word repeated in a text counts once)
	counts []int
	seen   map[string]int
	call   int
}

func newPhraseIndex(ps []phrase) *phraseIndex {
	ix := &phraseIndex{phrases: ps, exact: map[string]bool{}, post: map[string][]int{},
		counts: make([]int, len(ps)), seen: make(map[string]int, 1024)}
	for i, p := range ps {
		ix.exact[p.norm] = true
		for _, w := range p.tok {
			ix.post[w] = append(ix.post[w], i)
		}
	}
	return ix
}

// matches tells whether the normalized text is one of the phrases, by the
// same rule as phrase.similar. It reads the words of n in place (norm
// leaves one space between words) instead of sorting a copy of them.
func (ix *phraseIndex) matches(n string, min float64) bool {
	if ix.exact[n] {
		return true
	}
	ix.call++
	counts := ix.counts
	clear(counts)
	words := 0 // distinct
	for rest := n; rest != ""; {
		w := rest
		if i := strings.IndexByte(rest, ' '); i >= 0 {
			w, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		if w == "" || ix.seen[w] == ix.call {
			continue
		}
		ix.seen[w] = ix.call
		words++
		for _, i := range ix.post[w] {
			counts[i]++
		}
	}
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
