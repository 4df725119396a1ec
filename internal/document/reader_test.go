package document

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

func fixtureDoc(t *testing.T, name string) *Document {
	t.Helper()
	data, err := os.ReadFile("../../testdata/docx/" + name)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ParseBytes(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

// checkLabelsAreText checks a document whose every numbered paragraph's
// text is the number Word shows for it; paragraphs starting "Test " are
// plain headings. A bullet (its text a bullet glyph) has no label.
func checkLabelsAreText(t *testing.T, doc *Document) {
	t.Helper()
	n, bad := 0, 0
	for _, p := range allParagraphs(doc) {
		if p.Text == "" || strings.HasPrefix(p.Text, "Test ") {
			if p.Label != "" {
				t.Errorf("%q: label %q, want none", p.Text, p.Label)
			}
			continue
		}
		want := p.Text
		if want == "·" || want == "•" {
			want = ""
		}
		n++
		if p.Label != want {
			bad++
			t.Errorf("label %q, Word shows %q", p.Label, want)
		}
	}
	if n == 0 {
		t.Fatal("no numbered paragraphs found")
	}
	t.Logf("%d of %d labels right", n-bad, n)
}

// TestListLabels: python-docx document with one list per numbering
// construct (testdata/make/pydocx/reader.py).
func TestListLabels(t *testing.T) {
	checkLabelsAreText(t, fixtureDoc(t, "pydocx-listlabels.docx"))
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		v            int
		format, want string
	}{
		{0, "ordinal", "0th"}, {1, "ordinal", "1st"}, {2, "ordinal", "2nd"}, {3, "ordinal", "3rd"},
		{11, "ordinal", "11th"}, {12, "ordinal", "12th"}, {13, "ordinal", "13th"}, {21, "ordinal", "21st"},
		{112, "ordinal", "112th"}, {122, "ordinal", "122nd"},
		{0, "decimalZero", "00"}, {7, "decimalZero", "07"}, {12, "decimalZero", "12"},
		{1, "lowerLetter", "a"}, {26, "lowerLetter", "z"}, {27, "lowerLetter", "aa"}, {28, "lowerLetter", "bb"},
		{53, "upperLetter", "AAA"}, {0, "lowerLetter", "0"},
		{4, "upperRoman", "IV"}, {1994, "lowerRoman", "mcmxciv"}, {0, "upperRoman", "0"},
		{3, "none", ""}, {3, "bullet", ""}, {5, "cardinalText", "5"},
		{3, "decimalEnclosedCircle", "③"}, {12, "decimalFullWidth", "１２"},
	}
	for _, tt := range tests {
		if got := formatNumber(tt.v, tt.format, ""); got != tt.want {
			t.Errorf("formatNumber(%d, %s) = %q, want %q", tt.v, tt.format, got, tt.want)
		}
	}
	for f, want := range map[string]string{"001, 002, 003, ...": "007", "01, 02, 03, ...": "07", "α, β, γ, ...": "η", "Α, Β, Γ, ...": "Η"} {
		if !knownCustom(f) {
			t.Errorf("knownCustom(%q) = false", f)
		}
		if got := formatCustom(7, f); got != want {
			t.Errorf("formatCustom(7, %q) = %q, want %q", f, got, want)
		}
	}
	if knownCustom("一, 二, 三, ...") {
		t.Error("an unknown custom format is taken as known")
	}
}

// TestRunOutsideParagraph: a run inside an unknown element directly in the
// body (w:p2, as in the Open XML SDK's test file) is read as a paragraph.
func TestRunOutsideParagraph(t *testing.T) {
	doc := fixtureDoc(t, "pydocx-runoutside.docx")
	var got []string
	for _, p := range allParagraphs(doc) {
		if p.Text != "" {
			got = append(got, p.Text)
		}
	}
	want := []string{"Före det okända elementet.", "Text i en körning utanför stycken.", "Efter det okända elementet."}
	if !slices.Equal(got, want) {
		t.Errorf("paragraphs %q, want %q", got, want)
	}
}

// TestThreeBodies: a document part with three w:body elements keeps the
// text of all three, in order (see README: what Word shows is not
// documented; nothing a region wrote is dropped).
func TestThreeBodies(t *testing.T) {
	doc := fixtureDoc(t, "pydocx-threebodies.docx")
	var got []string
	for _, p := range allParagraphs(doc) {
		if p.Text != "" {
			got = append(got, p.Text)
		}
	}
	want := []string{"Första kroppen.", "Andra kroppen.", "Tredje kroppen."}
	if !slices.Equal(got, want) {
		t.Errorf("paragraphs %q, want %q", got, want)
	}
}

// TestRisksInStableOrder parses a package with many risky parts and
// relationships again and again: the risks must come in the same order
// every time (part names sorted), each kind and detail once.
func TestRisksInStableOrder(t *testing.T) {
	extra := map[string]string{}
	for i := range 8 {
		extra[fmt.Sprintf("word/embeddings/oleObject%d.bin", i)] = "x"
		extra[fmt.Sprintf("word/activeX/activeX%d.xml", i)] = "<ax/>"
		extra[fmt.Sprintf("word/_rels/header%d.xml.rels", i)] = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			fmt.Sprintf(`<Relationship Id="rId1" Type="http://x/attachedTemplate" Target="file:///t%d.dotx" TargetMode="External"/>`, i) +
			`</Relationships>`
	}
	// the document's own ActiveX control repeats the package's
	data := packageWith(t, body(`<w:p><w:r><w:object><w:control r:id="rId9"/></w:object></w:r></w:p>`), extra)
	var first []Risk
	for i := range 30 {
		doc, err := ParseBytes(data)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = doc.Facts.Risks
			continue
		}
		if !slices.Equal(doc.Facts.Risks, first) {
			t.Fatalf("run %d: risks %v, first run %v", i, doc.Facts.Risks, first)
		}
	}
	var kinds []string
	for _, r := range first {
		kinds = append(kinds, r.Kind+" "+r.Detail)
	}
	if got := strings.Join(kinds, "|"); strings.Count(got, "activex") != 1 ||
		!strings.HasPrefix(got, "external_relationship attachedTemplate: file:///t0.dotx|") ||
		!strings.Contains(got, "embedded_object oleObject0.bin|embedded_object oleObject1.bin") {
		t.Errorf("risks %s", got)
	}
}

// TestThemePackageRefused: a theme package named .docx is not read as an
// empty document.
func TestThemePackageRefused(t *testing.T) {
	data, err := os.ReadFile("../../testdata/bad/theme.docx")
	if err != nil {
		t.Fatal(err)
	}
	_, err = ParseBytes(data)
	var fe *FormatError
	if !errors.As(err, &fe) || fe.Kind != "not_docx" || !strings.Contains(fe.Reason, "tema") {
		t.Errorf("got %v, want a not_docx refusal naming the theme", err)
	}
	// the minimal package without a content type for its main part is still read
	if _, err := ParseBytes(packageWith(t, body(`<w:p><w:r><w:t>x</w:t></w:r></w:p>`), nil)); err != nil {
		t.Errorf("ordinary package: %v", err)
	}
}
