package query

import (
	"strings"
	"testing"
)

func TestSnippet(t *testing.T) {
	show := func(segs []Segment) string {
		var parts []string
		for _, s := range segs {
			if s.Match {
				parts = append(parts, "["+s.Text+"]")
			} else {
				parts = append(parts, s.Text)
			}
		}
		return strings.Join(parts, "")
	}
	long := strings.Repeat("ett två tre fyra fem ", 10)
	for _, tc := range []struct {
		text, q string
		words   int
		want    string
	}{
		{"Kort svar om Bredband.", "bredband", 32, "Kort svar om [Bredband]."},
		{"Smart specialisering, inte specialisering smart.", `"smart specialisering"`, 32, "[Smart] [specialisering], inte specialisering smart."},
		{"Kompetensförsörjning och kompetens.", "kompetens*", 32, "[Kompetensförsörjning] och [kompetens]."},
		{"lan och län och LÄN", "län", 32, "lan och [län] och [LÄN]"},
		// a capital beyond ASCII, and one whose small letter is shorter
		{"ÖSTRA Östra östra ostra", "östra", 32, "[ÖSTRA] [Östra] [östra] ostra"},
		{"İstanbul, istanbul och Istanbul.", "istanbul", 32, "[İstanbul], [istanbul] och [Istanbul]."},
		{"Ett två tre fyra fem sex sju åtta nio tio.", "tio", 4, "…nio [tio]."},
		{long + "bredband och stöd. " + long, "bredband stöd", 8, "…fyra fem [bredband] och [stöd]. ett två tre…"},
		// the window with both terms beats the one with one term twice
		{"stöd stöd x " + long + "stöd och bredband " + long, "bredband stöd", 6, "…fem [stöd] och [bredband] ett två…"},
		{"<b>fet</b> & mer", "fet", 32, "<b>[fet]</b> & mer"},
		{"", "x", 32, ""},
		{"---", "x", 32, "---"},
	} {
		q, err := Parse(tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := show(Snippet(tc.text, q, tc.words)); got != tc.want {
			t.Errorf("Snippet(%.30q, %s) = %q, want %q", tc.text, tc.q, got, tc.want)
		}
	}
}
