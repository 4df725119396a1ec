// Package query parses what a case officer types into the search box into
// a safe SQLite full-text (FTS4) query, and finds its terms again in an
// answer's text for the highlighted snippets. It holds no database: the
// search package runs the query.
//
// The user's text never reaches MATCH as syntax: it is split into words
// and phrases here, and each one is written out as a quoted FTS string of
// letters and digits only, so that quotes, NEAR, AND, OR, NOT, minus
// signs, parentheses or column names in the input are only text.
package query

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Limits on a query, so that one request cannot ask for unbounded work.
const (
	MaxQueryBytes = 500
	MaxTerms      = 20
	MaxWords      = 50
)

// ErrQuery is wrapped by every error Parse returns; its message is Swedish
// and meant for the user.
var ErrQuery = errors.New("ogiltig sökning")

// QueryError is a query that cannot be searched, with a Swedish message.
type QueryError struct{ Message string }

func (e *QueryError) Error() string { return e.Message }

// Unwrap makes errors.Is(err, ErrQuery) true.
func (e *QueryError) Unwrap() error { return ErrQuery }

// Term is one thing every matching answer must contain: a word, or a
// phrase of words in this order. Prefix marks the words that match any
// word they begin (written "kompetens*").
type Term struct {
	Words  []string `json:"words"`
	Prefix []bool   `json:"prefix"`
	Quoted bool     `json:"quoted,omitempty"` // written in quotes
}

// String is the term as the user could have typed it.
func (t Term) String() string {
	if t.Quoted || len(t.Words) > 1 {
		return `"` + t.words() + `"`
	}
	return t.words()
}

// match is the term as an FTS4 string: in quotes, the words lower-cased,
// "*" after a prefix word. Words hold only letters, digits and marks, so
// nothing in them is FTS syntax.
func (t Term) match() string { return `"` + t.words() + `"` }

// words is the term's words, one space between them, "*" after a prefix
// word.
func (t Term) words() string {
	var b strings.Builder
	for i, w := range t.Words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		if t.Prefix[i] {
			b.WriteByte('*')
		}
	}
	return b.String()
}

// Query is a parsed search.
type Query struct {
	Input string // as typed (trimmed)
	Terms []Term
}

// Match is the FTS4 MATCH expression: every term (implicit AND).
func (q Query) Match() string {
	parts := make([]string, len(q.Terms))
	for i, t := range q.Terms {
		parts[i] = t.match()
	}
	return strings.Join(parts, " ")
}

// Described is the terms as the search understood them, for the page.
func (q Query) Described() []string {
	out := make([]string, len(q.Terms))
	for i, t := range q.Terms {
		out[i] = t.String()
	}
	return out
}

// wordRune tells whether r is part of a word: letters, digits and
// combining marks (as SQLite's unicode61 tokenizer counts them, near
// enough; inside quotes the tokenizer splits again where it differs).
func wordRune(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me, unicode.Co)
}

// Parse reads a search as typed:
//
//   - words separated by spaces must all occur in the answer (any order);
//   - "two words" in quotes must occur together, in this order;
//   - a word written together with punctuation (EU-medel, 2021–2027) is
//     searched as a phrase of its parts, as the index splits it;
//   - a * straight after a word makes it a prefix: kompetens* finds
//     kompetensförsörjning;
//   - upper and lower case are the same (Å and å too); å, ä and ö are
//     letters of their own (lan does not find län);
//   - everything else (a quote left open, -, NEAR, OR, parentheses) is
//     only text: a quote left open runs to the end.
//
// An empty input is an empty query without error. An input with no words
// at all, or too long, or with too many terms, is a *QueryError.
func Parse(input string) (Query, error) {
	input = strings.TrimSpace(input)
	q := Query{Input: input}
	if input == "" {
		return q, nil
	}
	if len(input) > MaxQueryBytes {
		return q, &QueryError{fmt.Sprintf("Sökningen är för lång: högst %d tecken.", MaxQueryBytes)}
	}
	if !utf8.ValidString(input) {
		input = strings.ToValidUTF8(input, " ")
	}
	input = norm.NFC.String(input)
	rs := []rune(input)
	seen := map[string]bool{}
	add := func(t Term) {
		if len(t.Words) == 0 {
			return
		}
		if k := t.match(); !seen[k] {
			seen[k] = true
			q.Terms = append(q.Terms, t)
		}
	}
	for i := 0; i < len(rs); {
		switch r := rs[i]; {
		case r == '"':
			j := i + 1
			for j < len(rs) && rs[j] != '"' {
				j++
			}
			t := words(rs[i+1 : j])
			t.Quoted = true
			add(t)
			i = j + 1
		case unicode.IsSpace(r):
			i++
		default:
			j := i
			for j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != '"' {
				j++
			}
			add(words(rs[i:j]))
			i = j
		}
	}
	if len(q.Terms) == 0 {
		return q, &QueryError{"Sökningen innehåller inga ord att söka efter, bara skiljetecken. Skriv ett eller flera ord."}
	}
	n := 0
	for _, t := range q.Terms {
		n += len(t.Words)
	}
	if len(q.Terms) > MaxTerms || n > MaxWords {
		return q, &QueryError{fmt.Sprintf("Sökningen har för många ord: högst %d ord eller fraser, och högst %d ord i allt.", MaxTerms, MaxWords)}
	}
	return q, nil
}

// words splits a chunk into its words, lower-cased; a * directly after a
// word makes it a prefix.
func words(rs []rune) Term {
	var t Term
	for i := 0; i < len(rs); {
		if !wordRune(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && wordRune(rs[j]) {
			j++
		}
		t.Words = append(t.Words, strings.ToLower(string(rs[i:j])))
		t.Prefix = append(t.Prefix, j < len(rs) && rs[j] == '*')
		i = j
	}
	return t
}
