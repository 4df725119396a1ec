package document

import (
	"slices"
	"strings"
	"testing"
)

// TestConstructFixtures reads one small document per construct, each made
// by a real producer (python-docx with raw WordprocessingML:
// testdata/make/pydocx/reader.py; LibreOffice from flat ODF:
// testdata/make/lo/reader.py), and compares every paragraph's text with
// what Word shows.
func TestConstructFixtures(t *testing.T) {
	tests := []struct {
		file  string
		want  []string // the text of every paragraph, in order
		facts func(t *testing.T, f Facts)
	}{
		{file: "pydocx-symbols.docx", want: []string{
			"Vinkeln θp är liten.",          // w:sym Symbol F071
			"Det kostar €10.∨∨",             // w:sym Symbol 00DA and F0DA
			"Ruter: ♦",                      // w:sym Symbol F0A8 (a box only in Wingdings)
			"Grekiska: αβγθξο och ♦",        // a Symbol run with plain letters and U+F0A8
			"Teckenformat: π",               // Symbol through a character style
			"Ja ☐ Nej ☒",                    // w:sym Wingdings F0A8, F0FE
			"☐ Av ☒ På",                     // Wingdings run: o, x
			"▪ Punkt ➢ Pil ● Cirkel ✓ Bock", // Wingdings bullets and marks
			"Wingdings 2: ☐ ☒",
			"☐ Ja ☒ Nej ☒ Kanske", // real box glyphs; ☑ is the canonical ☒
			"MS Gothic: ☐☒",       // w:sym naming a box in an ordinary font
		}},
		{file: "pydocx-equations.docx", want: []string{
			"Vi har a/(b+c) som kvot.",
			"Ytan är πr^2 enligt formeln.",
			"Index x_i^2 i texten.",
			"Summan ∑_(k=1)^n a_k är ändlig.",
			"Serien f(x)=a_0+∑_(n=1)^∞ (a_n cos nπx/L+b_n sin nπx/L)",
			"Binomial (n¦k) och √(3&x) slut.",
			"E=mc^2",
			"Text efter formeln.",
		}, facts: equations(7)},
		{file: "lo-equations.docx", want: []string{
			"Vi har a/(b+c) som kvot.",
			"Utan mellanslag x/y blir det så.",
			"Ytan är πr^2 enligt formeln.",
			"Index x_i^2 i texten.",
			"Summan ∑_(k=1)^n a_k är ändlig.",
			"Roten √x är positiv.",
			"E=mc^2",
			"Text efter formeln.",
		}, facts: equations(7)},
		{file: "pydocx-ruby.docx", want: []string{"Staden 東京 är stor.", "漢字"}},
		{file: "pydocx-dropcap.docx", want: []string{
			"Drop cap.", "Nästa stycke.", "Vid marginalen.",
			"Ram.", "Efter ramen.", // a frame that is not a drop cap stays apart
		}},
		{file: "lo-dropcap.docx", want: []string{"Drop cap.", "Nästa stycke.", "Anfang över ett helt ord.", "Sista stycket."}},
		{file: "pydocx-activex.docx", want: []string{"Kryssa: ☒ Ja ☐ Nej", " Kontroll ett", " Kontroll två"},
			facts: func(t *testing.T, f Facts) {
				if f.LegacyCheckboxes != 2 {
					t.Errorf("LegacyCheckboxes = %d, want 2", f.LegacyCheckboxes)
				}
				// two controls, each a part and a w:control: one risk
				if !slices.Equal(f.Risks, []Risk{{Kind: "activex"}}) {
					t.Errorf("risks %v, want activex once", f.Risks)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc := fixtureDoc(t, tt.file)
			var got []string
			for _, p := range allParagraphs(doc) {
				if p.Text != "" {
					got = append(got, p.Text)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("paragraphs\n got %q\nwant %q", got, tt.want)
			}
			if tt.facts != nil {
				tt.facts(t, doc.Facts)
			}
		})
	}
}

func equations(n int) func(*testing.T, Facts) {
	return func(t *testing.T, f Facts) {
		t.Helper()
		if f.Equations != n {
			t.Errorf("Equations = %d, want %d", f.Equations, n)
		}
	}
}

// TestConstructFixtureCounts: what the symbol and ruby fixtures count as
// characters (CountChars: the reading above a ruby base is not counted)
// and as checkboxes (only the box glyphs, never a Symbol character).
func TestConstructFixtureCounts(t *testing.T) {
	boxes := 0
	for _, p := range allParagraphs(fixtureDoc(t, "pydocx-symbols.docx")) {
		boxes += strings.Count(p.Text, string(BoxChecked)) + strings.Count(p.Text, string(BoxUnchecked))
	}
	if boxes != 11 {
		t.Errorf("%d checkboxes in the symbol fixture, want 11", boxes)
	}
	chars := 0
	for _, p := range allParagraphs(fixtureDoc(t, "pydocx-ruby.docx")) {
		chars += CountChars(p.Text)
	}
	if chars != 20 {
		t.Errorf("ruby fixture counts %d characters, want 20 (the bases only)", chars)
	}
}
