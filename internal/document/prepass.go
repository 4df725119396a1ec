package document

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// Markers the pre-pass writes into the text. They are private-use code
// points, never counted as characters and stripped from answer text.
const (
	// MarkPlaceholder stands where a content control still showed its prompt.
	MarkPlaceholder = '\uE000'
	// MarkChange stands where an unaccepted tracked change was.
	MarkChange = '\uE001'
	// BoxChecked and BoxUnchecked are the canonical checkbox glyphs: every
	// kind of checkbox Word knows becomes one of them.
	BoxChecked   = '☒'
	BoxUnchecked = '☐'
)

// paraInfo is what the pre-pass knows of a paragraph that go-docx does not:
// one per paragraph written, in document order.
type paraInfo struct {
	styleID string
	heading int
	label   string
}

// runInfo is a written run's text, font and size, one per run written, in
// document order: go-docx reads only where the runs are.
type runInfo struct {
	text    string
	font    string
	halfPts int
}

type sdtState struct {
	placeholder bool
	checkbox    int // -1: not a checkbox; 0 unchecked; 1 checked
	emitted     bool
	inPara      bool // started inside a paragraph (inline)
}

type fieldState struct {
	code     strings.Builder
	result   bool
	checkbox int // -1 none, 0/1 legacy FORMCHECKBOX state
}

// prepass rewrites word/document.xml into a minimal WordprocessingML that
// go-docx reads without losing anything: wrappers unwrapped, deleted and
// hidden content dropped, checkboxes made canonical, placeholders marked;
// each paragraph's style and each run's text and resolved font and size are
// kept beside it (paras, runs), not in it.
type prepass struct {
	tz    *tokenizer
	m     *meter
	st    *styles
	out   *bytes.Buffer // from outBuffers; release gives it back
	paras []paraInfo
	runs  []runInfo
	facts Facts

	// paragraph
	pDepth       int // nesting of w:p (only the outermost counts)
	paraOpen     bool
	pStyle       string
	numID        string
	ilvl         int
	outline      int
	markDeleted  bool
	mergePending bool
	continuing   bool            // this w:p continues one whose mark was deleted
	dropCap      bool            // this w:p is a drop cap's frame (w:framePr w:dropCap)
	dropText     strings.Builder // a drop cap's text, for the next paragraph
	lastOut      byte            // the last byte of text written in this paragraph
	spaceAfter   bool            // an equation was written last: space off what follows

	// run
	inRun      bool
	runDirect  runProps
	rStyle     string
	runFont    string
	runHalfPts int
	runHidden  bool
	runSym     symFont // runFont, if it is a symbol font
	runText    strings.Builder

	// text written but not yet closed as a run
	pending        bytes.Buffer
	pendingFont    string
	pendingHalfPts int

	// tables: only the outermost is written (nested ones are flattened
	// into its cells); rowDepth and cellDepth count w:tr and w:tc in it
	tblDepth   int
	tblStyles  []string
	rowOut     int
	rowParas   int
	rowRuns    int
	rowDeleted bool
	rowDepth   int
	cellDepth  int
	// what the writer has open in that table; a paragraph or cell found
	// where Word's schema has none (a w:p or w:tc directly in w:tbl, a w:p
	// directly in w:tr) gets a row or cell of its own (synthRow, synthCell)
	rowOpen, cellOpen   bool
	synthRow, synthCell bool

	sdts   []*sdtState
	fields []*fieldState
}

func runPrepass(data []byte, st *styles, m *meter) (*prepass, error) {
	pp := &prepass{tz: newTokenizer(data, m), m: m, st: st, ilvl: -1, outline: -1}
	pp.out = outBuffers.Get().(*bytes.Buffer)
	pp.out.Reset()
	pp.out.Grow(len(data) / 3)
	pp.out.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document xmlns:w="` + nsW + `"><w:body>`)
	if err := pp.loop(); err != nil {
		return nil, xmlErr("document.xml", err)
	}
	pp.closePending()
	if pp.paraOpen {
		pp.endWrittenParagraph()
	}
	pp.out.WriteString(`</w:body></w:document>`)
	return pp, nil
}

// outBuffers keeps the rewritten documents' buffers for the next document:
// nothing read from them refers to them afterwards.
var outBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// release gives the output buffer back once go-docx has read it; the
// pre-pass is not used after.
func (pp *prepass) release() {
	if pp.out != nil && pp.out.Cap() <= 8<<20 {
		outBuffers.Put(pp.out)
	}
	pp.out = nil
}

func (pp *prepass) next() (tokKind, error) { return pp.tz.next() }

func (pp *prepass) skip() error { return pp.tz.skip() }

// within calls onStart for every element start inside the element just
// started, and onEnd (if given) for every end, until that element ends.
// A callback may consume a whole child with pp.skip.
func (pp *prepass) within(onStart func(xml.StartElement) error, onEnd func(xml.EndElement)) error {
	start := pp.tz.depth
	for pp.tz.depth >= start {
		k, err := pp.next()
		if err != nil {
			return err
		}
		switch k {
		case tokStart:
			if onStart != nil {
				if err := onStart(pp.tz.el); err != nil {
					return err
				}
			}
		case tokEnd:
			if onEnd != nil {
				onEnd(xml.EndElement{Name: pp.tz.endName})
			}
		}
	}
	return nil
}

// charData returns the text inside the element just started.
func (pp *prepass) charData() (string, error) {
	var s strings.Builder
	start := pp.tz.depth
	for pp.tz.depth >= start {
		k, err := pp.next()
		if err != nil {
			return "", err
		}
		if k == tokText {
			if err := pp.m.charge(resText, len(pp.tz.text)); err != nil {
				return "", err
			}
			s.Write(pp.tz.text)
		}
	}
	return s.String(), nil
}

func (pp *prepass) loop() error {
	for {
		k, err := pp.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch k {
		case tokStart:
			if err := pp.start(pp.tz.el); err != nil {
				return err
			}
		case tokEnd:
			pp.end(xml.EndElement{Name: pp.tz.endName})
		}
	}
}

func (pp *prepass) start(t xml.StartElement) error {
	if !isW(t.Name) {
		switch t.Name.Local {
		case "AlternateContent": // drawings and text boxes, in both branches
			pp.facts.Drawings++
			return pp.skip()
		case "oMath", "oMathPara":
			if isM(t.Name) {
				return pp.math()
			}
		}
		return nil // unknown wrappers are descended into
	}
	switch t.Name.Local {
	case "p":
		pp.startParagraph()
	case "pPr":
		if pp.pDepth > 0 {
			return pp.paragraphProps()
		}
		return pp.skip()
	case "r":
		pp.startRun()
	case "rPr":
		if pp.inRun {
			return pp.runProps()
		}
		return pp.skip()
	case "t":
		return pp.text()
	case "instrText":
		return pp.instrText()
	case "delText", "delInstrText", "footnoteReference", "endnoteReference", "commentReference",
		"annotationRef", "sectPr", "tblGrid", "customXmlPr", "smartTagPr", "sdtEndPr", "lastRenderedPageBreak",
		"footnotePr", "endnotePr",
		"rt", "rubyPr": // ruby: the base is the text, the reading above it is not
		return pp.skip()
	case "tab", "ptab":
		pp.addText("\t")
	case "br":
		if ty := attr(t, "type"); ty != "page" && ty != "column" {
			pp.addText("\n")
		}
	case "cr":
		pp.addText("\n")
	case "noBreakHyphen":
		pp.addText("\u2011")
	case "softHyphen":
		// not counted, not shown unless at a line end
	case "sym":
		code, err := strconv.ParseUint(attr(t, "char"), 16, 32)
		if err == nil && code <= 0x10FFFF {
			pp.addGlyphs(string(symGlyph(attr(t, "font"), rune(code))), symRaw)
		}
	case "fldChar":
		return pp.fieldChar(t)
	case "fldSimple":
		pp.fieldCode(attr(t, "instr"))
	case "drawing", "pict", "object":
		return pp.embedded(t)
	case "altChunk":
		pp.facts.risk("altchunk", "")
		return pp.skip()
	case "del", "moveFrom":
		pp.change(t.Name.Local)
		return pp.skip()
	case "ins", "moveTo":
		pp.change(t.Name.Local)
	case "rPrChange", "pPrChange", "tblPrChange", "trPrChange", "tcPrChange", "sectPrChange", "numberingChange":
		pp.facts.FormatChanges++
		return pp.skip()
	case "sdt":
		pp.sdts = append(pp.sdts, &sdtState{checkbox: -1, inPara: pp.pDepth > 0})
		pp.facts.ContentControls++
	case "sdtPr":
		return pp.sdtProps()
	case "tbl":
		pp.startTable()
	case "tblPr":
		return pp.tableProps()
	case "tr":
		pp.startRow()
	case "trPr":
		return pp.rowProps()
	case "tc":
		pp.startCell()
	case "tcPr":
		return pp.cellProps()
	}
	return nil
}

func (pp *prepass) end(t xml.EndElement) {
	if !isW(t.Name) {
		return
	}
	switch t.Name.Local {
	case "p":
		pp.endParagraph()
	case "r":
		pp.endRun()
	case "sdt":
		pp.endSDT()
	case "tbl":
		pp.endTable()
	case "tr":
		pp.endRow()
	case "tc":
		pp.endCell()
	}
}

// --- paragraphs

func (pp *prepass) startParagraph() {
	pp.pDepth++
	if pp.pDepth > 1 {
		return
	}
	if pp.mergePending {
		// the previous paragraph's mark was deleted: this one continues it
		pp.mergePending = false
		pp.markDeleted = false
		pp.continuing = true
		return
	}
	pp.continuing, pp.dropCap = false, false
	pp.pStyle, pp.numID, pp.ilvl, pp.outline, pp.markDeleted = pp.st.defaultPara, "", -1, -1, false
}

func (pp *prepass) paragraphProps() error {
	if pp.continuing {
		return pp.skipParagraphPropsKeepingMark()
	}
	inRPr := false
	return pp.within(func(t xml.StartElement) error {
		if !isW(t.Name) {
			return nil
		}
		switch t.Name.Local {
		case "pStyle":
			pp.pStyle = attr(t, "val")
		case "numId":
			pp.numID = attr(t, "val")
		case "ilvl":
			pp.ilvl = atoi(attr(t, "val"), 0)
		case "outlineLvl":
			pp.outline = atoi(attr(t, "val"), -1)
		case "framePr":
			if dc := attr(t, "dropCap"); dc == "drop" || dc == "margin" {
				pp.dropCap = true
			}
		case "rPr":
			inRPr = true
		case "del", "moveFrom":
			if inRPr {
				pp.markDeleted = true
				pp.facts.ParagraphMarks++
			}
		case "ins", "moveTo":
			if inRPr {
				pp.facts.ParagraphMarks++
			}
		case "pPrChange", "rPrChange":
			pp.facts.FormatChanges++
			return pp.skip()
		}
		return nil
	}, func(t xml.EndElement) {
		if isW(t.Name) && t.Name.Local == "rPr" {
			inRPr = false
		}
	})
}

// skipParagraphPropsKeepingMark reads the pPr of a paragraph that continues
// a previous one: only its own mark's deletion matters.
func (pp *prepass) skipParagraphPropsKeepingMark() error {
	inRPr := false
	return pp.within(func(t xml.StartElement) error {
		switch {
		case isW(t.Name) && t.Name.Local == "rPr":
			inRPr = true
		case isW(t.Name) && inRPr && (t.Name.Local == "del" || t.Name.Local == "moveFrom"):
			pp.markDeleted = true
			pp.facts.ParagraphMarks++
		}
		return nil
	}, func(t xml.EndElement) {
		if isW(t.Name) && t.Name.Local == "rPr" {
			inRPr = false
		}
	})
}

// openParagraph writes <w:p> and records the paragraph, once.
func (pp *prepass) openParagraph() {
	if pp.paraOpen {
		return
	}
	pp.paraOpen = true
	pp.lastOut, pp.spaceAfter = 0, false
	label := ""
	numID, ilvl := pp.numID, pp.ilvl
	if numID == "" {
		for _, s := range pp.st.chain(pp.pStyle) {
			if s.hasNum {
				numID, ilvl = s.numID, s.ilvl
				break
			}
		}
	}
	if numID != "" {
		label = pp.st.num.label(numID, ilvl, pp.pStyle)
	}
	pp.m.charge(resParagraphs, 1) // past the bound the next token fails
	pp.m.charge(resText, len(label))
	pp.paras = append(pp.paras, paraInfo{styleID: strings.Clone(pp.pStyle), heading: pp.st.headingLevel(pp.pStyle, pp.outline), label: label})
	if pp.tblDepth > 0 && !pp.cellOpen {
		// a paragraph outside any cell of the table: a cell (and row) of its own
		if !pp.rowOpen {
			pp.out.WriteString(`<w:tr>`)
			pp.rowOpen, pp.synthRow = true, true
		}
		pp.out.WriteString(`<w:tc>`)
		pp.cellOpen, pp.synthCell = true, true
	}
	pp.out.WriteString(`<w:p>`) // its style is in pp.paras
}

func (pp *prepass) endParagraph() {
	pp.pDepth--
	if pp.pDepth > 0 {
		return
	}
	if pp.markDeleted {
		pp.mergePending = true
		return
	}
	if pp.dropCap {
		// a drop cap's frame: its text starts the next paragraph
		pp.dropCap = false
		return
	}
	pp.closeParagraph()
}

func (pp *prepass) closeParagraph() {
	if pp.dropText.Len() > 0 {
		pp.writeRun("") // a drop cap before an empty paragraph
	}
	if !pp.paraOpen {
		// an empty paragraph still separates answers: record it
		pp.openParagraph()
	}
	pp.endWrittenParagraph()
}

// endWrittenParagraph closes the paragraph the writer has open, and the
// cell and row it made for it.
func (pp *prepass) endWrittenParagraph() {
	pp.flushRun()
	pp.out.WriteString(`</w:p>`)
	pp.paraOpen = false
	if pp.synthCell {
		pp.out.WriteString(`</w:tc>`)
		pp.cellOpen, pp.synthCell = false, false
		if pp.synthRow {
			pp.out.WriteString(`</w:tr>`)
			pp.rowOpen, pp.synthRow = false, false
		}
	}
}

// endWriterParagraph ends, at a table boundary, a paragraph the writer
// still has open (one that waits for a merge, or one the table is inside).
func (pp *prepass) endWriterParagraph() {
	pp.closePending()
	if pp.paraOpen {
		pp.endWrittenParagraph()
	}
}

// closePending ends a paragraph whose deleted mark had it wait for the next
// one, at a boundary no paragraph can continue across.
func (pp *prepass) closePending() {
	if pp.mergePending {
		pp.mergePending = false
		pp.closeParagraph()
	}
	if pp.dropText.Len() > 0 && !pp.paraOpen {
		// a drop cap with no paragraph after it: a paragraph of its own
		pp.dropCap = false
		pp.closeParagraph()
	}
}

// --- runs and text

func (pp *prepass) startRun() {
	pp.inRun = true
	pp.runDirect = runProps{}
	pp.rStyle = ""
	pp.runText.Reset()
	pp.resolveRun()
}

func (pp *prepass) resolveRun() {
	tbl := ""
	if n := len(pp.tblStyles); n > 0 {
		tbl = pp.tblStyles[n-1]
	}
	pp.runFont, pp.runHalfPts, pp.runHidden = pp.st.resolveRun(pp.runDirect, pp.rStyle, pp.pStyle, tbl)
	pp.runSym = symFontOf(pp.runFont)
}

func (pp *prepass) runProps() error {
	err := pp.within(func(t xml.StartElement) error {
		if !isW(t.Name) {
			return nil
		}
		switch t.Name.Local {
		case "rStyle":
			pp.rStyle = attr(t, "val")
		case "rFonts":
			pp.runDirect.readRFonts(t)
		case "sz":
			pp.runDirect.halfPts = atoi(attr(t, "val"), 0)
		case "vanish", "specVanish":
			v := onOff(t)
			pp.runDirect.vanish = &v
		case "rPrChange":
			pp.facts.FormatChanges++
			return pp.skip()
		}
		return nil
	}, nil)
	pp.resolveRun()
	return err
}

func (pp *prepass) text() error {
	s, err := pp.charData() // charges the text
	pp.addText(s)
	return err
}

// addText adds visible text to the current run, unless it is hidden, part
// of a field code, or inside a placeholder or checkbox control.
func (pp *prepass) addText(s string) { pp.addGlyphs(s, pp.runSym) }

// addGlyphs is addText for text in symbol font f (its characters mapped to
// Unicode).
func (pp *prepass) addGlyphs(s string, f symFont) {
	if !pp.inRun || s == "" {
		return
	}
	for _, f := range pp.fields {
		if !f.result {
			return
		}
	}
	if pp.runHidden {
		pp.facts.HiddenChars += CountChars(s)
		return
	}
	for i := len(pp.sdts) - 1; i >= 0; i-- {
		sd := pp.sdts[i]
		if sd.placeholder || sd.checkbox >= 0 {
			if !sd.emitted {
				sd.emitted = true
				pp.runText.WriteRune(sd.mark())
			}
			return
		}
	}
	if (f == symNone || f == symRaw) && strings.IndexByte(s, 0xE2) < 0 && strings.IndexByte(s, 0xEF) < 0 {
		// nothing glyph maps: no ☑ (E2 98 91), no U+F020–U+F0FF (EF 80 A0 – EF 83 BF)
		pp.runText.WriteString(s)
		return
	}
	for _, r := range s {
		pp.runText.WriteRune(glyph(f, r))
	}
}

func (sd *sdtState) mark() rune {
	switch {
	case sd.checkbox == 1:
		return BoxChecked
	case sd.checkbox == 0:
		return BoxUnchecked
	}
	return MarkPlaceholder
}

func (pp *prepass) endRun() {
	pp.inRun = false
	if pp.runText.Len() == 0 {
		return
	}
	pp.writeRun(pp.runText.String())
	pp.runText.Reset()
	if pp.pDepth == 0 {
		// a run outside any paragraph (inside an unknown element): Word
		// shows its text, so it becomes a paragraph of its own
		pp.closeParagraph()
	}
}

// writeRun adds text in the current run's font and size. Consecutive text
// in one font and size becomes one run: fewer runs for go-docx to read.
func (pp *prepass) writeRun(text string) {
	if pp.dropCap {
		pp.dropText.WriteString(text)
		return
	}
	pp.openParagraph()
	if pp.dropText.Len() > 0 {
		text = pp.dropText.String() + text
		pp.dropText.Reset()
	}
	if pp.spaceAfter && text != "" {
		// the text after an equation is set off from it
		pp.spaceAfter = false
		if !isSpaceByte(text[0]) {
			text = " " + text
		}
	}
	if text != "" {
		pp.lastOut = text[len(text)-1]
	}
	if pp.pending.Len() > 0 && (pp.pendingFont != pp.runFont || pp.pendingHalfPts != pp.runHalfPts) {
		pp.flushRun()
	}
	pp.pendingFont, pp.pendingHalfPts = pp.runFont, pp.runHalfPts
	pp.pending.WriteString(text)
}

// flushRun writes the pending run.
func (pp *prepass) flushRun() {
	if pp.pending.Len() == 0 {
		return
	}
	pp.m.charge(resRuns, 1)
	// the text, font and size go beside the XML, not in it: go-docx
	// builds the structure and never tokenizes the text
	pp.runs = append(pp.runs, runInfo{text: pp.pending.String(), font: strings.Clone(pp.pendingFont), halfPts: pp.pendingHalfPts})
	pp.out.WriteString(`<w:r/>`)
	pp.pending.Reset()
}

// --- tracked changes

func (pp *prepass) change(kind string) {
	switch kind {
	case "ins":
		pp.facts.Insertions++
	case "del":
		pp.facts.Deletions++
	default:
		pp.facts.Moves++
	}
	if pp.inRun {
		pp.runText.WriteRune(MarkChange)
	} else if pp.pDepth > 0 {
		pp.writeRun(string(MarkChange))
	}
}

// --- fields

func (pp *prepass) fieldChar(t xml.StartElement) error {
	switch attr(t, "fldCharType") {
	case "begin":
		f := &fieldState{checkbox: -1}
		pp.fields = append(pp.fields, f)
		return pp.formFieldData(f) // consumes the fldChar element
	case "separate":
		if n := len(pp.fields); n > 0 {
			pp.fields[n-1].result = true
			pp.fieldCode(pp.fields[n-1].code.String())
		}
	case "end":
		if n := len(pp.fields); n > 0 {
			f := pp.fields[n-1]
			pp.fields = pp.fields[:n-1]
			if !f.result {
				pp.fieldCode(f.code.String())
			}
			if f.checkbox >= 0 && strings.Contains(strings.ToUpper(f.code.String()), "FORMCHECKBOX") {
				pp.facts.LegacyCheckboxes++
				if f.checkbox == 1 {
					pp.addText(string(BoxChecked))
				} else {
					pp.addText(string(BoxUnchecked))
				}
			}
		}
	}
	return pp.skip()
}

// formFieldData reads w:ffData inside a begin fldChar: the checkbox state.
func (pp *prepass) formFieldData(f *fieldState) error {
	def, checked := 0, -1
	isBox := false
	err := pp.within(func(t xml.StartElement) error {
		if !isW(t.Name) {
			return nil
		}
		switch t.Name.Local {
		case "checkBox":
			isBox = true
		case "default":
			if isBox && onOff(t) {
				def = 1
			}
		case "checked":
			if isBox {
				checked = 0
				if onOff(t) {
					checked = 1
				}
			}
		}
		return nil
	}, nil)
	if isBox {
		f.checkbox = def
		if checked >= 0 {
			f.checkbox = checked
		}
	}
	return err
}

func (pp *prepass) instrText() error {
	s, err := pp.charData()
	if n := len(pp.fields); n > 0 && !pp.fields[n-1].result {
		pp.fields[n-1].code.WriteString(s)
	}
	return err
}

// fieldCode records a field's code: the ones that reach outside the document are risky.
func (pp *prepass) fieldCode(code string) {
	word, _, _ := strings.Cut(strings.TrimSpace(code), " ")
	switch w := strings.ToUpper(word); w {
	case "DDE", "DDEAUTO", "INCLUDETEXT", "INCLUDEPICTURE":
		pp.facts.risk("field", w)
	}
}

// --- drawings and embedded objects

func (pp *prepass) embedded(xml.StartElement) error {
	pp.facts.Drawings++
	return pp.within(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "OLEObject":
			if attr(se, "Type") == "Link" {
				pp.facts.risk("linked_object", attr(se, "ProgID"))
			} else {
				pp.facts.risk("embedded_object", attr(se, "ProgID"))
			}
		case "control":
			pp.facts.risk("activex", "")
		}
		return nil
	}, nil)
}

// --- content controls

func (pp *prepass) sdtProps() error {
	if len(pp.sdts) == 0 { // sdtPr outside a content control
		return pp.skip()
	}
	sd := pp.sdts[len(pp.sdts)-1]
	err := pp.within(func(t xml.StartElement) error {
		switch {
		case isW(t.Name) && t.Name.Local == "showingPlcHdr" && onOff(t):
			sd.placeholder = true
			pp.facts.Placeholders++
		case t.Name.Space == nsW14 && t.Name.Local == "checkbox":
			if sd.checkbox < 0 {
				sd.checkbox = 0
			}
			pp.facts.ControlCheckboxes++
		case t.Name.Space == nsW14 && t.Name.Local == "checked":
			if attr(t, "val") == "1" || attr(t, "val") == "true" {
				sd.checkbox = 1
			} else if sd.checkbox < 0 {
				sd.checkbox = 0
			}
		}
		return nil
	}, nil)
	if err != nil {
		return err
	}
	if sd.checkbox >= 0 {
		sd.placeholder = false // a checkbox shows its state, never a prompt
	}
	return nil
}

func (pp *prepass) endSDT() {
	n := len(pp.sdts)
	if n == 0 {
		return
	}
	sd := pp.sdts[n-1]
	pp.sdts = pp.sdts[:n-1]
	if !sd.emitted && (sd.checkbox >= 0 || sd.placeholder) && sd.inPara && pp.pDepth > 0 {
		pp.writeRun(string(sd.mark())) // a control with no run of its own
	}
}

// --- tables

func (pp *prepass) startTable() {
	if pp.tblDepth == 0 {
		pp.endWriterParagraph()
	}
	pp.tblDepth++
	pp.tblStyles = append(pp.tblStyles, "")
	if pp.tblDepth == 1 {
		pp.out.WriteString(`<w:tbl>`)
		pp.rowDepth, pp.cellDepth, pp.rowOpen, pp.cellOpen = 0, 0, false, false
	}
}

func (pp *prepass) tableProps() error {
	if len(pp.tblStyles) == 0 { // tblPr outside a table
		return pp.skip()
	}
	return pp.within(func(t xml.StartElement) error {
		if isW(t.Name) && t.Name.Local == "tblStyle" {
			pp.tblStyles[len(pp.tblStyles)-1] = attr(t, "val")
		}
		return nil
	}, nil)
}

func (pp *prepass) endTable() {
	if pp.tblDepth == 1 {
		pp.endWriterParagraph()
		pp.out.WriteString(`</w:tbl>`)
	}
	pp.tblDepth--
	if n := len(pp.tblStyles); n > 0 {
		pp.tblStyles = pp.tblStyles[:n-1]
	}
}

func (pp *prepass) startRow() {
	if pp.tblDepth != 1 {
		return
	}
	if pp.rowDepth++; pp.rowDepth > 1 || pp.cellDepth > 0 {
		return // a row inside a row or cell: its content joins the one open
	}
	pp.endWriterParagraph()
	if pp.synthRow { // the row a loose cell had: it ends here
		pp.out.WriteString(`</w:tr>`)
		pp.rowOpen, pp.synthRow = false, false
	}
	pp.m.charge(resRows, 1)
	pp.rowOut, pp.rowParas, pp.rowRuns, pp.rowDeleted = pp.out.Len(), len(pp.paras), len(pp.runs), false
	pp.out.WriteString(`<w:tr>`)
	pp.rowOpen = true
}

func (pp *prepass) rowProps() error {
	return pp.within(func(t xml.StartElement) error {
		if !isW(t.Name) {
			return nil
		}
		switch t.Name.Local {
		case "del":
			if pp.tblDepth == 1 {
				pp.rowDeleted = true
			}
			pp.facts.Rows++
		case "ins":
			pp.facts.Rows++
		case "trPrChange":
			pp.facts.FormatChanges++
			return pp.skip()
		}
		return nil
	}, nil)
}

func (pp *prepass) endRow() {
	if pp.tblDepth != 1 {
		return
	}
	if pp.rowDepth--; pp.rowDepth > 0 || pp.cellDepth > 0 {
		return
	}
	pp.endWriterParagraph()
	pp.rowOpen = false
	if pp.rowDeleted {
		pp.out.Truncate(pp.rowOut)
		pp.paras = pp.paras[:pp.rowParas]
		pp.runs = pp.runs[:pp.rowRuns]
		return
	}
	pp.out.WriteString(`</w:tr>`)
}

func (pp *prepass) startCell() {
	if pp.tblDepth != 1 {
		return
	}
	if pp.cellDepth++; pp.cellDepth > 1 {
		return // a cell inside a cell: flattened into it
	}
	pp.endWriterParagraph()
	if !pp.rowOpen { // a cell directly in the table: a row of its own
		pp.out.WriteString(`<w:tr>`)
		pp.rowOpen, pp.synthRow = true, true
	}
	pp.m.charge(resCells, 1)
	pp.out.WriteString(`<w:tc>`)
	pp.cellOpen = true
}

func (pp *prepass) cellProps() error {
	vmerge, span := "", 0
	hasVMerge := false
	err := pp.within(func(t xml.StartElement) error {
		if !isW(t.Name) {
			return nil
		}
		switch t.Name.Local {
		case "vMerge":
			hasVMerge, vmerge = true, attr(t, "val")
		case "gridSpan":
			span = atoi(attr(t, "val"), 0)
		case "cellIns", "cellDel", "cellMerge":
			pp.facts.Rows++
		case "tcPrChange":
			pp.facts.FormatChanges++
			return pp.skip()
		}
		return nil
	}, nil)
	if err != nil {
		return err
	}
	if pp.tblDepth != 1 || pp.cellDepth != 1 || pp.paraOpen || (!hasVMerge && span <= 1) {
		return nil
	}
	pp.out.WriteString(`<w:tcPr>`)
	if hasVMerge {
		if vmerge == "" {
			vmerge = "continue"
		}
		fmt.Fprintf(pp.out, `<w:vMerge w:val="%s"/>`, vmerge)
	}
	if span > 1 {
		fmt.Fprintf(pp.out, `<w:gridSpan w:val="%d"/>`, span)
	}
	pp.out.WriteString(`</w:tcPr>`)
	return nil
}

func (pp *prepass) endCell() {
	if pp.tblDepth != 1 {
		return
	}
	if pp.cellDepth--; pp.cellDepth > 0 {
		return
	}
	if pp.cellDepth < 0 { // an end without a start cannot pass the XML decoder
		pp.cellDepth = 0
		return
	}
	pp.endWriterParagraph()
	pp.out.WriteString(`</w:tc>`)
	pp.cellOpen = false
	if pp.synthRow {
		pp.out.WriteString(`</w:tr>`)
		pp.rowOpen, pp.synthRow = false, false
	}
}
