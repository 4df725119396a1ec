package export

import (
	"bytes"
	"context"
	"embed"
	"encoding/xml"
	"fmt"
	"io/fs"
	"strings"
	"time"

	docx "github.com/fumiama/go-docx"

	"github.com/tillvaxtverket/villkorsintag/internal/compilation"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

// docxpkg holds the package parts the document is written with beside
// its body: the styles (Cambria 11 pt text, Calibri 8 pt tables, headings
// Word's navigation pane shows), the font table and content types.
//
//go:embed all:docxpkg
var docxpkg embed.FS

// partsFS is the parts go-docx packs: ours, the theme go-docx ships, and a
// core.xml written for the document (its title).
type partsFS struct{ core []byte }

func (p partsFS) Open(name string) (fs.File, error) {
	switch name {
	case "word/theme/theme1.xml":
		return docx.TemplateXMLFS.Open("xml/default/" + name)
	case "docProps/core.xml":
		return memFS{name: name, data: p.core}.Open(name)
	}
	return docxpkg.Open("docxpkg/" + name)
}

var partNames = []string{"[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml",
	"word/styles.xml", "word/fontTable.xml", "word/theme/theme1.xml"}

// Question writes every body's answer to one question as a Word document:
// a heading per body with its answer (insats tables as Word tables, Ja/Nej
// items with their explanations), the bodies without an answer last.
func Question(ctx context.Context, c *compilation.Compiler, t *spec.Template, id string, now time.Time) ([]byte, error) {
	q := t.Question(id)
	rows, err := c.Question(ctx, t, id)
	if err != nil {
		return nil, err
	}
	title := fmt.Sprintf("Sammanställning %d – fråga %s", t.Year, q.ID)
	w := newWord(title)
	w.para("Title", title)
	w.about(t, now, rows)
	w.question(t, q, rows, 1)
	return w.bytes()
}

// Section writes every question of a section, each with every body's
// answer, as one Word document.
func Section(ctx context.Context, c *compilation.Compiler, t *spec.Template, sectionID string, now time.Time) ([]byte, error) {
	var s *spec.Section
	for i := range t.Sections {
		if t.Sections[i].ID == sectionID {
			s = &t.Sections[i]
		}
	}
	if s == nil {
		return nil, fmt.Errorf("export %d: section %q: %w", t.Year, sectionID, compilation.ErrUnknownQuestion)
	}
	title := fmt.Sprintf("Sammanställning %d – avsnitt %s %s", t.Year, s.ID, s.Title)
	w := newWord(title)
	w.para("Title", title)
	for i, q := range s.Questions {
		rows, err := c.Question(ctx, t, q.ID)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			w.about(t, now, rows)
		}
		w.para("Heading1", q.ID+" "+firstLine(q.Text))
		w.question(t, &s.Questions[i], rows, 2)
	}
	return w.bytes()
}

type word struct {
	d     *docx.Docx
	title string
}

func newWord(title string) *word {
	return &word{d: docx.New(), title: title}
}

func (w *word) para(style, text string) *docx.Paragraph {
	p := w.d.AddParagraph().Style(style)
	if text != "" {
		p.AddText(text)
	}
	return p
}

// text writes an answer: one paragraph per line of it.
func (w *word) text(s string) {
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			w.para("Normal", line)
		}
	}
}

func (w *word) about(t *spec.Template, now time.Time, rows []model.BodyAnswer) {
	answered := 0
	for _, r := range rows {
		if r.NoAnswer == "" || r.NoAnswer == model.MissingReference {
			answered++
		}
	}
	w.para("Uppgift", fmt.Sprintf("Ur villkorsintag %s. Den aktuella versionen av varje organisations återrapportering för %d; %d av %d har svarat.",
		sv.Time(now), t.Year, answered, len(rows)))
}

// question writes the question's text and a heading (at level) per body.
func (w *word) question(t *spec.Template, q *spec.Question, rows []model.BodyAnswer, level int) {
	w.para("Fraga", q.Text)
	heading := fmt.Sprintf("Heading%d", level)
	var without []model.BodyAnswer
	for _, r := range rows {
		if r.NoAnswer != "" && r.NoAnswer != model.MissingReference {
			without = append(without, r)
			continue
		}
		w.para(heading, r.Name)
		w.para("Uppgift", meta(r))
		w.answer(t, r)
	}
	if len(without) > 0 {
		w.para(heading, "Utan svar")
		for _, r := range without {
			w.para("Normal", r.Name+" – "+sv.NoAnswer(r.NoAnswer))
		}
	}
}

func meta(r model.BodyAnswer) string {
	s := fmt.Sprintf("Version %d", r.Version)
	if r.Received != nil {
		s += ", inkom " + sv.Date(*r.Received)
	}
	return s + ", " + sv.Plural(r.Chars, "tecken", "tecken")
}

func (w *word) answer(t *spec.Template, r model.BodyAnswer) {
	if ref := r.Reference; ref != nil {
		w.text(r.Text)
		if ref.Question == "" {
			return
		}
		w.para("Uppgift", "Svaret hänvisar till fråga "+ref.Question+", som lyder:")
		w.text(ref.Text)
		w.insatser(t, ref.Insatser)
		w.text(ref.Comment)
		return
	}
	switch {
	case len(r.Choices) > 0:
		for _, c := range r.Choices {
			p := w.para("Normal", "")
			p.AddText(fmt.Sprintf("%d. %s: ", c.Item, c.Text))
			p.AddText(answerWord(c)).Bold()
			if c.Explanation != "" {
				w.para("Normal", c.Explanation)
			}
		}
	case len(r.Insatser) > 0:
		w.insatser(t, r.Insatser)
		w.text(r.Comment)
	case len(r.Parts) > 0:
		for _, p := range r.Parts {
			if strings.TrimSpace(p.Text) != "" {
				w.text(p.Text)
			}
		}
	default:
		w.text(r.Text)
	}
}

// insatser writes an insats table as a Word table in Calibri 8 pt, under
// the template's column headers.
func (w *word) insatser(t *spec.Template, rows []model.Insats) {
	if len(rows) == 0 {
		return
	}
	cols := len(t.InsatsColumns)
	for _, r := range rows {
		cols = max(cols, len(r.Cells))
	}
	tbl := w.d.AddTable(len(rows)+1, cols, 0, nil)
	cell := func(row, col int, text string, bold bool) {
		p := tbl.TableRows[row].TableCells[col].AddParagraph().Style("Tabelltext")
		run := p.AddText(text).Font("Calibri", "Calibri", "Calibri", "").Size("16")
		if bold {
			run.Bold()
		}
	}
	for j := 0; j < cols; j++ {
		h := ""
		if j < len(t.InsatsColumns) {
			h = t.InsatsColumns[j]
		}
		cell(0, j, h, true)
	}
	for i, r := range rows {
		for j := 0; j < cols; j++ {
			v := ""
			if j < len(r.Cells) {
				v = r.Cells[j]
			}
			cell(i+1, j, v, false)
		}
	}
	w.para("Normal", "")
}

func (w *word) bytes() ([]byte, error) {
	w.d.WithA4Page()
	w.d.UseTemplate("", partNames, partsFS{core: coreXML(w.title)})
	var buf bytes.Buffer
	if _, err := w.d.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("export: %s: %w", w.title, err)
	}
	return buf.Bytes(), nil
}

func coreXML(title string) []byte {
	var t bytes.Buffer
	xml.EscapeText(&t, []byte(title))
	return []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <dc:title>` + t.String() + `</dc:title>
  <dc:language>sv-SE</dc:language>
</cp:coreProperties>
`)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if r := []rune(s); len(r) > 120 {
		s = string(r[:120]) + "…"
	}
	return s
}

// memFS is one file in memory.
type memFS struct {
	name string
	data []byte
}

func (m memFS) Open(string) (fs.File, error) {
	return &memFile{memFS: m, Reader: bytes.NewReader(m.data)}, nil
}

type memFile struct {
	memFS
	*bytes.Reader
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f, nil }
func (f *memFile) Close() error               { return nil }
func (f *memFile) Name() string               { return f.name }
func (f *memFile) Size() int64                { return int64(len(f.data)) }
func (f *memFile) Mode() fs.FileMode          { return 0o444 }
func (f *memFile) ModTime() time.Time         { return time.Time{} }
func (f *memFile) IsDir() bool                { return false }
func (f *memFile) Sys() any                   { return nil }
