package answers

import (
	"strings"
	"testing"
	"unicode"

	"github.com/tillvaxtverket/villkorsintag/internal/document"
)

// normPlain is norm written the plain way: the words of the text (runs of
// letters and digits, lower-cased; soft hyphens and markers dropped within
// them), joined by single spaces.
func normPlain(s string) string {
	var words []string
	var w []rune
	for _, r := range s {
		switch {
		case r == '\u00AD' || r == document.MarkPlaceholder || r == document.MarkChange:
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			w = append(w, unicode.ToLower(r))
		default:
			if len(w) > 0 {
				words = append(words, string(w))
				w = nil
			}
		}
	}
	if len(w) > 0 {
		words = append(words, string(w))
	}
	return strings.Join(words, " ")
}

// normCases are texts where norm's copying of unchanged stretches could go
// wrong: at the start and end, next to upper case (ASCII and not), Swedish
// letters, combining marks, non-breaking and other spaces, soft hyphens,
// markers, invalid UTF-8.
var normCases = []string{
	"",
	" ",
	"a",
	"A",
	"abc def",
	"abc  def",
	" abc def ",
	"abc def.",
	"Återrapportering",
	"återrapportering av villkorsbeslut",
	"ÅÄÖ åäö Éé ÆØ æø ÿŸ",
	"stor Ökning, små ändringar",
	"fjärde\u00A0kvartalet",
	"fjärde\u2009\u2003kvartalet\u3000",
	"e\u2011tjänst – digitala tjänster — ja",
	"strategiskt\u00ADviktigaste",
	"\u00ADinledning\u00AD",
	"svar\ue000 här\ue001",
	"\ue000\ue001",
	"cafe\u0301 och re\u0301sume\u0301", // combining acute: a mark, not a letter
	"Ω ω Σ σ ς İ ı",
	"ǅungla ǈ ǋ",            // title-case letters
	"٣٤ ¹²³ ½ Ⅻ ⅻ",          // digits and numbers that are not digits
	"x\xffy \xc3 z\xe2\x82", // invalid UTF-8
	"\uFFFD ersättning",
	"1.1 Beskriv hur – det\u00A0strategiskt\u00ADviktigaste  ",
	"ÄR DET SÅ? Ja/Nej ☐ ☒",
	"tab\there\nand\r\nthere",
	"ÖLAND",
	"öland",
	"ß straße STRASSE",
	"själv-skattning 2023-2024 (bilaga_1) §4 #5 @x",
	"a-b",
	"-a- .b. ,",
}

func TestNormPlain(t *testing.T) {
	for _, s := range normCases {
		if got, want := norm(s), normPlain(s); got != want {
			t.Errorf("norm(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzNorm(f *testing.F) {
	for _, s := range normCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := norm(s), normPlain(s); got != want {
			t.Errorf("norm(%q) = %q, want %q", s, got, want)
		}
	})
}

// dicePlain is the Dice coefficient of two texts' word sets, by strings.
func dicePlain(a, b string) float64 {
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.Fields(norm(s)) {
			m[w] = true
		}
		return m
	}
	sa, sb := set(a), set(b)
	if len(sa) == 0 || len(sb) == 0 {
		return 0
	}
	common := 0
	for w := range sa {
		if sb[w] {
			common++
		}
	}
	return 2 * float64(common) / float64(len(sa)+len(sb))
}

func TestDice(t *testing.T) {
	for _, c := range []struct{ phrase, text string }{
		{"Beskriv hur arbetet har bedrivits", "Beskriv hur arbetet har bedrivits"},
		{"Beskriv hur arbetet har bedrivits", "beskriv, beskriv hur hur arbetet"},
		{"och att och att i", "i och att"},
		{"Beskriv hur arbetet har bedrivits", "Helt andra ord än frågans"},
		{"Beskriv hur arbetet har bedrivits", ""},
		{"", "Beskriv hur"},
		// words numbered after the phrase's, beyond its bit set
		{"a b c", "a b c d e f g h i j k l m n o p q r s t u v w x y z å ä ö aa bb cc dd ee ff gg hh ii jj kk ll mm nn oo pp qq rr ss tt uu vv ww xx yy zz åå ää öö"},
	} {
		lex := newLexicon(0)
		p := lex.phrase(c.phrase)
		tok := lex.tokenize(norm(c.text))
		if got, want := p.dice(tok), dicePlain(c.phrase, c.text); got != want {
			t.Errorf("dice(%q, %q) = %v, want %v", c.phrase, c.text, got, want)
		}
		distinct := map[string]bool{}
		for _, w := range strings.Fields(norm(c.text)) {
			distinct[w] = true
		}
		if len(tok) != len(distinct) {
			t.Errorf("%q: %d words in the set, want %d", c.text, len(tok), len(distinct))
		}
	}
}
