package query

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Segment is a piece of a snippet; Match marks a hit.
type Segment struct {
	Text  string `json:"text"`
	Match bool   `json:"match,omitempty"`
}

const ellipsis = "…"

// token is a word of the text (bytes start to end); hit is the index + 1
// of the term whose occurrence starts here, marked whether the word is
// part of one.
type token struct {
	start, end int32
	hit        uint8
	marked     bool
}

// asciiWord tells which ASCII bytes are word characters (wordRune).
var asciiWord = func() (t [128]bool) {
	for c := range t {
		t[c] = wordRune(rune(c))
	}
	return t
}()

// tokens finds the words of text as the index does (letters, digits,
// marks), appending them to out.
func tokens(text string, out []token) []token {
	i := 0
	for i < len(text) {
		for i < len(text) { // the gap
			word, n := wordAt(text, i)
			if word {
				break
			}
			i += n
		}
		if i == len(text) {
			break
		}
		start := i
		for i < len(text) { // the word
			word, n := wordAt(text, i)
			if !word {
				break
			}
			i += n
		}
		out = append(out, token{start: int32(start), end: int32(i)})
	}
	return out
}

// wordAt tells whether the character at text[i] is a word character, and
// its length in bytes.
func wordAt(text string, i int) (bool, int) {
	if c := text[i]; c < utf8.RuneSelf {
		return asciiWord[c], 1
	}
	r, n := utf8.DecodeRuneInString(text[i:])
	return wordRune(r), n
}

// foldedIs tells whether word, lower-cased, is w (or begins with it, for
// a prefix); w is lower case already. It is strings.ToLower(word) == w
// (or strings.HasPrefix) without making the lower-cased copy.
func foldedIs(word, w string, prefix bool) bool {
	for len(w) > 0 {
		if len(word) == 0 {
			return false
		}
		var r, wr rune
		n, wn := 1, 1
		if c := word[0]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			r = rune(c)
		} else {
			r, n = utf8.DecodeRuneInString(word)
			r = unicode.ToLower(r)
		}
		if c := w[0]; c < utf8.RuneSelf {
			wr = rune(c)
		} else {
			wr, wn = utf8.DecodeRuneInString(w)
		}
		if r != wr {
			return false
		}
		word, w = word[n:], w[wn:]
	}
	return prefix || len(word) == 0
}

// matchesAt tells whether the term occurs at token i.
func (t Term) matchesAt(text string, toks []token, i int) bool {
	if i+len(t.Words) > len(toks) {
		return false
	}
	for k, w := range t.Words {
		tk := toks[i+k]
		if !foldedIs(text[tk.start:tk.end], w, t.Prefix[k]) {
			return false
		}
	}
	return true
}

// Snippet is the part of text around the query's hits: a window of about
// words words that holds the most of the terms (then the most hits),
// each hit a Match segment, "…" where text is left out. It is plain text,
// to be escaped by whoever shows it: never HTML from the database. The
// segments' texts are parts of text, not copies, except where "…" is
// joined on.
func Snippet(text string, q Query, words int) []Segment {
	return snippet(text, q, words, nil)
}

// Snippets makes the snippets of one search's answers, reusing one buffer
// for their words. The zero value is ready to use.
type Snippets struct{ buf []token }

// Snippet is the package's Snippet, with the buffer reused.
func (s *Snippets) Snippet(text string, q Query, words int) []Segment {
	return snippet(text, q, words, &s.buf)
}

// snippet is Snippet with a buffer for the words that one search reuses
// for each of its answers.
func snippet(text string, q Query, words int, buf *[]token) []Segment {
	var toks []token
	if buf != nil {
		toks = tokens(text, (*buf)[:0])
		*buf = toks
	} else {
		toks = tokens(text, make([]token, 0, len(text)/7+1))
	}
	// the first bytes a hit can begin with: both cases of an ASCII
	// letter, any byte of a longer character
	var first [256]bool
	for c := utf8.RuneSelf; c < 256; c++ {
		first[c] = true
	}
	for _, t := range q.Terms {
		if c := t.Words[0][0]; c < utf8.RuneSelf {
			first[c] = true
			if 'a' <= c && c <= 'z' {
				first[c-'a'+'A'] = true
			}
		}
	}
	var hits []int32 // tokens where a term's occurrence starts
	for i := range toks {
		if !first[text[toks[i].start]] {
			continue
		}
		for ti, t := range q.Terms {
			if t.matchesAt(text, toks, i) {
				toks[i].hit = uint8(min(ti, MaxTerms-1) + 1)
				for k := range t.Words {
					toks[i+k].marked = true
				}
				hits = append(hits, int32(i))
				break
			}
		}
	}
	if words <= 0 {
		words = 32
	}
	// the best window [from, from+words): windows worth having start at a
	// hit (or the start)
	from, bestTerms, bestHits := 0, -1, -1
	window := func(s int) {
		var seen [MaxTerms + 1]bool
		terms, n := 0, 0
		for i := s; i < len(toks) && i < s+words; i++ {
			if h := toks[i].hit; h != 0 {
				if !seen[h] {
					seen[h] = true
					terms++
				}
				n++
			}
		}
		if terms > bestTerms || terms == bestTerms && n > bestHits {
			from, bestTerms, bestHits = s, terms, n
		}
	}
	if len(toks) > 0 && toks[0].hit == 0 {
		window(0)
	}
	for _, s := range hits {
		window(int(s))
	}
	// a few words of context before the first hit
	if from > 0 {
		from = max(0, from-words/4)
	}
	to := min(len(toks), from+words) // exclusive
	if len(toks) == 0 {
		if text == "" {
			return nil
		}
		return []Segment{{Text: clip(text, 300)}}
	}
	// pieces of text, each [start, end), neighbours of the same kind joined
	type piece struct {
		start, end int
		match      bool
	}
	ps := make([]piece, 0, 2*bestHits+3)
	add := func(start, end int, match bool) {
		if start == end {
			return
		}
		if n := len(ps); n > 0 && ps[n-1].match == match && ps[n-1].end == start {
			ps[n-1].end = end
			return
		}
		ps = append(ps, piece{start, end, match})
	}
	pos := int(toks[from].start)
	if from == 0 {
		pos = 0
	}
	for i := from; i < to; i++ {
		add(pos, int(toks[i].start), false)
		add(int(toks[i].start), int(toks[i].end), toks[i].marked)
		pos = int(toks[i].end)
	}
	if to == len(toks) {
		add(pos, len(text), false)
	} else {
		// up to the next word, without the space before it
		add(pos, pos+len(strings.TrimRight(text[pos:toks[to].start], " \t\n")), false)
	}
	out := make([]Segment, 0, len(ps)+2)
	if from > 0 && !ps[0].match {
		out = append(out, Segment{Text: ellipsis + text[ps[0].start:ps[0].end]})
		ps = ps[1:]
	} else if from > 0 {
		out = append(out, Segment{Text: ellipsis})
	}
	for _, p := range ps {
		out = append(out, Segment{Text: text[p.start:p.end], Match: p.match})
	}
	if to < len(toks) {
		if n := len(out); !out[n-1].Match {
			out[n-1].Text += ellipsis
		} else {
			out = append(out, Segment{Text: ellipsis})
		}
	}
	return out
}

// clip cuts s to at most n bytes at a character boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + ellipsis
}
