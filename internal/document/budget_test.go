package document

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
)

// TestBudget: each bound of the work budget refuses a document that
// passes it, with a typed error and a Swedish reason naming the bound, and
// lets one just under it through.
func TestBudget(t *testing.T) {
	rep := func(unit string, n int) string { return strings.Repeat(unit, n) }
	styles := `<w:styles ` + wNS + `>` + rep(`<w:style w:type="paragraph" w:styleId="s"><w:name w:val="x"/></w:style>`, 30) + `</w:styles>`
	tests := []struct {
		name   string
		lim    Limits
		body   string
		extra  map[string]string
		reason string
	}{
		{"paragraphs", Limits{Paragraphs: 10}, rep(`<w:p/>`, 11), nil, "fler än 10 stycken"},
		{"runs", Limits{Runs: 10}, `<w:p>` + rep(`<w:r><w:rPr><w:sz w:val="20"/></w:rPr><w:t>a</w:t></w:r><w:r><w:rPr><w:sz w:val="22"/></w:rPr><w:t>b</w:t></w:r>`, 6) + `</w:p>`, nil, "fler än 10 textavsnitt"},
		{"rows", Limits{Rows: 3}, `<w:tbl>` + rep(`<w:tr><w:tc><w:p/></w:tc></w:tr>`, 4) + `</w:tbl>`, nil, "fler än 3 rader"},
		{"cells", Limits{Cells: 5}, `<w:tbl><w:tr>` + rep(`<w:tc><w:p/></w:tc>`, 6) + `</w:tr></w:tbl>`, nil, "fler än 5 celler"},
		{"text", Limits{Text: 1 << 20, Ratio: 1 << 20}, `<w:p><w:r><w:t>` + rep("a", 1<<20+1) + `</w:t></w:r></w:p>`, nil, "mer än 1 MB text"},
		{"one long token", Limits{Text: 1 << 20, Ratio: 1 << 20}, `<w:p w:rsidR="` + rep("a", 1<<20+10) + `"/>`, nil, "mer än 1 MB text"},
		{"tokens", Limits{Tokens: 100}, `<w:p>` + rep(`<w:bookmarkEnd w:id="1"/>`, 60) + `</w:p>`, nil, "fler än 100 element"},
		{"definitions", Limits{Definitions: 20}, `<w:p/>`, map[string]string{"word/styles.xml": styles}, "fler än 20 formatmallar"},
		{"header bytes", Limits{HeaderBytes: 1 << 20}, `<w:p/>`, map[string]string{
			"word/header1.xml": `<w:hdr ` + wNS + `><w:p><w:r><w:t>` + rep("a", 600<<10) + `</w:t></w:r></w:p></w:hdr>`,
			"word/header2.xml": `<w:hdr ` + wNS + `><w:p><w:r><w:t>` + rep("a", 600<<10) + `</w:t></w:r></w:p></w:hdr>`,
		}, "sidhuvuden och sidfötter är större än 1 MB"},
		{"inflated", Limits{Inflated: 1 << 20, Ratio: 1 << 20}, `<w:p><w:r><w:t>` + rep("a", 1<<20) + `</w:t></w:r></w:p>`, nil, "packas upp till mer än 1 MB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := packageWith(t, body(tt.body), tt.extra)
			_, err := ParseWithLimits(bytes.NewReader(data), int64(len(data)), tt.lim)
			var fe *FormatError
			if !errors.As(err, &fe) || fe.Kind != "over_budget" {
				t.Fatalf("got %v, want an over_budget FormatError", err)
			}
			if !errors.Is(err, ErrOverBudget) || !errors.Is(err, ErrNotDocx) {
				t.Errorf("errors.Is ErrOverBudget %v, ErrNotDocx %v; want both", errors.Is(err, ErrOverBudget), errors.Is(err, ErrNotDocx))
			}
			if !strings.Contains(fe.Reason, tt.reason) {
				t.Errorf("reason %q, want it to say %q", fe.Reason, tt.reason)
			}
			// the same document with the default budget reads
			if _, err := ParseWithLimits(bytes.NewReader(data), int64(len(data)), Limits{Ratio: tt.lim.Ratio}); err != nil {
				t.Errorf("with the default budget: %v", err)
			}
		})
	}
}

func TestBudgetTime(t *testing.T) {
	data := packageWith(t, body(strings.Repeat(`<w:p><w:r><w:t>a</w:t></w:r></w:p>`, 3000)), nil)
	lim := DefaultLimits
	lim.Time = 1 // a nanosecond: over at the first check
	_, err := ParseWithLimits(bytes.NewReader(data), int64(len(data)), lim)
	var fe *FormatError
	if !errors.As(err, &fe) || !errors.Is(err, ErrOverBudget) || !strings.Contains(fe.Reason, "tog längre tid än") {
		t.Fatalf("got %v, want an over_budget error about time", err)
	}
}

// TestBudgetSharedStream: many entries pointing at one compressed stream
// (testdata/hostile, made by make.py) are each counted as read.
func TestBudgetSharedStream(t *testing.T) {
	for _, name := range []string{"headers-shared.docx", "rels-shared.docx", "document-shared.docx"} {
		data, err := os.ReadFile("../../testdata/hostile/" + name)
		if err != nil {
			t.Fatal(err)
		}
		_, m, err := parse(bytes.NewReader(data), int64(len(data)), DefaultLimits)
		if !errors.Is(err, ErrOverBudget) {
			t.Errorf("%s: got %v, want over budget", name, err)
		}
		if m.used[resInflated] <= int64(len(data)) {
			t.Errorf("%s: %d bytes inflated from a %d-byte file: the shared stream was not counted", name, m.used[resInflated], len(data))
		}
	}
}

// TestStrayTableContent: a paragraph or cell where Word's schema has none
// (directly in w:tbl or w:tr, a table inside a paragraph) reads, with its
// text, instead of failing.
func TestStrayTableContent(t *testing.T) {
	tests := []struct {
		name, body string
		want       []string
	}{
		{"p in tbl", `<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc></w:tr><w:p><w:r><w:t>stray</w:t></w:r></w:p><w:tr><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`,
			[]string{"a", "stray", "b"}},
		{"tc in tbl", `<w:tbl><w:tc><w:p><w:r><w:t>loose</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>loose 2</w:t></w:r></w:p></w:tc><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`,
			[]string{"loose", "loose 2", "a"}},
		{"p in tr", `<w:tbl><w:tr><w:p><w:r><w:t>stray</w:t></w:r></w:p><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`,
			[]string{"stray", "a"}},
		{"tbl in p", `<w:p><w:r><w:t>före</w:t></w:r><w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:r><w:t>efter</w:t></w:r></w:p>`,
			[]string{"före", "cell", "efter"}},
		{"deleted mark before stray p", `<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr><w:p><w:pPr><w:rPr><w:del/></w:rPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p></w:tbl><w:p><w:r><w:t>y</w:t></w:r></w:p>`,
			[]string{"", "x", "y"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := parseBody(t, tt.body)
			if got := texts(doc); strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("paragraphs %q, want %q", got, tt.want)
			}
		})
	}
}
