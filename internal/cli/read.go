package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/tillvaxtverket/villkorsintag/internal/document"
)

func init() {
	register(command{
		name:    "read",
		usage:   "[--json] FILE",
		summary: "visa en .docx som den läses: stycken, tabeller, listnummer, innehållskontroller, fakta",
		run:     runRead,
	})
}

// readView is `read --json`: the document as the reader sees it.
type readView struct {
	File       string      `json:"file"`
	SHA256     string      `json:"sha256"`
	Title      string      `json:"title"`
	AppChars   int         `json:"app_chars"`
	Blocks     []readBlock `json:"blocks"`
	HeaderText string      `json:"header_text"`
	Facts      readFacts   `json:"facts"`
}

type readBlock struct {
	Type string `json:"type"` // paragraph or table
	*ReadPara
	Rows []readRow `json:"rows,omitempty"`
}

// ReadPara is one paragraph of `read --json` (exported so that the JSON
// decoder can fill it where it is embedded).
type ReadPara struct {
	Style       string `json:"style"`
	Heading     int    `json:"heading"`
	Label       string `json:"label"`
	Text        string `json:"text"`
	Chars       int    `json:"chars"`
	Placeholder bool   `json:"placeholder"`
	Changed     bool   `json:"tracked_change"`
	Checked     int    `json:"checked"`
	Unchecked   int    `json:"unchecked"`
	shown       string // the text with the markers in words, for writeRead
}

type readRow struct {
	Cells []readCell `json:"cells"`
}

type readCell struct {
	Span       int        `json:"span"`
	Continue   bool       `json:"continue"`
	Paragraphs []ReadPara `json:"paragraphs"`
}

type readFacts struct {
	Insertions        int        `json:"insertions"`
	Deletions         int        `json:"deletions"`
	Moves             int        `json:"moves"`
	ParagraphMarks    int        `json:"paragraph_marks"`
	Rows              int        `json:"rows"`
	FormatChanges     int        `json:"format_changes"`
	ContentControls   int        `json:"content_controls"`
	Placeholders      int        `json:"placeholders"`
	ControlCheckboxes int        `json:"control_checkboxes"`
	LegacyCheckboxes  int        `json:"legacy_checkboxes"`
	HiddenChars       int        `json:"hidden_chars"`
	Drawings          int        `json:"drawings"`
	Equations         int        `json:"equations"`
	Risks             []readRisk `json:"risks"`
}

type readRisk struct {
	Kind   string `json:"kind"`
	Detail string `json:"detail"`
}

// readRefusal is `read --json` for a file that is not a readable .docx.
type readRefusal struct {
	File  string `json:"file"`
	Error struct {
		Kind   string `json:"kind"`
		Reason string `json:"reason"`
	} `json:"error"`
}

func runRead(args []string, stdout, stderr io.Writer) int {
	c := commands["read"]
	fs := newFlags(c, stderr)
	asJSON := fs.Bool("json", false, "skriv dokumentet som JSON")
	pos, ok := positional(fs, args, 1)
	if !ok {
		return ExitFailure
	}
	name := filepath.Base(pos[0])
	data, err := readFile(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag read: %s\n", fileProblem(pos[0], err))
		return ExitFailure
	}
	doc, err := document.ParseBytes(data)
	if err != nil {
		var fe *document.FormatError
		if !errors.As(err, &fe) {
			fmt.Fprintf(stderr, "villkorsintag read: %s kunde inte läsas: %v\n", pos[0], err)
			return ExitFailure
		}
		fmt.Fprintf(stderr, "%s: %s\n", name, fe.Reason)
		if *asJSON {
			var r readRefusal
			r.File, r.Error.Kind, r.Error.Reason = name, fe.Kind, fe.Reason
			encodeJSON(stdout, r)
		}
		return ExitFailure
	}
	sum := sha256.Sum256(data)
	v := newReadView(name, hex.EncodeToString(sum[:]), doc)
	if *asJSON {
		if err := encodeJSON(stdout, v); err != nil {
			fmt.Fprintf(stderr, "villkorsintag read: resultatet kunde inte skrivas: %v\n", err)
			return ExitFailure
		}
		return ExitOK
	}
	writeRead(stdout, v)
	return ExitOK
}

func newReadView(name, sum string, doc *document.Document) readView {
	v := readView{File: name, SHA256: sum, Title: doc.Title, AppChars: doc.AppChars, HeaderText: doc.HeaderText,
		Blocks: []readBlock{}}
	for _, b := range doc.Blocks {
		if b.Para != nil {
			p := newReadPara(*b.Para)
			v.Blocks = append(v.Blocks, readBlock{Type: "paragraph", ReadPara: &p})
			continue
		}
		tb := readBlock{Type: "table", Rows: []readRow{}}
		for _, r := range b.Table.Rows {
			row := readRow{Cells: []readCell{}}
			for _, c := range r.Cells {
				cell := readCell{Span: c.Span, Continue: c.Continue, Paragraphs: []ReadPara{}}
				for _, p := range c.Paragraphs {
					cell.Paragraphs = append(cell.Paragraphs, newReadPara(p))
				}
				row.Cells = append(row.Cells, cell)
			}
			tb.Rows = append(tb.Rows, row)
		}
		v.Blocks = append(v.Blocks, tb)
	}
	f := doc.Facts
	v.Facts = readFacts{Insertions: f.Insertions, Deletions: f.Deletions, Moves: f.Moves, ParagraphMarks: f.ParagraphMarks,
		Rows: f.Rows, FormatChanges: f.FormatChanges, ContentControls: f.ContentControls, Placeholders: f.Placeholders,
		ControlCheckboxes: f.ControlCheckboxes, LegacyCheckboxes: f.LegacyCheckboxes, HiddenChars: f.HiddenChars,
		Drawings: f.Drawings, Equations: f.Equations, Risks: []readRisk{}}
	for _, r := range f.Risks {
		v.Facts.Risks = append(v.Facts.Risks, readRisk{Kind: r.Kind, Detail: r.Detail})
	}
	return v
}

// newReadPara takes the reader's markers out of the text into flags.
func newReadPara(p document.Paragraph) ReadPara {
	rp := ReadPara{Style: p.StyleID, Heading: p.Heading, Label: p.Label, Chars: document.CountChars(p.Text)}
	rp.Placeholder = strings.ContainsRune(p.Text, document.MarkPlaceholder)
	rp.Changed = strings.ContainsRune(p.Text, document.MarkChange)
	rp.Checked = strings.Count(p.Text, string(document.BoxChecked))
	rp.Unchecked = strings.Count(p.Text, string(document.BoxUnchecked))
	rp.shown = shownText(p)
	rp.Text = strings.NewReplacer(string(document.MarkPlaceholder), "", string(document.MarkChange), "").Replace(p.Text)
	return rp
}

// shownText is a paragraph's text for a person: the markers in words.
func shownText(p document.Paragraph) string {
	return strings.NewReplacer(
		string(document.MarkPlaceholder), "[platshållartext]",
		string(document.MarkChange), "[spårad ändring]",
		"\n", " ⏎ ", "\t", " → ",
	).Replace(p.Text)
}

// paraHead describes a paragraph: its style, heading level and list number.
func paraHead(p ReadPara) string {
	var parts []string
	if p.Style != "" {
		parts = append(parts, "formatmall "+p.Style)
	}
	if p.Heading > 0 {
		parts = append(parts, fmt.Sprintf("rubrik nivå %d", p.Heading))
	}
	if p.Label != "" {
		parts = append(parts, "listnummer "+p.Label)
	}
	if p.Placeholder {
		parts = append(parts, "platshållartext")
	}
	if p.Changed {
		parts = append(parts, "spårad ändring")
	}
	switch n := p.Checked + p.Unchecked; {
	case n == 1 && p.Checked == 1:
		parts = append(parts, "kryssruta: ikryssad")
	case n == 1:
		parts = append(parts, "kryssruta: tom")
	case n > 1:
		parts = append(parts, fmt.Sprintf("%d kryssrutor, %d ikryssade", n, p.Checked))
	}
	if p.Chars == 0 && !p.Placeholder {
		parts = append(parts, "tomt")
	} else {
		parts = append(parts, fmt.Sprintf("%d tecken", p.Chars))
	}
	return strings.Join(parts, ", ")
}

var riskWords = map[string]string{
	"external_relationship": "extern länk",
	"field":                 "fält som hämtar innehåll utifrån",
	"altchunk":              "inbäddat dokument (altChunk)",
	"activex":               "ActiveX-kontroll",
	"embedded_object":       "inbäddat objekt",
	"linked_object":         "länkat objekt",
	"macro":                 "makro",
}

// writeRead prints the document for a case officer or an operator.
func writeRead(w io.Writer, v readView) {
	fmt.Fprintf(w, "Dokumentet som det läses – %s\n\n", v.File)
	fmt.Fprintf(w, "SHA-256:  %s\n", v.SHA256)
	title := v.Title
	if title == "" {
		title = "(ingen)"
	}
	fmt.Fprintf(w, "Titel:    %s\n", title)
	if v.AppChars > 0 {
		fmt.Fprintf(w, "Tecken enligt Word när filen sparades: %d\n", v.AppChars)
	}
	np, nt := 0, 0
	for _, b := range v.Blocks {
		if b.Type == "paragraph" {
			np++
			fmt.Fprintf(w, "\nStycke %d (%s)\n", np, paraHead(*b.ReadPara))
			if b.shown != "" {
				fmt.Fprintf(w, "  %s\n", b.shown)
			}
			continue
		}
		nt++
		fmt.Fprintf(w, "\nTabell %d (%d rader)\n", nt, len(b.Rows))
		for ri, r := range b.Rows {
			fmt.Fprintf(w, "  Rad %d\n", ri+1)
			for ci, c := range r.Cells {
				var notes []string
				if c.Span > 1 {
					notes = append(notes, fmt.Sprintf("över %d kolumner", c.Span))
				}
				if c.Continue {
					notes = append(notes, "sammanfogad med cellen ovanför")
				}
				head := fmt.Sprintf("    Cell %d", ci+1)
				if len(notes) > 0 {
					head += " (" + strings.Join(notes, ", ") + ")"
				}
				var texts []string
				for _, p := range c.Paragraphs {
					if p.shown != "" {
						t := p.shown
						if p.Label != "" {
							t = p.Label + " " + t
						}
						texts = append(texts, t)
					}
				}
				if len(texts) == 0 {
					fmt.Fprintf(w, "%s: (tom)\n", head)
				} else {
					fmt.Fprintf(w, "%s: %s\n", head, strings.Join(texts, " / "))
				}
			}
		}
	}
	f := v.Facts
	fmt.Fprintf(w, "\nFakta\n")
	changes := f.Insertions + f.Deletions + f.Moves + f.ParagraphMarks + f.Rows + f.FormatChanges
	fmt.Fprintf(w, "  Spårade ändringar:    %d (%d infogningar, %d borttagningar, %d flyttningar, %d styckemarkeringar, %d rader och celler, %d formatändringar)\n",
		changes, f.Insertions, f.Deletions, f.Moves, f.ParagraphMarks, f.Rows, f.FormatChanges)
	fmt.Fprintf(w, "  Innehållskontroller:  %d, varav %d visar platshållartext\n", f.ContentControls, f.Placeholders)
	fmt.Fprintf(w, "  Kryssrutor:           %d innehållskontroller, %d äldre formulärfält\n", f.ControlCheckboxes, f.LegacyCheckboxes)
	fmt.Fprintf(w, "  Dold text:            %d tecken (inte medräknade)\n", f.HiddenChars)
	fmt.Fprintf(w, "  Bilder och former:    %d (text i dem läses inte)\n", f.Drawings)
	fmt.Fprintf(w, "  Ekvationer:           %d (läses som text på en rad)\n", f.Equations)
	if len(f.Risks) == 0 {
		fmt.Fprintf(w, "  Risker:               inga\n")
	} else {
		fmt.Fprintf(w, "  Risker:\n")
		for _, r := range f.Risks {
			word := riskWords[r.Kind]
			if word == "" {
				word = r.Kind
			}
			if r.Detail != "" {
				word += ": " + r.Detail
			}
			fmt.Fprintf(w, "    %s\n", word)
		}
	}
	if h := strings.TrimSpace(v.HeaderText); h != "" {
		fmt.Fprintf(w, "\nSidhuvuden och sidfötter\n")
		for _, line := range strings.Split(h, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				fmt.Fprintf(w, "  %s\n", line)
			}
		}
	}
}
