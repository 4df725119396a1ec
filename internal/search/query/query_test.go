package query

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in, match string
		terms     []string
	}{
		{"kompetensförsörjning", `"kompetensförsörjning"`, []string{"kompetensförsörjning"}},
		{"  Smart   SPECIALISERING ", `"smart" "specialisering"`, []string{"smart", "specialisering"}},
		{`"smart specialisering"`, `"smart specialisering"`, []string{`"smart specialisering"`}},
		{"kompetens*", `"kompetens*"`, []string{"kompetens*"}},
		{`"regional kompetens*" län`, `"regional kompetens*" "län"`, []string{`"regional kompetens*"`, "län"}},
		{"ÅRE Älv öL", `"åre" "älv" "öl"`, []string{"åre", "älv", "öl"}},
		{"EU-medel", `"eu medel"`, []string{`"eu medel"`}},
		{"2021–2027", `"2021 2027"`, []string{`"2021 2027"`}},
		// operators and syntax are only text
		{"bredband NEAR stöd", `"bredband" "near" "stöd"`, []string{"bredband", "near", "stöd"}},
		{"a OR b AND NOT c", `"a" "or" "b" "and" "not" "c"`, []string{"a", "or", "b", "and", "not", "c"}},
		{"-bredband", `"bredband"`, []string{"bredband"}},
		{"text:bredband", `"text bredband"`, []string{`"text bredband"`}},
		{"(stöd)", `"stöd"`, []string{"stöd"}},
		{"*stöd", `"stöd"`, []string{"stöd"}},
		{"stöd**", `"stöd*"`, []string{"stöd*"}},
		{`stöd"`, `"stöd"`, []string{"stöd"}},
		{`"öppen fras`, `"öppen fras"`, []string{`"öppen fras"`}},
		{`"" stöd`, `"stöd"`, []string{"stöd"}},
		{`stöd STÖD "stöd"`, `"stöd"`, []string{"stöd"}},
		// decomposed å (a + combining ring) is the same as å
		{"a\u030atgärd", `"åtgärd"`, []string{"åtgärd"}},
	} {
		q, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if got := q.Match(); got != tc.match {
			t.Errorf("Parse(%q).Match() = %s, want %s", tc.in, got, tc.match)
		}
		if got := q.Described(); !reflect.DeepEqual(got, tc.terms) {
			t.Errorf("Parse(%q).Described() = %q, want %q", tc.in, got, tc.terms)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`"`, "inga ord"},
		{`- * ( ) : "" ''`, "inga ord"},
		{strings.Repeat("a", MaxQueryBytes+1), "för lång"},
		{numbered("ord", MaxTerms+1, " "), "för många ord"},
		{`"` + numbered("o", MaxWords+1, " ") + `"`, "för många ord"},
	} {
		_, err := Parse(tc.in)
		var qe *QueryError
		if !errors.As(err, &qe) || !errors.Is(err, ErrQuery) || !strings.Contains(qe.Message, tc.want) {
			t.Errorf("Parse(%.40q) = %v, want a QueryError with %q", tc.in, err, tc.want)
		}
	}
	if q, err := Parse("   "); err != nil || len(q.Terms) != 0 || q.Match() != "" {
		t.Errorf("blank: %v %v", q, err)
	}
}

func numbered(word string, n int, sep string) string {
	var parts []string
	for i := range n {
		parts = append(parts, fmt.Sprintf("%s%d", word, i))
	}
	return strings.Join(parts, sep)
}

// FuzzParse: whatever is typed, Parse either refuses it with a Swedish
// message or gives terms made only of letters, digits and marks, and a
// MATCH expression that is nothing but those terms, each in quotes, its
// words separated by one space and a prefix word followed by "*" — no FTS
// syntax of the user's. (That SQLite runs such an expression is checked
// on the seeds and the committed corpus by the search package's
// TestMatchRunsInFTS4, so that fuzzing needs no SQLite.) Its seeds are
// the corpus files named seed-*: FTS syntax, quotes, a lone mark, bytes
// that are not UTF-8, Swedish letters.
func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		q, err := Parse(in)
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) || qe.Message == "" {
				t.Fatalf("Parse(%q): %v is not a QueryError", in, err)
			}
			return
		}
		if len(q.Terms) > MaxTerms {
			t.Fatalf("%d terms", len(q.Terms))
		}
		var want []string
		for _, term := range q.Terms {
			if len(term.Words) == 0 || len(term.Words) != len(term.Prefix) {
				t.Fatalf("Parse(%q): bad term %+v", in, term)
			}
			var words []string
			for i, w := range term.Words {
				if w == "" || !utf8.ValidString(w) {
					t.Fatalf("Parse(%q): bad word %q", in, w)
				}
				for _, r := range w {
					if !wordRune(r) {
						t.Fatalf("Parse(%q): word %q holds %q", in, w, r)
					}
				}
				if term.Prefix[i] {
					w += "*"
				}
				words = append(words, w)
			}
			want = append(want, `"`+strings.Join(words, " ")+`"`)
		}
		if m := q.Match(); m != strings.Join(want, " ") {
			t.Fatalf("Parse(%q).Match() = %q, want only its terms: %q", in, m, strings.Join(want, " "))
		}
		for _, text := range []string{in, "Smart specialisering och kompetensförsörjning i länet " + in} {
			var got strings.Builder
			for _, s := range Snippet(text, q, 8) {
				got.WriteString(s.Text)
			}
			if len(got.String()) > len(text)+2*len(ellipsis) {
				t.Fatalf("Snippet(%q) is longer than the text: %q", text, got.String())
			}
		}
	})
}
