package document

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	docx "github.com/fumiama/go-docx"
)

func parseBody(t *testing.T, inner string) *Document {
	t.Helper()
	doc, err := ParseBytes(packageWith(t, body(inner), nil))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return doc
}

func texts(doc *Document) []string {
	var out []string
	for _, b := range doc.Blocks {
		for _, p := range b.paragraphs() {
			out = append(out, p.Text)
		}
	}
	return out
}

func TestPrepassText(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"inline content control",
			`<w:p><w:r><w:t xml:space="preserve">Före </w:t></w:r><w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>inne</w:t></w:r></w:sdtContent></w:sdt><w:r><w:t xml:space="preserve"> efter</w:t></w:r></w:p>`,
			[]string{"Före inne efter"}},
		{"block content control",
			`<w:sdt><w:sdtContent><w:p><w:r><w:t>ett</w:t></w:r></w:p><w:p><w:r><w:t>två</w:t></w:r></w:p></w:sdtContent></w:sdt>`,
			[]string{"ett", "två"}},
		{"placeholder blanked and marked",
			`<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Klicka här för att ange text.</w:t></w:r></w:p></w:sdtContent></w:sdt>`,
			[]string{string(MarkPlaceholder)}},
		{"tracked changes accepted",
			`<w:p><w:r><w:t xml:space="preserve">A </w:t></w:r><w:ins><w:r><w:t>ny</w:t></w:r></w:ins><w:del><w:r><w:delText>gammal</w:delText></w:r></w:del><w:moveFrom><w:r><w:t>flyttad</w:t></w:r></w:moveFrom></w:p>`,
			[]string{"A " + string(MarkChange) + "ny" + string(MarkChange) + string(MarkChange)}},
		{"deleted paragraph mark joins paragraphs",
			`<w:p><w:pPr><w:rPr><w:del/></w:rPr></w:pPr><w:r><w:t xml:space="preserve">första </w:t></w:r></w:p><w:p><w:r><w:t>andra</w:t></w:r></w:p>`,
			[]string{"första andra"}},
		{"wrappers and special characters",
			`<w:p><w:smartTag><w:r><w:t>e</w:t></w:r></w:smartTag><w:customXml><w:r><w:noBreakHyphen/><w:t>tjänst</w:t><w:softHyphen/><w:tab/><w:sym w:font="Wingdings" w:char="F0FE"/></w:r></w:customXml><w:hyperlink><w:r><w:t>länk</w:t></w:r></w:hyperlink></w:p>`,
			[]string{"e\u2011tjänst\t☒länk"}},
		{"hidden text and field codes left out",
			`<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>dold</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> NUMPAGES </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>42</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:fldSimple w:instr=" DATE "><w:r><w:t>2024-02-01</w:t></w:r></w:fldSimple></w:p>`,
			[]string{"422024-02-01"}},
		{"checkbox control trusts w14:checked, not the glyph",
			`<w:p><w:r><w:t xml:space="preserve">Ja </w:t></w:r><w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="1"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>☐</w:t></w:r></w:sdtContent></w:sdt></w:p>`,
			[]string{"Ja ☒"}},
		{"legacy form checkbox: checked overrides default",
			`<w:p><w:r><w:t xml:space="preserve">Nej </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:default w:val="1"/><w:checked w:val="0"/></w:checkBox></w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`,
			[]string{"Nej ☐"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := texts(parseBody(t, tt.body))
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPrepassTables(t *testing.T) {
	doc := parseBody(t, `<w:tbl>
<w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:trPr><w:del/></w:trPr><w:tc><w:p><w:r><w:t>borttagen rad</w:t></w:r></w:p></w:tc></w:tr>
<w:sdt><w:sdtContent><w:tr><w:customXml><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:sdt><w:sdtContent><w:p><w:r><w:t>b</w:t></w:r></w:p></w:sdtContent></w:sdt></w:tc></w:customXml></w:tr></w:sdtContent></w:sdt>
<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>nästlad</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr>
</w:tbl>`)
	if len(doc.Blocks) != 1 || doc.Blocks[0].Table == nil {
		t.Fatalf("blocks %+v, want one table", doc.Blocks)
	}
	rows := doc.Blocks[0].Table.Rows
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3 (the deleted row dropped)", len(rows))
	}
	if c := rows[1].Cells; len(c) != 1 || c[0].Text() != "b" || c[0].Span != 2 {
		t.Errorf("row-level and cell-level controls: cells %+v, want one cell \"b\" spanning 2", c)
	}
	if c := rows[2].Cells; len(c) != 2 || !c[0].Continue || c[1].Text() != "nästlad" {
		t.Errorf("merged and nested: cells %+v", c)
	}
	if doc.Facts.Rows != 1 {
		t.Errorf("facts.Rows = %d, want 1", doc.Facts.Rows)
	}
}

// TestGoDocxAloneLosesContent shows why the pre-pass exists: go-docx as
// published drops a block-level content control whole.
func TestGoDocxAloneLosesContent(t *testing.T) {
	data := packageWith(t, body(`<w:sdt><w:sdtContent><w:p><w:r><w:t>svaret</w:t></w:r></w:p></w:sdtContent></w:sdt>`), nil)
	raw, err := docx.Parse(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(raw.Document.Body.Items); n != 0 {
		t.Skipf("go-docx now keeps block content controls (%d items): the pre-pass still must, see TestPrepassText", n)
	}
	if got := texts(parseBody(t, `<w:sdt><w:sdtContent><w:p><w:r><w:t>svaret</w:t></w:r></w:p></w:sdtContent></w:sdt>`)); len(got) != 1 || got[0] != "svaret" {
		t.Errorf("with the pre-pass: %q, want [svaret]", got)
	}
}

func TestPrepassRefusesDeepNesting(t *testing.T) {
	inner := strings.Repeat("<w:customXml>", 300) + "<w:p/>" + strings.Repeat("</w:customXml>", 300)
	_, err := ParseBytes(packageWith(t, body(inner), nil))
	var fe *FormatError
	if !errors.As(err, &fe) || fe.Kind != "unsafe" {
		t.Fatalf("got %v, want an unsafe refusal", err)
	}
}

func TestFontsResolvedThroughStyles(t *testing.T) {
	styles := `<?xml version="1.0"?><w:styles ` + wNS + `>
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi"/><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Rubrik2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:rPr><w:rFonts w:ascii="Arial"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Liten"><w:name w:val="Liten"/><w:rPr><w:sz w:val="16"/></w:rPr></w:style>
</w:styles>`
	theme := `<?xml version="1.0"?><a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:themeElements><a:fontScheme><a:majorFont><a:latin typeface="Calibri Light"/></a:majorFont><a:minorFont><a:latin typeface="Cambria"/></a:minorFont></a:fontScheme></a:themeElements></a:theme>`
	doc, err := ParseBytes(packageWith(t, body(
		`<w:p><w:r><w:t>normal</w:t></w:r></w:p>`+
			`<w:p><w:pPr><w:pStyle w:val="Rubrik2"/></w:pPr><w:r><w:rPr><w:rStyle w:val="Liten"/></w:rPr><w:t>rubrik</w:t></w:r></w:p>`),
		map[string]string{"word/styles.xml": styles, "word/theme/theme1.xml": theme}))
	if err != nil {
		t.Fatal(err)
	}
	got := []Run{doc.Blocks[0].Para.Runs[0], doc.Blocks[1].Para.Runs[0]}
	want := []Run{{Text: "normal", Font: "Cambria", HalfPts: 22}, {Text: "rubrik", Font: "Arial", HalfPts: 16}}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("run %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if h := doc.Blocks[1].Para.Heading; h != 2 {
		t.Errorf("localized heading style: level %d, want 2", h)
	}
}

// TestPrepassKeepsTextBesideTheXML: go-docx is given the structure only;
// each run's text, with its markup characters, comes back from the
// pre-pass's run records in document order.
func TestPrepassKeepsTextBesideTheXML(t *testing.T) {
	in := body(`<w:p><w:r><w:t>första &amp; &lt;andra&gt;</w:t></w:r><w:r><w:rPr><w:b/><w:sz w:val="30"/></w:rPr><w:t>tredje</w:t></w:r></w:p>` +
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cellen</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>sist</w:t></w:r></w:p>`)
	m := newMeter(DefaultLimits)
	pp, err := runPrepass(in, newStyles(m), m)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"första", "tredje", "cellen", "sist", "&amp;"} {
		if bytes.Contains(pp.out.Bytes(), []byte(w)) {
			t.Errorf("rewritten XML holds text %q: %s", w, pp.out.Bytes())
		}
	}
	blocks, err := readBlocks(pp.out.Bytes(), pp.paras, pp.runs)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range blocks {
		for _, p := range b.paragraphs() {
			for _, r := range p.Runs {
				got = append(got, r.Text)
			}
			got = append(got, "|"+p.Text)
		}
	}
	want := []string{"första & <andra>", "tredje", "|första & <andra>tredje", "cellen", "|cellen", "sist", "|sist"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("runs and paragraphs:\n got %q\nwant %q", got, want)
	}
}
