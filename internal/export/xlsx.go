// Package export writes a report year's national compilation as files an
// analyst works on: a workbook (sammanstallning-YEAR.xlsx) with every
// body's answers, all insatser, the Ja/Nej choices and the characters per
// limit group, and Word documents (sammanstallning-YEAR-FRAGA.docx) with
// every body's answer to a question, to start writing in.
package export

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/tillvaxtverket/villkorsintag/internal/compilation"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

// maxCell is what a spreadsheet cell holds (Excel's limit); a longer
// answer is cut there, and says so.
const maxCell = 32767

// Workbook is the compilation of the template's year as an XLSX file: a
// sheet per section (a row per body; per question its answer, characters
// and status), "Insatser", "Val" and "Tecken".
func Workbook(ctx context.Context, c *compilation.Compiler, t *spec.Template) ([]byte, error) {
	reports, err := c.Reports(ctx, t)
	if err != nil {
		return nil, err
	}
	insatser, err := c.Insatser(ctx, t)
	if err != nil {
		return nil, err
	}
	choices, err := c.Choices(ctx, t)
	if err != nil {
		return nil, err
	}
	chars, err := c.Chars(ctx, t)
	if err != nil {
		return nil, err
	}
	w := newBook()
	defer w.f.Close()
	for si := range t.Sections {
		if err := w.section(&t.Sections[si], reports); err != nil {
			return nil, err
		}
	}
	if err := w.insatser(t, insatser); err != nil {
		return nil, err
	}
	if err := w.choices(choices); err != nil {
		return nil, err
	}
	if err := w.chars(t, chars); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := w.f.Write(&buf); err != nil {
		return nil, fmt.Errorf("export: workbook %d: %w", t.Year, err)
	}
	return buf.Bytes(), nil
}

type book struct {
	f                        *excelize.File
	head, wrap, number, over int
	names                    map[string]bool
	tables                   int
}

func newBook() *book {
	f := excelize.NewFile()
	b := &book{f: f, names: map[string]bool{}}
	b.head, _ = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}}})
	b.wrap, _ = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	b.number, _ = f.NewStyle(&excelize.Style{NumFmt: 3, Alignment: &excelize.Alignment{Vertical: "top"}}) // #,##0
	b.over, _ = f.NewStyle(&excelize.Style{NumFmt: 3, Font: &excelize.Font{Bold: true, Color: "9C0006"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}, Alignment: &excelize.Alignment{Vertical: "top"}})
	return b
}

// column is a sheet's column: its header and width (in characters).
type column struct {
	head  string
	width float64
}

// sheet writes one sheet: a bold header row, frozen with the first
// freezeCols columns, filters over everything, the columns' widths.
func (b *book) sheet(name string, cols []column, freezeCols int, rows [][]excelize.Cell) error {
	name = b.sheetName(name)
	// The first sheet takes the place of the new file's Sheet1: deleting
	// that afterwards, or choosing the active sheet, would read every
	// streamed sheet back.
	if len(b.names) == 1 {
		if err := b.f.SetSheetName("Sheet1", name); err != nil {
			return fmt.Errorf("export: sheet %q: %w", name, err)
		}
	} else if _, err := b.f.NewSheet(name); err != nil {
		return fmt.Errorf("export: sheet %q: %w", name, err)
	}
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
	}
	left, _ := excelize.CoordinatesToCellName(freezeCols+1, 2)
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: freezeCols, YSplit: 1, TopLeftCell: left, ActivePane: "bottomRight"}); err != nil {
		return err
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: b.head, Value: c.head}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for i, r := range rows {
		cells := make([]any, len(r))
		for j := range r {
			cells[j] = r[j]
		}
		at, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(at, cells); err != nil {
			return err
		}
	}
	// A table gives the filters (and sorting) without reading the
	// streamed sheet back, as AutoFilter after Flush would.
	last, _ := excelize.CoordinatesToCellName(len(cols), max(len(rows), 1)+1)
	b.tables++
	if err := sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: fmt.Sprintf("Tabell%d", b.tables), StyleName: "TableStyleLight1", ShowRowStripes: boolPtr(true)}); err != nil {
		return fmt.Errorf("export: sheet %q: %w", name, err)
	}
	return sw.Flush()
}

func boolPtr(v bool) *bool { return &v }

// sheetName makes a valid, unique sheet name: at most 31 characters,
// none of : \ / ? * [ ].
func (b *book) sheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 31 {
		name = strings.TrimSpace(string(r[:30])) + "…"
	}
	for base, n := name, 2; b.names[strings.ToLower(name)]; n++ {
		suffix := fmt.Sprintf(" (%d)", n)
		r := []rune(base)
		if len(r)+len(suffix) > 31 {
			r = r[:31-len(suffix)]
		}
		name = string(r) + suffix
	}
	b.names[strings.ToLower(name)] = true
	return name
}

func (b *book) text(s string) excelize.Cell {
	if r := []rune(s); len(r) > maxCell {
		const note = " […avkortat: svaret är längre än ett kalkylbladscell rymmer]"
		s = string(r[:maxCell-len([]rune(note))]) + note
	}
	return excelize.Cell{StyleID: b.wrap, Value: s}
}

func (b *book) num(n int) excelize.Cell { return excelize.Cell{StyleID: b.number, Value: n} }

func (b *book) plain(s string) excelize.Cell { return excelize.Cell{StyleID: b.wrap, Value: s} }

// section is a sheet "N Title": per body its version and, per question of
// the section, answer, characters and status.
func (b *book) section(s *spec.Section, reports []model.BodyReport) error {
	cols := []column{{"Organisation", 24}, {"Version", 9}}
	for _, q := range s.Questions {
		cols = append(cols, column{q.ID + " svar", 60}, column{q.ID + " tecken", 10}, column{q.ID + " status", 16})
	}
	var rows [][]excelize.Cell
	for _, r := range reports {
		row := []excelize.Cell{b.plain(r.Name), b.version(r.Body)}
		byID := map[string]model.Answer{}
		for _, a := range r.Answers {
			byID[a.ID] = a
		}
		for _, q := range s.Questions {
			if r.Run == 0 {
				row = append(row, b.plain(""), b.plain(""), b.plain(sv.NoAnswer(r.Missing)))
				continue
			}
			a := byID[q.ID]
			row = append(row, b.text(a.Text), b.num(a.Chars), b.plain(sv.AnswerStatus(string(a.Status))))
		}
		rows = append(rows, row)
	}
	return b.sheet(s.ID+" "+s.Title, cols, 1, rows)
}

func (b *book) version(body model.Body) excelize.Cell {
	if body.Run == 0 {
		return b.plain(sv.NoAnswer(body.Missing))
	}
	return b.num(body.Version)
}

// insatser is the sheet "Insatser": every insats row with its body and
// question, under the template's column headers.
func (b *book) insatser(t *spec.Template, rows []model.InsatsRow) error {
	cols := []column{{"Organisation", 24}, {"Fråga", 8}, {"Insats", 8}}
	for _, h := range t.InsatsColumns {
		cols = append(cols, column{h, 40})
	}
	var out [][]excelize.Cell
	for _, r := range rows {
		row := []excelize.Cell{b.plain(r.Name), b.plain(r.Question), b.num(r.Row)}
		for i := range t.InsatsColumns {
			v := ""
			if i < len(r.Cells) {
				v = r.Cells[i]
			}
			row = append(row, b.text(v))
		}
		// a row with more cells than the template's columns keeps them
		for i := len(t.InsatsColumns); i < len(r.Cells); i++ {
			if len(cols) <= 3+i {
				cols = append(cols, column{fmt.Sprintf("Kolumn %d", i+1), 30})
			}
			row = append(row, b.text(r.Cells[i]))
		}
		out = append(out, row)
	}
	return b.sheet("Insatser", cols, 1, out)
}

// choices is the sheet "Val": per body, for every Ja/Nej question's items
// the answer and its explanation.
func (b *book) choices(ms []model.ChoiceMatrix) error {
	cols := []column{{"Organisation", 24}}
	for _, m := range ms {
		for i := range m.Items {
			cols = append(cols, column{fmt.Sprintf("%s punkt %d", m.Question, i+1), 10}, column{fmt.Sprintf("%s punkt %d förklaring", m.Question, i+1), 50})
		}
		if m.Explanations != "" {
			cols = append(cols, column{m.Explanations + " om nej", 50})
		}
	}
	var rows [][]excelize.Cell
	if len(ms) > 0 {
		byOrg := make([]map[string]model.ChoiceRow, len(ms))
		for mi, m := range ms {
			byOrg[mi] = map[string]model.ChoiceRow{}
			for _, r := range m.Rows {
				byOrg[mi][r.Organisation] = r
			}
		}
		for _, first := range ms[0].Rows {
			row := []excelize.Cell{b.plain(first.Name)}
			for mi, m := range ms {
				r, ok := byOrg[mi][first.Organisation]
				if !ok {
					r = model.ChoiceRow{Body: first.Body}
				}
				for i := range m.Items {
					if r.Run == 0 || i >= len(r.Choices) {
						row = append(row, b.plain(sv.NoAnswer(r.Missing)), b.plain(""))
						continue
					}
					row = append(row, b.plain(answerWord(r.Choices[i])), b.text(r.Choices[i].Explanation))
				}
				if m.Explanations != "" {
					row = append(row, b.text(r.Otherwise))
				}
			}
			rows = append(rows, row)
		}
	}
	return b.sheet("Val", cols, 1, rows)
}

func answerWord(c model.ChoiceAnswer) string { return sv.Choice(c.Answer, len(c.Checked)) }

// chars is the sheet "Tecken": per body its characters in each limit
// group, over-limit cells marked.
func (b *book) chars(t *spec.Template, rows []model.BodyChars) error {
	cols := []column{{"Organisation", 24}}
	for _, l := range t.Limits {
		cols = append(cols, column{fmt.Sprintf("%s (högst %s)", l.Label(), sv.Int(l.Max)), 16})
	}
	cols = append(cols, column{"Över gränsen", 14})
	var out [][]excelize.Cell
	for _, r := range rows {
		row := []excelize.Cell{b.plain(r.Name)}
		over := 0
		for i := range t.Limits {
			if i >= len(r.Limits) {
				row = append(row, b.plain(sv.NoAnswer(r.Missing)))
				continue
			}
			c := b.num(r.Limits[i].Chars)
			if r.Limits[i].Exceeded {
				c.StyleID = b.over
				over++
			}
			row = append(row, c)
		}
		if r.Run == 0 {
			row = append(row, b.plain(""))
		} else {
			row = append(row, b.num(over))
		}
		out = append(out, row)
	}
	return b.sheet("Tecken", cols, 1, out)
}
