package document

import (
	"strings"
	"testing"
)

// TestFidelityConstructs: symbol fonts, equations, ruby and drop caps.
func TestFidelityConstructs(t *testing.T) {
	m := `xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"`
	tests := []struct{ name, xml, want string }{
		{"symbol theta", `<w:p><w:r><w:sym w:font="Symbol" w:char="F071"/></w:r></w:p>`, "θ"},
		{"symbol or", `<w:p><w:r><w:sym w:font="Symbol" w:char="00DA"/></w:r></w:p>`, "∨"},
		{"symbol run", `<w:p><w:r><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr><w:t>abg` + "\uF0A8" + `</w:t></w:r></w:p>`, "αβγ♦"},
		{"wingdings box", `<w:p><w:r><w:sym w:font="Wingdings" w:char="F0A8"/><w:sym w:font="Wingdings" w:char="F0FE"/></w:r></w:p>`, "☐☒"},
		{"wingdings 2 box", `<w:p><w:r><w:rPr><w:rFonts w:ascii="Wingdings 2" w:hAnsi="Wingdings 2"/></w:rPr><w:t>` + "\uF0A3T" + `</w:t></w:r></w:p>`, "☐☒"},
		{"equation", `<w:p ` + m + `><w:r><w:t>Vi har</w:t></w:r><m:oMath><m:f><m:num><m:r><m:t>a</m:t></m:r></m:num><m:den><m:r><m:t>b+c</m:t></m:r></m:den></m:f></m:oMath><w:r><w:t>som kvot.</w:t></w:r></w:p>`, "Vi har a/(b+c) som kvot."},
		{"ruby", `<w:p><w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>とうきょう</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>東京</w:t></w:r></w:rubyBase></w:ruby></w:r></w:p>`, "東京"},
		{"drop cap", `<w:p><w:pPr><w:framePr w:dropCap="drop" w:lines="3"/></w:pPr><w:r><w:t>D</w:t></w:r></w:p><w:p><w:r><w:t>rop cap.</w:t></w:r></w:p>`, "Drop cap."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ParseBytes(packageWith(t, body(tt.xml), nil))
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, p := range allParagraphs(doc) {
				texts = append(texts, p.Text)
			}
			if got := strings.Join(texts, "|"); got != tt.want {
				t.Errorf("text %q, want %q", got, tt.want)
			}
			if tt.name == "equation" && doc.Facts.Equations != 1 {
				t.Errorf("Equations = %d, want 1", doc.Facts.Equations)
			}
		})
	}
}

// TestCorpusFidelity: the corpus files that showed the defects.
func TestCorpusFidelity(t *testing.T) {
	has := func(t *testing.T, name string, want ...string) *Document {
		doc := corpusDoc(t, name)
		var all []string
		for _, p := range allParagraphs(doc) {
			all = append(all, p.Text)
		}
		text := strings.Join(all, "\n")
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: %q not in the text", name, w)
			}
		}
		return doc
	}
	t.Run("symbol", func(t *testing.T) {
		has(t, "oxsdk__complex2005_12rtm.docx", "the angle θp")
		has(t, "pandoc__cf902c6c_unicode.docx", "€10.∨∨")
		has(t, "docx4j__Symbols.docx", "θ", "ξ", "ο", "♦")
	})
	t.Run("equation", func(t *testing.T) {
		doc := has(t, "oxsdk__equation.docx", "2  f(x)=a_0+∑_(n=1)^∞ (a_n cos nπx/L+b_n sin nπx/L)", "(x+a)^n=∑_(k=0)^n")
		if doc.Facts.Equations != 8 {
			t.Errorf("Equations = %d, want 8", doc.Facts.Equations)
		}
	})
	t.Run("ruby", func(t *testing.T) {
		doc := has(t, "poi__61470.docx", "東京")
		for _, p := range allParagraphs(doc) {
			if strings.Contains(p.Text, "とうきょう") {
				t.Errorf("reading kept: %q", p.Text)
			}
		}
	})
	t.Run("drop cap", func(t *testing.T) { has(t, "pandoc__drop_cap.docx", "Drop cap.", "Drop cap in margin.") })
}
