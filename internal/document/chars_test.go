package document

import "testing"

// countCharsByRune is CountChars's rule written out plainly, one rune at
// a time: the reference the fast path is held to.
func countCharsByRune(s string) int {
	n := 0
	for _, r := range s {
		switch r {
		case MarkPlaceholder, MarkChange, '\u00AD', '\r':
			continue
		}
		n++
	}
	return n
}

func TestCountChars(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"Vi har samverkat.", 17},
		{"Åre, Älvsbyn och Örebro", 23},
		{"a\r\nb", 3},                      // \r is not counted, \n is
		{"mjuk\u00ADhet", 7},               // soft hyphen
		{"fast\u00A0blanksteg\ttab", 18},   // non-breaking space and tab count
		{"e\u0301", 2},                     // a combining mark is a code point of its own
		{string(MarkPlaceholder) + "x", 1}, // the pre-pass's markers
		{"ändrad" + string(MarkChange), 6}, //
		{"\xff\xfe", 2},                    // invalid bytes count one each
		{"東京 ☒ 😀", 6},                      //
	}
	for _, tt := range tests {
		if got := CountChars(tt.in); got != tt.want {
			t.Errorf("CountChars(%q) = %d, want %d", tt.in, got, tt.want)
		}
		if got := countCharsByRune(tt.in); got != tt.want {
			t.Errorf("reference(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func FuzzCountChars(f *testing.F) {
	for _, s := range []string{"abc", "å\r\u00AD", string(MarkChange) + "\xc3", "\u2029 x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := CountChars(s), countCharsByRune(s); got != want {
			t.Fatalf("CountChars(%q) = %d, the rune-by-rune rule gives %d", s, got, want)
		}
	})
}
