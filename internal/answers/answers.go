// Package answers finds the template's questions in a parsed document and
// reads what the region answered under each: free text, insats tables, the
// Ja/Nej choices and their explanations.
//
// Questions are found by their text, not only by number: Word's automatic
// numbering keeps "1.1" out of the text, and regions edit headings. The
// template's questions are looked for in order, so that identical question
// texts (1.2, 3.2, 4.2 …) land on the right question.
package answers

import (
	"cmp"
	"iter"
	"slices"
	"strings"

	"github.com/tillvaxtverket/villkorsintag/internal/document"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
)

// Extraction is what a document answered.
type Extraction struct {
	Questions []model.Answer
	Limits    []model.LimitUse
	Insatser  []model.InsatsTable
	Choices   []model.Choice
	// Found and Total count the template's headings (sections and
	// questions) found in the document.
	Found, Total int
	// Missing lists the questions whose heading was not found.
	Missing []string
	// Preamble is the text before the first section: where regions name
	// themselves and state the diarienummer.
	Preamble string
	// Text is all the document's text that is not the template's own.
	Text string
}

type anchor struct {
	id      string
	section bool
	q       *spec.Question
	ph      phrase
	block   int // index in doc.Blocks, -1 when not found
}

type reader struct {
	t         *spec.Template
	doc       *document.Document
	boiler    []phrase
	boilerIx  *phraseIndex
	boilerMax int              // the longest boilerplate text, normalized, in bytes
	lex       *lexicon         // the words of the template and the document
	paras     map[string]*para // the paragraph texts prepared, by text
	paraStore []para           // paras' storage
	firstCol  *phrase          // the insats table's first column header, once prepared
	anchors   []anchor
}

// window is how many template headings ahead a heading may be found: the
// ones in between are missing from the document.
const window = 14

// Extract reads the answers of doc against the template.
func Extract(t *spec.Template, doc *document.Document) *Extraction {
	r := &reader{t: t, doc: doc, lex: newLexicon(1024), paras: make(map[string]*para, 2*len(doc.Blocks))}
	for _, s := range t.Boilerplate {
		r.boiler = append(r.boiler, r.lex.phrase(s))
	}
	for _, p := range t.Placeholders {
		r.boiler = append(r.boiler, r.lex.phrase(p))
	}
	for si := range t.Sections {
		s := &t.Sections[si]
		for _, in := range s.Intro {
			r.boiler = append(r.boiler, r.lex.phrase(in))
		}
		r.anchors = append(r.anchors, anchor{id: s.ID, section: true, ph: r.lex.phrase(s.Title), block: -1})
		for qi := range s.Questions {
			q := &s.Questions[qi]
			if q.Text != "" {
				r.anchors = append(r.anchors, anchor{id: q.ID, q: q, ph: r.lex.phrase(q.Text), block: -1})
			}
			for _, it := range q.Items {
				r.boiler = append(r.boiler, r.lex.phrase(it))
			}
			if q.Otherwise != "" {
				r.boiler = append(r.boiler, r.lex.phrase(q.Otherwise))
			}
		}
	}
	for _, c := range t.InsatsColumns {
		r.boiler = append(r.boiler, r.lex.phrase(c))
	}
	for _, c := range t.InsatsHeaderTexts {
		r.boiler = append(r.boiler, r.lex.phrase(c))
	}
	for _, b := range r.boiler {
		r.boilerMax = max(r.boilerMax, len(b.norm))
	}
	r.boilerIx = newPhraseIndex(r.boiler)
	r.locate()
	return r.extract()
}

// locate finds the template's headings among the body paragraphs, in order.
func (r *reader) locate() {
	cursor := 0
	for bi, b := range r.doc.Blocks {
		if b.Para == nil || cursor >= len(r.anchors) {
			continue
		}
		text := clean(b.Para.Text)
		if text == "" || len(text) > 800 {
			continue
		}
		num, rest := numberPrefix(text)
		if num == "" && b.Para.Label != "" {
			num = strings.TrimSuffix(b.Para.Label, ".")
		}
		p := r.para(rest)
		n := p.norm
		best := -1
		for j := cursor; j < min(len(r.anchors), cursor+window); j++ {
			a := &r.anchors[j]
			min := 0.8
			if a.section {
				min = 0.85
			}
			if l := len(a.ph.norm); len(n) > 2*l || 2*len(n) < l {
				continue // far longer or shorter than the heading: cheap to rule out
			}
			if !a.ph.similar(n, r.words(p), min) {
				continue
			}
			if best < 0 {
				best = j
			}
			if num != "" && a.id == num {
				best = j
				break
			}
			if num == "" {
				break
			}
		}
		if best >= 0 {
			r.anchors[best].block = bi
			cursor = best + 1
		}
	}
}

// region returns the blocks between an anchor and the next heading found.
func (r *reader) region(ai int) []document.Block {
	a := r.anchors[ai]
	if a.block < 0 {
		return nil
	}
	end := len(r.doc.Blocks)
	for j := ai + 1; j < len(r.anchors); j++ {
		if r.anchors[j].block > a.block {
			end = r.anchors[j].block
			break
		}
	}
	return r.doc.Blocks[a.block+1 : end]
}

func (r *reader) anchorOf(q *spec.Question) int {
	for i, a := range r.anchors {
		if a.q == q || (q.Text == "" && a.section && a.id == q.Section.ID) {
			return i
		}
	}
	return -1
}

// isBoilerplate tells the template's own text (instructions, intros,
// table headers, item texts, prompts), tolerating small edits.
func (r *reader) isBoilerplate(text string) bool {
	if len(text) > 2*r.boilerMax+64 { // normalizing never more than halves a text
		return false
	}
	p := r.para(text)
	if !p.judged {
		n := p.norm
		p.boiler = n != "" && len(n) <= r.boilerMax*3/2 && (r.boilerIx.exact[n] || r.boilerIx.near(r.words(p), 0.9))
		p.judged = true
	}
	return p.boiler
}

func (r *reader) extract() *Extraction {
	ex := &Extraction{Total: len(r.anchors)}
	for _, a := range r.anchors {
		if a.block >= 0 {
			ex.Found++
		}
	}
	byID := map[string]*model.Answer{}
	for _, q := range r.t.Questions() {
		ai := r.anchorOf(q)
		var blocks []document.Block
		found := ai >= 0 && r.anchors[ai].block >= 0
		if found {
			blocks = r.region(ai)
		} else {
			ex.Missing = append(ex.Missing, q.ID)
		}
		var ans model.Answer
		switch q.Kind {
		case spec.KindInsatser:
			var tbl model.InsatsTable
			ans, tbl = r.insatser(q, blocks)
			ex.Insatser = append(ex.Insatser, tbl)
		case spec.KindChoices:
			var cs []model.Choice
			ans, cs = r.choices(q, blocks)
			ex.Choices = append(ex.Choices, cs...)
		case spec.KindExplanations:
			ans = r.explanations(q, blocks)
		default:
			ans = r.freeText(blocks).answer(r.t)
		}
		ans.ID, ans.Found = q.ID, found
		ex.Questions = append(ex.Questions, ans)
	}
	for i := range ex.Questions {
		byID[ex.Questions[i].ID] = &ex.Questions[i]
	}
	for _, l := range r.t.Limits {
		u := model.LimitUse{Questions: l.Questions, Limit: l.Max}
		for _, id := range l.Questions {
			u.Chars += byID[id].Chars
		}
		u.Exceeded = u.Chars > l.Max
		ex.Limits = append(ex.Limits, u)
	}
	ex.Preamble, ex.Text = r.ownText()
	return ex
}

// ownText returns the text before the first section heading, and all text
// that is not the template's own.
func (r *reader) ownText() (preamble, all string) {
	first := len(r.doc.Blocks)
	for _, a := range r.anchors {
		if a.block >= 0 {
			first = a.block
			break
		}
	}
	var texts []string
	preLen, wholeLen := 0, 0
	for bi, b := range r.doc.Blocks {
		for p := range paragraphs(b) {
			text := clean(p.Text)
			if text == "" || r.isBoilerplate(text) {
				continue
			}
			if bi < first {
				preLen += len(text) + 1
			}
			texts = append(texts, text)
			wholeLen += len(text) + 1
		}
	}
	var whole strings.Builder
	whole.Grow(wholeLen)
	for _, text := range texts {
		whole.WriteString(text)
		whole.WriteByte('\n')
	}
	all = whole.String()
	return all[:preLen], all // the preamble's paragraphs come first
}

// paragraphs yields a block's paragraphs, a table's cell by cell.
func paragraphs(b document.Block) iter.Seq[*document.Paragraph] {
	return func(yield func(*document.Paragraph) bool) {
		if b.Para != nil {
			yield(b.Para)
			return
		}
		for _, row := range b.Table.Rows {
			for _, c := range row.Cells {
				for i := range c.Paragraphs {
					if !yield(&c.Paragraphs[i]) {
						return
					}
				}
			}
		}
	}
}

// text is an answer being collected: its paragraphs, without template text.
type text struct {
	parts       []string
	chars       int
	placeholder bool
	changes     int
	fonts       []fontCount // in the order first used
}

type fontCount struct {
	fontKey
	chars int
}

type fontKey struct {
	font    string
	halfPts int
	table   bool
}

// add takes one paragraph of an answer.
func (x *text) add(r *reader, p *document.Paragraph, inTable bool) {
	x.changes += strings.Count(p.Text, string(document.MarkChange))
	if strings.ContainsRune(p.Text, document.MarkPlaceholder) {
		x.placeholder = true
	}
	t, prompt := r.stripPrompts(p.Text)
	if prompt {
		x.placeholder = true
	}
	c := clean(t)
	if c == "" || r.isBoilerplate(c) {
		return
	}
	x.parts = append(x.parts, c)
	x.chars += document.CountChars(t)
	for _, run := range p.Runs {
		if n := document.CountChars(strings.TrimSpace(run.Text)); n > 0 {
			x.addFont(fontKey{run.Font, run.HalfPts, inTable}, n)
		}
	}
}

// reset empties x for another text, keeping its storage.
func (x *text) reset() { *x = text{parts: x.parts[:0], fonts: x.fonts[:0]} }

// addFont counts n characters in font k.
func (x *text) addFont(k fontKey, n int) {
	for i := range x.fonts {
		if x.fonts[i].fontKey == k {
			x.fonts[i].chars += n
			return
		}
	}
	x.fonts = append(x.fonts, fontCount{k, n})
}

// merge adds y's paragraphs to x.
func (x *text) merge(y *text) {
	x.parts = append(x.parts, y.parts...)
	x.chars += y.chars
	x.changes += y.changes
	x.placeholder = x.placeholder || y.placeholder
	for _, f := range y.fonts {
		x.addFont(f.fontKey, f.chars)
	}
}

func (r *reader) stripPrompts(s string) (string, bool) {
	found := false
	for _, p := range r.t.Placeholders {
		if strings.Contains(s, p) {
			s = strings.ReplaceAll(s, p, "")
			found = true
		}
	}
	return s, found
}

func (x *text) String() string { return strings.Join(x.parts, "\n") }

func (x *text) answer(t *spec.Template) model.Answer {
	a := model.Answer{Text: x.String(), Chars: x.chars, Changes: x.changes, Fonts: x.fontUses()}
	switch {
	case a.Text == "" && x.placeholder:
		a.Status = model.Placeholder
	case a.Text == "":
		a.Status = model.Unanswered
	case t.IsReference(a.Text):
		a.Status = model.Reference
	default:
		a.Status = model.Answered
	}
	return a
}

func (x *text) fontUses() []model.FontUse {
	var out []model.FontUse
	for _, f := range x.fonts {
		out = append(out, model.FontUse{Font: f.font, SizePt: float64(f.halfPts) / 2, Chars: f.chars, Table: f.table})
	}
	slices.SortStableFunc(out, func(a, b model.FontUse) int {
		if c := cmp.Compare(b.Chars, a.Chars); c != 0 {
			return c
		}
		return strings.Compare(a.Font, b.Font)
	})
	return out
}

// freeText collects a free-text answer: paragraphs, and any table typed into it.
func (r *reader) freeText(blocks []document.Block) *text {
	x := &text{}
	for _, b := range blocks {
		for p := range paragraphs(b) {
			x.add(r, p, b.Para == nil)
		}
	}
	return x
}
