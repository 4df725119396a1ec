package answers

import (
	"slices"
	"strings"

	"github.com/tillvaxtverket/villkorsintag/internal/document"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
)

// insatser reads an insats table. Every table in the question's region
// belongs to it (a table split over pages is two tables); header rows, also
// repeated ones, are skipped; rows whose first cell continues a vertical
// merge belong to the insats above; a row that is one cell across the whole
// table is a comment. Text beside the table is a comment too: the template
// asks regions to explain a table without insatser.
func (r *reader) insatser(q *spec.Question, blocks []document.Block) (model.Answer, model.InsatsTable) {
	tbl := model.InsatsTable{Question: q.ID, Max: r.t.MaxInsatser}
	comment := &text{}
	cells := &text{}
	ncols := len(r.t.InsatsColumns)
	var cur *model.Insats
	var cx text // a cell's text; its storage serves every cell
	for _, b := range blocks {
		if b.Para != nil {
			comment.add(r, b.Para, false)
			continue
		}
		for _, row := range b.Table.Rows {
			if r.isHeaderRow(row) {
				cur = nil
				continue
			}
			if len(row.Cells) == 1 && (row.Cells[0].Span >= ncols || ncols > 1) {
				for i := range row.Cells[0].Paragraphs {
					comment.add(r, &row.Cells[0].Paragraphs[i], true)
				}
				cur = nil
				continue
			}
			texts := make([]string, ncols)
			covered := make([]bool, ncols) // a column under a cell merged across columns
			continues := false
			col := 0
			for ci, c := range row.Cells {
				if ci == 0 && c.Continue {
					continues = true
				}
				cx.reset()
				for i := range c.Paragraphs {
					cx.add(r, &c.Paragraphs[i], true)
				}
				cells.merge(&cx)
				if t := cx.String(); col < ncols {
					texts[col] = t
					for k := col + 1; k < min(col+c.Span, ncols); k++ {
						covered[k] = t != ""
					}
				} else if t != "" {
					texts[ncols-1] = strings.TrimSpace(texts[ncols-1] + "\n" + t)
				}
				col += max(c.Span, 1)
			}
			if continues && cur != nil {
				for i, t := range texts {
					if t != "" {
						cur.Cells[i] = strings.TrimSpace(cur.Cells[i] + "\n" + t)
						cur.Empty = slices.DeleteFunc(cur.Empty, func(c int) bool { return c == i+1 })
					}
				}
				continue
			}
			if !slices.ContainsFunc(texts, func(t string) bool { return t != "" }) {
				cur = nil
				continue
			}
			it := model.Insats{Cells: texts}
			for c, t := range texts {
				if t == "" && !covered[c] {
					it.Empty = append(it.Empty, c+1)
				}
			}
			tbl.Items = append(tbl.Items, it)
			cur = &tbl.Items[len(tbl.Items)-1]
		}
	}
	tbl.Rows = len(tbl.Items)
	tbl.Comment = comment.String()

	ans := model.Answer{Chars: cells.chars + comment.chars, Changes: cells.changes + comment.changes}
	ans.Fonts = mergeFonts(cells, comment).fontUses()
	var parts []string
	for _, it := range tbl.Items {
		parts = append(parts, strings.Join(it.Cells, " | "))
	}
	if tbl.Comment != "" {
		parts = append(parts, tbl.Comment)
	}
	ans.Text = strings.Join(parts, "\n")
	switch {
	case tbl.Rows > 0:
		ans.Status = model.Answered
	case tbl.Comment != "" && r.t.IsReference(tbl.Comment):
		ans.Status = model.Reference
	case tbl.Comment != "":
		ans.Status = model.Answered
	case cells.placeholder || comment.placeholder:
		ans.Status = model.Placeholder
	default:
		ans.Status = model.Unanswered
	}
	return ans, tbl
}

func mergeFonts(xs ...*text) *text {
	out := &text{}
	for _, x := range xs {
		for _, f := range x.fonts {
			out.addFont(f.fontKey, f.chars)
		}
	}
	return out
}

// isHeaderRow tells the template's header row: its first cell names the
// first column, or most cells are the template's header texts.
func (r *reader) isHeaderRow(row document.Row) bool {
	if len(row.Cells) == 0 {
		return false
	}
	if r.firstCol == nil {
		p := r.lex.phrase(r.t.InsatsColumns[0])
		r.firstCol = &p
	}
	first := *r.firstCol
	for _, p := range row.Cells[0].Paragraphs {
		if t := r.para(p.Text); t.norm != "" && first.similar(t.norm, r.words(t), 0.8) {
			return true
		}
	}
	return false
}
