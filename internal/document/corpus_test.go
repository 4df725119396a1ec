package document

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir finds the folder of public Word files kept outside the
// repository (never committed): $VILLKORSINTAG_CORPUS, else
// ../shared/corpus/word-external/docs beside the repository, else
// /work/shared/corpus/word-external/docs.
func corpusDir(t *testing.T) string {
	t.Helper()
	candidates := []string{
		os.Getenv("VILLKORSINTAG_CORPUS"),
		filepath.Join("..", "..", "..", "shared", "corpus", "word-external", "docs"),
		"/work/shared/corpus/word-external/docs",
	}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if st, err := os.Stat(c); err == nil && st.IsDir() {
			return c
		}
	}
	t.Skip("corpus of public Word files not found (set VILLKORSINTAG_CORPUS or put shared/corpus/word-external/docs beside the repository); skipping")
	return ""
}

func corpusDoc(t *testing.T, name string) *Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpusDir(t), name))
	if err != nil {
		t.Skipf("corpus file %s: %v", name, err)
	}
	doc, err := ParseBytes(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

// allParagraphs lists every paragraph, table cells included, in order.
func allParagraphs(doc *Document) []Paragraph {
	var ps []Paragraph
	for _, b := range doc.Blocks {
		ps = append(ps, b.paragraphs()...)
	}
	return ps
}

// TestCorpusListLabels: in these files every numbered paragraph's text is
// the number Word shows for it (a bullet shows no number: label "").
func TestCorpusListLabels(t *testing.T) {
	for _, name := range []string{"tika__testWORD_override_list_numbering.docx", "poi__NumberingWOverrides.docx"} {
		t.Run(name, func(t *testing.T) {
			doc := corpusDoc(t, name)
			n, bad := 0, 0
			for _, p := range allParagraphs(doc) {
				if p.Text == "" || strings.HasPrefix(p.Text, "Test ") {
					continue
				}
				want := p.Text
				if want == "·" {
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
		})
	}
}

// TestCorpusNumberedList checks the labels Tika's test asserts for this
// file ("1) This", "II. bar", …), in document order; the Greek custom
// format shows α as Word 2010 and later do (Tika shows the fallback, 1).
func TestCorpusNumberedList(t *testing.T) {
	doc := corpusDoc(t, "tika__testWORD_numbered_list.docx")
	want := [][2]string{
		{"This", "1)"}, {"Is", "a)"}, {"A multi", "i)"}, {"Level", "ii)"},
		{"Within cell 1", "1."}, {"Cell b", "b."}, {"List", "iii)"}, {"foo", "2)"}, {"baz", "ii)"},
		{"foo", "ii)"}, {"bar", "II."}, {"six", "6."}, {"seven", "7."}, {"seven a", "a."},
		{"seven e", "e."}, {"A ii 2", "2."}, {"page break list 3", "3."},
		{"Greek numbering with crazy format - alpha", "Some-α-CrazyFormat"},
		{"1.1.1", "1.1.1."}, {"1.2->1.1  //set the value", "1.1."},
	}
	i := 0
	for _, p := range allParagraphs(doc) {
		if i < len(want) && strings.HasPrefix(p.Text, want[i][0]) && (len(p.Text) == len(want[i][0]) || strings.Contains(want[i][0], " ")) {
			if p.Label != want[i][1] {
				t.Errorf("%q: label %q, want %q", p.Text, p.Label, want[i][1])
			}
			i++
		}
	}
	if i != len(want) {
		t.Errorf("found %d of %d paragraphs; next missing: %q", i, len(want), want[i][0])
	}
}
