// Package document reads a Word (.docx) file into paragraphs and tables with
// their text as Word shows it with every change accepted.
//
// The file is untrusted: the zip container is checked against Limits, XML
// parts are read with bounded depth and no DOCTYPE. A streaming pre-pass over
// word/document.xml keeps what github.com/fumiama/go-docx would drop (content
// controls, tracked insertions, wrappers, symbols, checkboxes, hidden-text
// flags, row- and cell-level controls) and records what it saw in Facts; the
// rewritten document (the structure only: paragraphs, runs, tables, rows,
// cells and their spans; no text, media or relationships) is then read into
// go-docx's Document, and its Body.Items, joined with what the pre-pass kept
// beside it (each paragraph's style, heading and label, each run's text,
// font and size), become Blocks.
package document

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"

	docx "github.com/fumiama/go-docx"
)

// Document is a parsed report.
type Document struct {
	Blocks     []Block
	HeaderText string // text of headers and footers
	Title      string // docProps/core.xml title
	// AppChars is docProps/app.xml CharactersWithSpaces: Word's count of the
	// whole document as last saved. A sanity signal only (stale, forgeable).
	AppChars int
	Facts    Facts
}

// Block is a paragraph or a table, in document order.
type Block struct {
	Para  *Paragraph
	Table *Table
}

// Paragraph is one paragraph's visible text.
type Paragraph struct {
	Text    string // with MarkPlaceholder, MarkChange and canonical box glyphs
	StyleID string
	Heading int    // heading level, 0 for body text
	Label   string // the list number Word shows, e.g. "1.1", or ""
	Runs    []Run
}

// Run is a stretch of text in one font and size.
type Run struct {
	Text    string
	Font    string
	HalfPts int
}

// Table is a top-level table; nested tables are flattened into their cell.
type Table struct {
	Rows []Row
}

// Row is a table row that was not deleted.
type Row struct {
	Cells []Cell
}

// Cell is a table cell.
type Cell struct {
	Paragraphs []Paragraph
	Span       int  // grid columns covered (1 unless merged horizontally)
	Continue   bool // vertically merged with the cell above
}

// Text joins the cell's paragraphs with newlines.
func (c Cell) Text() string {
	parts := make([]string, len(c.Paragraphs))
	for i, p := range c.Paragraphs {
		parts[i] = p.Text
	}
	return strings.Join(parts, "\n")
}

// Parse reads a .docx from r. Every error that comes from the file's
// content — not a Word document, damaged, unsafe, over the work budget,
// XML go-docx cannot read — is a *FormatError with a Swedish reason:
// errors.Is(err, ErrNotDocx) holds, and the same file always gives the
// same error. Only a failing r (ReadAt) could give another kind, and not
// even that for ParseBytes.
func Parse(r io.ReaderAt, size int64) (*Document, error) {
	return ParseWithLimits(r, size, DefaultLimits)
}

// ParseBytes is Parse for a file in memory.
func ParseBytes(b []byte) (*Document, error) {
	return Parse(bytes.NewReader(b), int64(len(b)))
}

// ParseWithLimits is Parse with other bounds.
func ParseWithLimits(r io.ReaderAt, size int64, lim Limits) (*Document, error) {
	doc, _, err := parse(r, size, lim)
	return doc, err
}

// parse is ParseWithLimits that also returns the meter, for tests.
func parse(r io.ReaderAt, size int64, lim Limits) (doc *Document, m *meter, err error) {
	m = newMeter(lim)
	defer func() {
		// go-docx is not ours: a panic in it must not take the caller down
		if rec := recover(); rec != nil {
			doc, err = nil, formatErr("corrupt", "dokumentet kunde inte tolkas", fmt.Errorf("panic: %v", rec))
		}
		if err == nil && m.err != nil {
			doc, err = nil, m.err // a bound passed where the error was not returned
		}
	}()
	doc, err = read(r, size, m.lim, m)
	return doc, m, err
}

func read(r io.ReaderAt, size int64, lim Limits, m *meter) (*Document, error) {
	p, err := openPackage(r, size, lim, m)
	if err != nil {
		return nil, err
	}
	st := newStyles(m)
	doc := &Document{}
	if err := p.readStyles(st); err != nil {
		return nil, err
	}
	if err := p.readRisks(&doc.Facts); err != nil {
		return nil, err
	}
	data, err := p.readAll(p.main, lim.EntrySize)
	if err != nil {
		return nil, err
	}
	pp, err := runPrepass(data, st, m)
	if err != nil {
		return nil, err
	}
	// the package's risks first, then the document's, each kind and detail once
	risks := doc.Facts.Risks
	doc.Facts = pp.facts
	doc.Facts.Risks = risks
	for _, r := range pp.facts.Risks {
		doc.Facts.risk(r.Kind, r.Detail)
	}
	doc.Blocks, err = readBlocks(pp.out.Bytes(), pp.paras, pp.runs)
	pp.release()
	if err != nil {
		return nil, err
	}
	if doc.HeaderText, err = p.headerText(); err != nil {
		return nil, err
	}
	doc.Title, doc.AppChars = p.properties()
	return doc, m.checkTime()
}

// related returns the parts the main part's relationships point to.
func (p *pkg) relsOf(part string) string {
	return path.Join(path.Dir(part), "_rels", path.Base(part)+".rels")
}

func (p *pkg) readStyles(st *styles) error {
	targets := map[string]string{} // relationship type suffix -> part
	if rs, err := p.rels(p.relsOf(p.main)); err == nil {
		for _, r := range rs {
			if r.TargetMode == "External" {
				continue
			}
			typ := r.Type[strings.LastIndex(r.Type, "/")+1:]
			targets[typ] = strings.TrimPrefix(path.Join(path.Dir(p.main), r.Target), "/")
			if strings.HasPrefix(r.Target, "/") {
				targets[typ] = strings.TrimPrefix(r.Target, "/")
			}
		}
	} else if !errors.Is(err, errNoPart) {
		return err
	}
	read := func(typ, fallback string, parse func([]byte, *meter) error) error {
		name := targets[typ]
		if name == "" || p.files[name] == nil {
			name = fallback
		}
		if p.files[name] == nil {
			return nil
		}
		data, err := p.readAll(name, p.limits.EntrySize)
		if err != nil {
			return err
		}
		return parse(data, p.m)
	}
	if err := read("theme", "word/theme/theme1.xml", st.parseTheme); err != nil {
		return err
	}
	if err := read("styles", "word/styles.xml", st.parseStyles); err != nil {
		return err
	}
	return read("numbering", "word/numbering.xml", st.num.parse)
}

// readRisks looks at every relationship and part name for content that
// reaches outside the document or runs code, in the order of the part names
// (never the map's, which changes from run to run).
func (p *pkg) readRisks(f *Facts) error {
	for _, name := range p.names() {
		zf := p.files[name]
		lower := strings.ToLower(name)
		switch {
		case strings.HasPrefix(lower, "word/activex/"):
			f.risk("activex", "")
		case strings.HasPrefix(lower, "word/embeddings/"):
			f.risk("embedded_object", path.Base(name))
		case strings.HasSuffix(lower, ".rels"):
			if zf.UncompressedSize64 > 4<<20 {
				return formatErr("unsafe", "en relationsdel i filen är orimligt stor", nil)
			}
			rs, err := p.rels(name)
			if err != nil {
				return err
			}
			for _, r := range rs {
				typ := r.Type[strings.LastIndex(r.Type, "/")+1:]
				if r.TargetMode == "External" && typ != "hyperlink" {
					f.risk("external_relationship", typ+": "+r.Target)
				}
			}
		}
	}
	return nil
}

var (
	reHeaderPart = regexp.MustCompile(`^word/(header|footer)\d*\.xml$`)
	reTitle      = regexp.MustCompile(`(?s)<dc:title>(.*?)</dc:title>`)
	reAppChars   = regexp.MustCompile(`<CharactersWithSpaces>(\d+)</CharactersWithSpaces>`)
)

// headerText returns the text of headers and footers, where some regions put
// their diarienummer. Unreadable parts are skipped: they hold no answers.
// Their XML and what is built from it count to the work budget: a document
// whose headers pass it is refused.
func (p *pkg) headerText() (string, error) {
	var b strings.Builder
	for _, name := range p.names() {
		if !reHeaderPart.MatchString(name) {
			continue
		}
		data, err := p.readAll(name, min(4<<20, p.m.remaining(resHeaderBytes)+1))
		if p.m.err != nil {
			return "", p.m.err
		}
		if err != nil {
			if int64(p.files[name].UncompressedSize64) > p.m.remaining(resHeaderBytes) {
				return "", p.m.charge(resHeaderBytes, int(p.files[name].UncompressedSize64))
			}
			continue
		}
		if err := p.m.charge(resHeaderBytes, len(data)); err != nil {
			return "", err
		}
		pp, err := runPrepass(data, newStyles(p.m), p.m)
		if p.m.err != nil {
			return "", p.m.err
		}
		if err != nil {
			continue
		}
		blocks, err := readBlocks(pp.out.Bytes(), pp.paras, pp.runs)
		pp.release()
		if err != nil {
			continue
		}
		for _, bl := range blocks {
			for _, para := range bl.paragraphs() {
				b.WriteString(para.Text)
				b.WriteByte('\n')
			}
		}
	}
	return b.String(), nil
}

func (p *pkg) properties() (title string, appChars int) {
	if data, err := p.readAll("docProps/core.xml", 1<<20); err == nil {
		if m := reTitle.FindSubmatch(data); m != nil {
			title = strings.TrimSpace(unescapeXML(string(m[1])))
		}
	}
	if data, err := p.readAll("docProps/app.xml", 1<<20); err == nil {
		if m := reAppChars.FindSubmatch(data); m != nil {
			appChars, _ = strconv.Atoi(string(m[1]))
		}
	}
	return title, appChars
}

func unescapeXML(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'").Replace(s)
}

// paragraphs lists a block's paragraphs (a table's row by row, cell by cell).
func (b Block) paragraphs() []Paragraph {
	if b.Para != nil {
		return []Paragraph{*b.Para}
	}
	var ps []Paragraph
	for _, r := range b.Table.Rows {
		for _, c := range r.Cells {
			ps = append(ps, c.Paragraphs...)
		}
	}
	return ps
}

// readBlocks has go-docx read the rewritten document (its word/document.xml
// alone: the package around it would hold nothing) and turns its body into
// Blocks, joined with the pre-pass's paragraph and run info.
func readBlocks(documentXML []byte, infos []paraInfo, runs []runInfo) ([]Block, error) {
	var d docx.Document
	if err := xml.NewDecoder(bytes.NewReader(documentXML)).Decode(&d); err != nil {
		return nil, formatErr("corrupt", "dokumentet kunde inte tolkas", fmt.Errorf("go-docx: %w", err))
	}
	wk := walker{infos: infos, runs: runs}
	blocks := make([]Block, 0, len(d.Body.Items))
	for _, item := range d.Body.Items {
		switch it := item.(type) {
		case *docx.Paragraph:
			p := wk.paragraph(it)
			blocks = append(blocks, Block{Para: &p})
		case *docx.Table:
			blocks = append(blocks, Block{Table: wk.table(it)})
		}
	}
	if wk.next != len(infos) || wk.nextRun != len(runs) {
		// the pre-pass writes only what go-docx reads: this is a fault of
		// ours, but it comes from this document and would come again
		return nil, formatErr("corrupt", "dokumentets struktur kunde inte tolkas",
			fmt.Errorf("read %d paragraphs and %d runs, pre-pass wrote %d and %d", wk.next, wk.nextRun, len(infos), len(runs)))
	}
	return blocks, nil
}

type walker struct {
	infos   []paraInfo
	next    int
	runs    []runInfo
	nextRun int
}

func (wk *walker) paragraph(p *docx.Paragraph) Paragraph {
	var out Paragraph
	if wk.next < len(wk.infos) {
		in := wk.infos[wk.next]
		out.StyleID, out.Heading, out.Label = in.styleID, in.heading, in.label
	}
	wk.next++
	var text strings.Builder
	for _, child := range p.Children {
		if _, ok := child.(*docx.Run); !ok {
			continue
		}
		var run Run
		if wk.nextRun < len(wk.runs) {
			in := wk.runs[wk.nextRun]
			run.Text, run.Font, run.HalfPts = in.text, in.font, in.halfPts
		}
		wk.nextRun++
		if len(p.Children) == 1 {
			out.Text = run.Text // one run: its text is the paragraph's
		} else {
			text.WriteString(run.Text)
		}
		if out.Runs == nil {
			out.Runs = make([]Run, 0, len(p.Children))
		}
		out.Runs = append(out.Runs, run)
	}
	if text.Len() > 0 {
		out.Text = text.String()
	}
	return out
}

func (wk *walker) table(t *docx.Table) *Table {
	out := &Table{}
	for _, r := range t.TableRows {
		var row Row
		for _, c := range r.TableCells {
			cell := Cell{Span: 1}
			if pr := c.TableCellProperties; pr != nil {
				if pr.GridSpan != nil && pr.GridSpan.Val > 1 {
					cell.Span = pr.GridSpan.Val
				}
				if pr.VMerge != nil && pr.VMerge.Val != "restart" {
					cell.Continue = true
				}
			}
			for _, p := range c.Paragraphs {
				cell.Paragraphs = append(cell.Paragraphs, wk.paragraph(p))
			}
			row.Cells = append(row.Cells, cell)
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}
