package document

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/testenv"
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
	testenv.Skip(t, "corpus of public Word files not found (set VILLKORSINTAG_CORPUS or put shared/corpus/word-external/docs beside the repository); skipping")
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
// the number Word shows for it.
func TestCorpusListLabels(t *testing.T) {
	for _, name := range []string{"tika__testWORD_override_list_numbering.docx", "poi__NumberingWOverrides.docx"} {
		t.Run(name, func(t *testing.T) {
			checkLabelsAreText(t, corpusDoc(t, name))
		})
	}
}

// TestCorpusExpectedLabels: docx4j's numbering test files start each
// numbered paragraph with the number Word shows, between [expect] and
// [/expect]: isLgl with decimalZero, and startOverride on a shared count.
func TestCorpusExpectedLabels(t *testing.T) {
	for _, name := range []string{"docx4j__article-section-isLgl.docx", "docx4j__article-section-NotIsLgl.docx", "docx4j__startOverride.docx"} {
		t.Run(name, func(t *testing.T) {
			n := 0
			for _, p := range allParagraphs(corpusDoc(t, name)) {
				a, b := strings.Index(p.Text, "[expect]"), strings.Index(p.Text, "[/expect]")
				if a < 0 || b < a {
					continue
				}
				n++
				if want := p.Text[a+len("[expect]") : b]; p.Label != want {
					t.Errorf("%q: label %q, Word shows %q", p.Text, p.Label, want)
				}
			}
			if n == 0 {
				t.Fatal("no [expect] paragraphs found")
			}
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

// TestCorpusMinor: the smaller defects found on the corpus, on the files
// that showed them.
func TestCorpusMinor(t *testing.T) {
	t.Run("activex listed once", func(t *testing.T) {
		doc := corpusDoc(t, "docx4j__LegacyForms.docx")
		n := 0
		for _, r := range doc.Facts.Risks {
			if r.Kind == "activex" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("activex listed %d times in %v, want once", n, doc.Facts.Risks)
		}
	})
	t.Run("run outside a paragraph", func(t *testing.T) {
		doc := corpusDoc(t, "oxsdk__UnknownElement.docx")
		ps := allParagraphs(doc)
		if len(ps) != 1 || !strings.HasPrefix(ps[0].Text, "Video provides a powerful way") {
			t.Errorf("%d paragraphs (%+v), want the one paragraph of text", len(ps), ps)
		}
	})
	t.Run("three bodies", func(t *testing.T) {
		doc := corpusDoc(t, "poi__MultipleBodyBug.docx")
		var texts []string
		for _, p := range allParagraphs(doc) {
			if strings.HasPrefix(p.Text, "START BODY") {
				texts = append(texts, p.Text[:len("START BODY 1")])
			}
		}
		if strings.Join(texts, ",") != "START BODY 1,START BODY 2,START BODY 3" {
			t.Errorf("bodies read %q, want all three in order", texts)
		}
	})
	t.Run("theme package refused", func(t *testing.T) {
		data, err := os.ReadFile(filepath.Join(corpusDir(t), "poi__stress025.docx"))
		if err != nil {
			t.Skip(err)
		}
		_, err = ParseBytes(data)
		var fe *FormatError
		if !errors.As(err, &fe) || fe.Kind != "not_docx" {
			t.Errorf("got %v, want a not_docx refusal", err)
		}
	})
}
