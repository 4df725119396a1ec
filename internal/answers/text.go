package answers

import (
	"cmp"
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
//
// Most of a text is lower-case letters, digits and single spaces, which
// norm keeps as they are: such stretches are copied whole, and only the
// characters that change or go end one.
func norm(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // the text so far ends in a space, or is empty
	from := 0     // s[from:i] is kept as it is and not yet written
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf { // ASCII: most of the text, and cheap
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
				i++
				space = false
				continue
			case c == ' ' && !space:
				i++
				space = true
				continue
			}
			b.WriteString(s[from:i])
			i++
			from = i
			switch {
			case 'A' <= c && c <= 'Z':
				b.WriteByte(c + 'a' - 'A')
				space = false
			case !space:
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\u00AD' || r == document.MarkPlaceholder || r == document.MarkChange:
			b.WriteString(s[from:i])
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			space = false
			lower := unicode.ToLower(r)
			if lower == r {
				i += size
				continue
			}
			b.WriteString(s[from:i])
			b.WriteRune(lower)
		default:
			b.WriteString(s[from:i])
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
		i += size
		from = i
	}
	b.WriteString(s[from:])
	return strings.TrimSuffix(b.String(), " ")
}

// tokens is the set of a text's words, each once, by their numbers in
// the reading's lexicon, in the order they first come in the text.
type tokens []int32

// lexicon numbers the words of one reading, the template's and the
// document's, so that word sets are numbers: cheap to build and to
// compare. One lexicon serves one Extract.
type lexicon struct {
	ids map[string]int32
	// seen is, by word number, the call of tokenize that last saw the
	// word: a word repeated in a text is taken once.
	seen []uint32
	call uint32
	// store is where word sets are cut from, so that a paragraph's set is
	// not an allocation of its own
	store []int32
}

func newLexicon(size int) *lexicon {
	return &lexicon{ids: make(map[string]int32, size), seen: make([]uint32, 0, size)}
}

// tokenize is the word set of a normalized text.
func (l *lexicon) tokenize(normalized string) tokens {
	if normalized == "" {
		return nil
	}
	l.call++
	if n := strings.Count(normalized, " ") + 1; cap(l.store)-len(l.store) < n {
		l.store = make([]int32, 0, max(n, 4096))
	}
	start := len(l.store)
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
		id, ok := l.ids[w]
		if !ok {
			id = int32(len(l.seen))
			l.ids[w] = id
			l.seen = append(l.seen, 0)
		}
		if l.seen[id] != l.call {
			l.seen[id] = l.call
			l.store = append(l.store, id)
		}
	}
	return tokens(l.store[start:len(l.store):len(l.store)])
}

// phrase is the lexicon's phrase of s: a template text prepared for comparison.
func (l *lexicon) phrase(s string) phrase {
	n := norm(s)
	p := phrase{norm: n, tok: l.tokenize(n)}
	if len(p.tok) > 0 {
		p.has = make([]uint64, slices.Max(p.tok)/64+1)
	}
	for _, w := range p.tok {
		p.has[w/64] |= 1 << (w % 64)
	}
	return p
}

// dice is the Dice coefficient of the phrase's words and a word set: 1 for
// the same words.
func (p phrase) dice(t tokens) float64 {
	if len(p.tok) == 0 || len(t) == 0 {
		return 0
	}
	common := 0
	for _, w := range t {
		if p.contains(w) {
			common++
		}
	}
	return 2 * float64(common) / float64(len(p.tok)+len(t))
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
	has  []uint64 // tok as a bit set: bit w%64 of has[w/64] is word w
}

// contains tells whether word w is one of the phrase's.
func (p phrase) contains(w int32) bool {
	return int(w/64) < len(p.has) && p.has[w/64]&(1<<(w%64)) != 0
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
	return p.dice(t) >= min
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
	exact map[string]bool
	// The phrases that may match with small edits (of 4 words or more, as
	// in phrase.similar), fewest words first: lens is their numbers of
	// words, and post is, by word number, the phrases with the word, as
	// places in lens in increasing order. A paragraph is compared only with
	// the phrases of comparable length, which are neighbours in lens.
	lens    []int
	post    [][]int32
	counts  []int   // scratch of near: common words per phrase
	touched []int32 // scratch of near: the phrases counted
}

func newPhraseIndex(ps []phrase) *phraseIndex {
	ix := &phraseIndex{exact: make(map[string]bool, len(ps))}
	var near []phrase
	for _, p := range ps {
		ix.exact[p.norm] = true
		if len(p.tok) >= 4 {
			near = append(near, p)
		}
	}
	slices.SortStableFunc(near, func(a, b phrase) int { return cmp.Compare(len(a.tok), len(b.tok)) })
	ix.lens, ix.counts = make([]int, len(near)), make([]int, len(near))
	// the postings are cut from one slice: counted first, then filled
	words, all := 0, 0
	for _, p := range near {
		for _, w := range p.tok {
			words = max(words, int(w)+1)
		}
		all += len(p.tok)
	}
	count := make([]int, words)
	for _, p := range near {
		for _, w := range p.tok {
			count[w]++
		}
	}
	ix.post = make([][]int32, words)
	store := make([]int32, 0, all)
	for w, n := range count {
		ix.post[w] = store[len(store) : len(store) : len(store)+n]
		store = store[:len(store)+n]
	}
	for i, p := range near {
		ix.lens[i] = len(p.tok)
		for _, w := range p.tok {
			ix.post[w] = append(ix.post[w], int32(i))
		}
	}
	return ix
}

// near tells whether the word set t is one of the phrases with small
// edits, by the same rule as phrase.similar (exact is the rest of that rule).
func (ix *phraseIndex) near(t tokens, min float64) bool {
	words := len(t)
	// the phrases of comparable length (comparableLength): from the first
	// of at least words/1.5 words to the last of at most words/0.6
	lo := sort.Search(len(ix.lens), func(i int) bool { return float64(words) <= 1.5*float64(ix.lens[i]) })
	hi := sort.Search(len(ix.lens), func(i int) bool { return float64(words) < 0.6*float64(ix.lens[i]) })
	if lo >= hi {
		return false
	}
	touched := ix.touched[:0]
	for _, w := range t {
		if int(w) >= len(ix.post) {
			continue
		}
		post := ix.post[w]
		k, _ := slices.BinarySearch(post, int32(lo))
		for ; k < len(post) && post[k] < int32(hi); k++ {
			i := post[k]
			if ix.counts[i] == 0 {
				touched = append(touched, i)
			}
			ix.counts[i]++
		}
	}
	found := false
	for _, i := range touched {
		c, n := ix.counts[i], ix.lens[i]
		ix.counts[i] = 0
		if 2*float64(c)/float64(n+words) >= min {
			found = true
		}
	}
	ix.touched = touched
	return found
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
