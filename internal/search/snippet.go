package search

import (
	"strings"
	"unicode/utf8"
)

// Segment is a piece of a snippet; Match marks a hit.
type Segment struct {
	Text  string `json:"text"`
	Match bool   `json:"match,omitempty"`
}

const ellipsis = "…"

type token struct{ start, end int } // bytes

// tokens finds the words of text as the index does (letters, digits,
// marks).
func tokens(text string) []token {
	out := make([]token, 0, len(text)/6)
	start := -1
	for i, r := range text {
		if wordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, token{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, token{start, len(text)})
	}
	return out
}

// matchesAt tells whether the term occurs at token i; lower is the text
// lower-cased (the same byte offsets), or "" to lower-case each word.
func (t Term) matchesAt(text, lower string, toks []token, i int) bool {
	if i+len(t.Words) > len(toks) {
		return false
	}
	for k, w := range t.Words {
		tk := toks[i+k]
		var tw string
		if lower != "" {
			tw = lower[tk.start:tk.end]
		} else {
			tw = strings.ToLower(text[tk.start:tk.end])
		}
		if t.Prefix[k] && !strings.HasPrefix(tw, w) || !t.Prefix[k] && tw != w {
			return false
		}
	}
	return true
}

// Snippet is the part of text around the query's hits: a window of about
// words words that holds the most of the terms (then the most hits),
// each hit a Match segment, "…" where text is left out. It is plain text,
// to be escaped by whoever shows it: never HTML from the database.
func Snippet(text string, q Query, words int) []Segment {
	toks := tokens(text)
	lower := strings.ToLower(text)
	if len(lower) != len(text) {
		lower = "" // a letter whose lower case is longer or shorter: word by word
	}
	hit := make([]int, len(toks)) // term index + 1 of a hit starting here
	marked := make([]bool, len(toks))
	for i := range toks {
		for ti, t := range q.Terms {
			if t.matchesAt(text, lower, toks, i) {
				hit[i] = ti + 1
				for k := range t.Words {
					marked[i+k] = true
				}
				break
			}
		}
	}
	if words <= 0 {
		words = 32
	}
	// the best window [from, from+words)
	from, bestTerms, bestHits := 0, -1, -1
	for s := 0; s < len(toks); s++ {
		if hit[s] == 0 && s > 0 {
			continue // windows worth having start at a hit (or the start)
		}
		var seen [MaxTerms + 1]bool
		terms, hits := 0, 0
		for i := s; i < len(toks) && i < s+words; i++ {
			if h := min(hit[i], MaxTerms); h != 0 {
				if !seen[h] {
					seen[h] = true
					terms++
				}
				hits++
			}
		}
		if terms > bestTerms || terms == bestTerms && hits > bestHits {
			from, bestTerms, bestHits = s, terms, hits
		}
	}
	// a few words of context before the first hit
	if from > 0 {
		from = max(0, from-words/4)
	}
	to := min(len(toks), from+words) // exclusive
	var out []Segment
	add := func(s string, match bool) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Match == match {
			out[n-1].Text += s
			return
		}
		out = append(out, Segment{Text: s, Match: match})
	}
	if len(toks) == 0 {
		add(clip(text, 300), false)
		return out
	}
	pos := 0
	if from > 0 {
		add(ellipsis, false)
		pos = toks[from].start
	}
	for i := from; i < to; i++ {
		add(text[pos:toks[i].start], false)
		add(text[toks[i].start:toks[i].end], marked[i])
		pos = toks[i].end
	}
	if to == len(toks) {
		add(text[pos:], false)
	} else {
		// up to the next word, without the space before it
		add(strings.TrimRight(text[pos:toks[to].start], " \t\n"), false)
		add(ellipsis, false)
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
