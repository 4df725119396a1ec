package answers

import (
	"fmt"
	"iter"
	"strings"
	"unicode"

	"github.com/tillvaxtverket/villkorsintag/internal/document"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
)

// lines yields a region's paragraphs, tables cell by cell.
func lines(blocks []document.Block) iter.Seq[*document.Paragraph] {
	return func(yield func(*document.Paragraph) bool) {
		for _, b := range blocks {
			for p := range paragraphs(b) {
				if !yield(p) {
					return
				}
			}
		}
	}
}

// itemOf tells which of the items a paragraph introduces, or -1.
func (r *reader) itemOf(items []phrase, s string) int {
	p := r.para(s)
	n := p.norm
	if n == "" {
		return -1
	}
	t := r.words(p)
	for i, it := range items {
		if it.similar(n, t, 0.8) || (len(it.tok) >= 3 && strings.HasPrefix(n, it.norm)) {
			return i
		}
	}
	return -1
}

// choices reads the Ja/Nej boxes of each item. A box belongs to the option
// word just before it ("Ja ☐") or, failing that, just after it ("☐ Ja");
// a box with no word beside it takes the options in order.
func (r *reader) choices(q *spec.Question, blocks []document.Block) (model.Answer, []model.Choice) {
	items := make([]phrase, len(q.Items))
	for i, it := range q.Items {
		items[i] = r.lex.phrase(it)
	}
	opts := make([]string, len(q.Options))
	for i, o := range q.Options {
		opts[i] = strings.ToLower(o)
	}
	checked := make([]map[string]bool, len(q.Items))
	seen := make([]int, len(q.Items)) // boxes seen per item
	for i := range checked {
		checked[i] = map[string]bool{}
	}
	item, unnamed := -1, 0
	changes := 0
	for p := range lines(blocks) {
		changes += strings.Count(p.Text, string(document.MarkChange))
		if i := r.itemOf(items, p.Text); i >= 0 {
			item = i
		}
		for _, box := range boxes(p.Text, opts) {
			it := item
			if it < 0 { // no item text found: the boxes come in item order
				it = min(unnamed/len(opts), len(q.Items)-1)
				unnamed++
			}
			if box.option == "" {
				box.option = opts[min(seen[it], len(opts)-1)]
			}
			seen[it]++
			if box.checked {
				checked[it][box.option] = true
			}
		}
	}
	ans := model.Answer{Changes: changes}
	var out []model.Choice
	var summary []string
	any := false
	for i := range q.Items {
		c := model.Choice{Question: q.ID, Item: i + 1, Checked: []string{}}
		for _, o := range opts {
			if checked[i][o] {
				c.Checked = append(c.Checked, o)
				any = true
			}
		}
		if len(c.Checked) == 1 {
			c.Answer = c.Checked[0]
		}
		out = append(out, c)
		summary = append(summary, fmt.Sprintf("%d: %s", i+1, choiceWord(c)))
	}
	ans.Text = strings.Join(summary, "; ")
	ans.Status = model.Answered
	if !any {
		ans.Status = model.Unanswered
	}
	return ans, out
}

func choiceWord(c model.Choice) string {
	switch len(c.Checked) {
	case 0:
		return "inget val"
	case 1:
		return strings.ToUpper(c.Checked[0][:1]) + c.Checked[0][1:]
	}
	return "båda ikryssade"
}

type box struct {
	checked bool
	option  string
}

// boxes finds the checkbox glyphs of a line and the option word beside each.
func boxes(s string, opts []string) []box {
	type tok struct {
		word string
		box  int // 0 none, 1 unchecked, 2 checked
	}
	var toks []tok
	var w strings.Builder
	flush := func() {
		if w.Len() > 0 {
			toks = append(toks, tok{word: strings.ToLower(w.String())})
			w.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r == document.BoxChecked:
			flush()
			toks = append(toks, tok{box: 2})
		case r == document.BoxUnchecked:
			flush()
			toks = append(toks, tok{box: 1})
		case unicode.IsLetter(r):
			w.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	isOpt := func(i int) string {
		if i < 0 || i >= len(toks) || toks[i].box != 0 {
			return ""
		}
		for _, o := range opts {
			if toks[i].word == o {
				return o
			}
		}
		return ""
	}
	var out []box
	used := map[int]bool{}
	for i, t := range toks {
		if t.box == 0 {
			continue
		}
		b := box{checked: t.box == 2}
		if o := isOpt(i - 1); o != "" && !used[i-1] {
			b.option, used[i-1] = o, true
		} else if o := isOpt(i + 1); o != "" && !used[i+1] {
			b.option, used[i+1] = o, true
		}
		out = append(out, b)
	}
	return out
}

// explanations reads 10.4: one text per item of the choices question, and
// the "Om nej" text.
func (r *reader) explanations(q *spec.Question, blocks []document.Block) model.Answer {
	items := make([]phrase, len(q.Items))
	for i, it := range q.Items {
		items[i] = r.lex.phrase(it)
	}
	otherwise := r.lex.phrase(q.Otherwise)
	parts := make([]*text, len(q.Items)+1) // last: "Om nej"
	for i := range parts {
		parts[i] = &text{}
	}
	cur := 0
	for p := range lines(blocks) {
		if t := r.para(p.Text); t.norm != "" && otherwise.similar(t.norm, r.words(t), 0.8) {
			cur = len(q.Items)
			continue
		}
		if i := r.itemOf(items, p.Text); i >= 0 {
			cur = i
			continue
		}
		parts[cur].add(r, p, false)
	}
	ans := model.Answer{Status: model.Unanswered}
	all := &text{}
	for i, x := range parts {
		a := x.answer(r.t)
		id, item := fmt.Sprintf("%s.%d", q.ID, i+1), i+1
		if i == len(q.Items) {
			id, item = q.ID+".nej", 0
		}
		ans.Parts = append(ans.Parts, model.Part{ID: id, Item: item, Status: a.Status, Chars: a.Chars, Text: a.Text})
		ans.Chars += a.Chars
		ans.Changes += a.Changes
		all.merge(x) // for the text and the fonts
		switch {
		case a.Status == model.Answered:
			ans.Status = model.Answered
		case a.Status == model.Reference && ans.Status != model.Answered:
			ans.Status = model.Reference
		case a.Status == model.Placeholder && ans.Status == model.Unanswered:
			ans.Status = model.Placeholder
		}
	}
	ans.Text = all.String()
	ans.Fonts = all.fontUses()
	return ans
}
