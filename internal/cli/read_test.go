package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestReadJSON(t *testing.T) {
	code, out, errOut := run(t, "read", "--json", fixtures+"pydocx-listlabels.docx")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var v readView
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("not JSON: %v\n%.300s", err, out)
	}
	labels := 0
	for _, b := range v.Blocks {
		if b.Type != "paragraph" || b.ReadPara == nil {
			t.Fatalf("block %+v: want paragraphs only", b)
		}
		if strings.HasPrefix(b.Text, "Test ") {
			continue
		}
		labels++
		if b.Label != b.Text || b.Style != "ListParagraph" {
			t.Errorf("paragraph %q: label %q, style %q", b.Text, b.Label, b.Style)
		}
	}
	if labels < 30 {
		t.Errorf("%d numbered paragraphs, want the fixture's 40", labels)
	}
}

func TestReadShowsControlsTablesAndFacts(t *testing.T) {
	_, out, _ := run(t, "read", "--json", fixtures+"pydocx-sdt.docx")
	var v readView
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	placeholders, boxes, tables, headings := 0, 0, 0, 0
	var walk func(p ReadPara)
	walk = func(p ReadPara) {
		if p.Placeholder {
			placeholders++
			if strings.ContainsRune(p.Text, '\uE000') {
				t.Errorf("marker left in JSON text %q", p.Text)
			}
		}
		boxes += p.Checked + p.Unchecked
		if p.Heading > 0 {
			headings++
		}
	}
	for _, b := range v.Blocks {
		if b.ReadPara != nil {
			walk(*b.ReadPara)
		}
		if b.Type == "table" {
			tables++
			for _, r := range b.Rows {
				for _, c := range r.Cells {
					for _, p := range c.Paragraphs {
						walk(p)
					}
				}
			}
		}
	}
	if placeholders == 0 || v.Facts.Placeholders == 0 {
		t.Errorf("no placeholder marked (paragraphs %d, facts %d)", placeholders, v.Facts.Placeholders)
	}
	if boxes != 6 || v.Facts.ControlCheckboxes != 6 {
		t.Errorf("%d boxes in text, %d checkbox controls; the fixture has 6", boxes, v.Facts.ControlCheckboxes)
	}
	if tables == 0 || headings == 0 || v.Facts.ContentControls == 0 {
		t.Errorf("tables %d, headings %d, controls %d", tables, headings, v.Facts.ContentControls)
	}

	code, text, _ := run(t, "read", fixtures+"pydocx-sdt.docx")
	for _, want := range []string{"Stycke 1 (formatmall Title", "rubrik nivå 1", "Tabell 1 (", "[platshållartext]", "Innehållskontroller:  22", "Kryssrutor:           6 innehållskontroller"} {
		if code != ExitOK || !strings.Contains(text, want) {
			t.Errorf("text output (exit %d) lacks %q", code, want)
		}
	}
}

func TestReadTrackedAndRisky(t *testing.T) {
	_, out, _ := run(t, "read", "--json", fixtures+"pydocx-tracked.docx")
	var v readView
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	changed := 0
	for _, b := range v.Blocks {
		if b.ReadPara != nil && b.Changed {
			changed++
		}
	}
	if changed == 0 || v.Facts.Insertions+v.Facts.Deletions == 0 {
		t.Errorf("tracked changes: %d paragraphs marked, facts %+v", changed, v.Facts)
	}
	_, text, _ := run(t, "read", fixtures+"pydocx-risky.docx")
	if !strings.Contains(text, "Risker:\n") || !strings.Contains(text, "extern länk") {
		t.Errorf("risky fixture: risks not listed:\n%s", text[strings.Index(text, "Fakta"):])
	}
}

func TestReadRefusal(t *testing.T) {
	code, out, errOut := run(t, "read", "--json", "../../testdata/bad/legacy.doc")
	if code != ExitFailure {
		t.Fatalf("exit %d, want %d", code, ExitFailure)
	}
	var r readRefusal
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Error.Kind != "doc" || r.Error.Reason == "" {
		t.Errorf("refusal JSON %q (%v)", out, err)
	}
	if !strings.Contains(errOut, ".doc") || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Errorf("stderr %q: want one Swedish line", errOut)
	}
	if code, _, _ := run(t, "read"); code != ExitFailure {
		t.Errorf("no file: exit %d", code)
	}
}

// TestReadConstructs: read --json on the real-producer fixtures of symbol
// fonts, equations, ruby and drop caps shows the text Word shows, the
// checkboxes among the symbols and the equations counted.
func TestReadConstructs(t *testing.T) {
	tests := []struct {
		file               string
		contains           []string
		checked, unchecked int
		equations          int
	}{
		{"pydocx-symbols.docx", []string{"Vinkeln θp är liten.", "Det kostar €10.∨∨", "Grekiska: αβγθξο och ♦"}, 6, 5, 0},
		{"pydocx-equations.docx", []string{"Vi har a/(b+c) som kvot."}, 0, 0, 7},
		{"lo-equations.docx", []string{"Utan mellanslag x/y blir det så."}, 0, 0, 7},
		{"pydocx-ruby.docx", []string{"Staden 東京 är stor."}, 0, 0, 0},
		{"pydocx-dropcap.docx", []string{"Drop cap.", "Vid marginalen."}, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			code, out, errOut := run(t, "read", "--json", fixtures+tt.file)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var v readView
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				t.Fatalf("not JSON: %v\n%.300s", err, out)
			}
			texts := map[string]bool{}
			checked, unchecked := 0, 0
			for _, b := range v.Blocks {
				if b.ReadPara != nil {
					texts[b.Text] = true
					checked += b.Checked
					unchecked += b.Unchecked
				}
			}
			for _, want := range tt.contains {
				if !texts[want] {
					t.Errorf("no paragraph %q", want)
				}
			}
			if checked != tt.checked || unchecked != tt.unchecked || v.Facts.Equations != tt.equations {
				t.Errorf("checked %d, unchecked %d, equations %d; want %d, %d, %d",
					checked, unchecked, v.Facts.Equations, tt.checked, tt.unchecked, tt.equations)
			}
		})
	}
}
