package export_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tillvaxtverket/villkorsintag/internal/compilation"
	"github.com/tillvaxtverket/villkorsintag/internal/compilation/compilationtest"
	"github.com/tillvaxtverket/villkorsintag/internal/document"
	"github.com/tillvaxtverket/villkorsintag/internal/export"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
	"github.com/tillvaxtverket/villkorsintag/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m, "internal/export") }

var now = time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)

func TestExports(t *testing.T) {
	e := compilationtest.Build(t, 2023)
	c := compilation.New(e.Store, e.Orgs)
	tp, err := e.Templates.Load(2023)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("Workbook", func(t *testing.T) { testWorkbook(t, c, tp) })
	for _, q := range []string{"3.1", "3.4", "9.1", "10.3"} {
		t.Run("Question"+q, func(t *testing.T) { testQuestionRoundTrip(t, c, tp, q) })
	}
	t.Run("Section", func(t *testing.T) { testSection(t, c, tp) })
}

// testWorkbook opens the workbook and compares it cell by cell with the
// compilation it was made from.
func testWorkbook(t *testing.T, c *compilation.Compiler, tp *spec.Template) {
	ctx := context.Background()
	data, err := export.Workbook(ctx, c, tp)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) != len(tp.Sections)+3 || sheets[len(sheets)-3] != "Insatser" || sheets[len(sheets)-2] != "Val" || sheets[len(sheets)-1] != "Tecken" {
		t.Fatalf("sheets %q, want one per section (%d) and Insatser, Val, Tecken", sheets, len(tp.Sections))
	}
	get := func(sheet string, col, row int) string {
		cell, _ := excelize.CoordinatesToCellName(col, row)
		v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// every sheet: header frozen, filters on
	for _, name := range sheets {
		panes, err := f.GetPanes(name)
		if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 1 {
			t.Errorf("%s: panes %+v, %v; want the header row and first column frozen", name, panes, err)
		}
		rows, _ := f.GetRows(name)
		tables, err := f.GetTables(name)
		last, _ := excelize.CoordinatesToCellName(len(rows[0]), len(rows))
		if err != nil || len(tables) != 1 || tables[0].Range != "A1:"+last {
			t.Errorf("%s: tables %+v, %v; want one over A1:%s (filters and sorting)", name, tables, err, last)
		}
		if get(name, 1, 1) != "Organisation" {
			t.Errorf("%s: A1 %q, want Organisation", name, get(name, 1, 1))
		}
	}

	reports, _ := c.Reports(ctx, tp)
	for si, s := range tp.Sections {
		name := sheets[si]
		if !strings.HasPrefix(name, s.ID+" ") {
			t.Errorf("sheet %d %q, want it named for section %s", si, name, s.ID)
		}
		rows, _ := f.GetRows(name)
		if len(rows) != 1+len(reports) {
			t.Fatalf("%s: %d rows, want a header and %d bodies", name, len(rows), len(reports))
		}
		for qi, q := range s.Questions {
			if h := get(name, 3+3*qi, 1); h != q.ID+" svar" {
				t.Errorf("%s: header %q, want %q", name, h, q.ID+" svar")
			}
		}
		for bi, r := range reports {
			row := bi + 2
			if get(name, 1, row) != r.Name {
				t.Errorf("%s row %d: %q, want %s", name, row, get(name, 1, row), r.Name)
			}
			for qi, q := range s.Questions {
				text, chars, status := get(name, 3+3*qi, row), get(name, 4+3*qi, row), get(name, 5+3*qi, row)
				if r.Run == 0 {
					if text != "" || status != sv.NoAnswer(r.Missing) {
						t.Errorf("%s %s %s: %q, %q; want empty and %q", name, r.Name, q.ID, text, status, sv.NoAnswer(r.Missing))
					}
					continue
				}
				a := answerOf(r, q.ID)
				if text != a.Text || chars != fmt.Sprint(a.Chars) || status != sv.AnswerStatus(string(a.Status)) {
					t.Errorf("%s %s %s: %q/%s/%s, want %q/%d/%s", name, r.Name, q.ID, short(text), chars, status, short(a.Text), a.Chars, a.Status)
				}
			}
		}
	}
	if get(sheets[0], 2, 2+compilationtest.NotReceived2023) != "ej inkommen" {
		t.Errorf("the body without a report: version cell %q, want ej inkommen", get(sheets[0], 2, 2+compilationtest.NotReceived2023))
	}

	ins, _ := c.Insatser(ctx, tp)
	if len(ins) == 0 {
		t.Fatal("no insatser in the compilation")
	}
	for i, h := range tp.InsatsColumns {
		if get("Insatser", 4+i, 1) != h {
			t.Errorf("Insatser header %d %q, want the template's %q", i, get("Insatser", 4+i, 1), h)
		}
	}
	for i, r := range ins {
		if get("Insatser", 1, i+2) != r.Name || get("Insatser", 2, i+2) != r.Question || get("Insatser", 3, i+2) != fmt.Sprint(r.Row) {
			t.Fatalf("Insatser row %d: %q %q %q, want %s %s %d", i+2, get("Insatser", 1, i+2), get("Insatser", 2, i+2), get("Insatser", 3, i+2), r.Name, r.Question, r.Row)
		}
		for j, cell := range r.Cells {
			if got := get("Insatser", 4+j, i+2); got != cell {
				t.Errorf("Insatser row %d column %d: %q, want %q", i+2, 4+j, short(got), short(cell))
			}
		}
	}
	if rows, _ := f.GetRows("Insatser"); len(rows) != len(ins)+1 {
		t.Errorf("Insatser: %d rows, want %d", len(rows), len(ins)+1)
	}

	ms, _ := c.Choices(ctx, tp)
	if len(ms) == 0 || len(ms[0].Items) == 0 {
		t.Fatal("no Ja/Nej question in the compilation")
	}
	m := ms[0]
	for bi, r := range m.Rows {
		for i := range m.Items {
			got, expl := get("Val", 2+2*i, bi+2), get("Val", 3+2*i, bi+2)
			want, wantExpl := sv.NoAnswer(r.Missing), ""
			if r.Run != 0 {
				want, wantExpl = map[string]string{"ja": "Ja", "nej": "Nej"}[r.Choices[i].Answer], r.Choices[i].Explanation
				if want == "" {
					want = map[bool]string{true: "båda ikryssade", false: "inget val"}[len(r.Choices[i].Checked) > 1]
				}
			}
			if got != want || expl != wantExpl {
				t.Errorf("Val %s item %d: %q %q, want %q %q", r.Name, i+1, got, short(expl), want, short(wantExpl))
			}
		}
	}

	chars, _ := c.Chars(ctx, tp)
	overSeen := false
	for bi, r := range chars {
		for li, l := range r.Limits {
			if got := get("Tecken", 2+li, bi+2); got != fmt.Sprint(l.Chars) {
				t.Errorf("Tecken %s %v: %s, want %d", r.Name, l.Questions, got, l.Chars)
			}
			cell, _ := excelize.CoordinatesToCellName(2+li, bi+2)
			style, _ := f.GetCellStyle("Tecken", cell)
			st, _ := f.GetStyle(style)
			marked := st != nil && st.Font != nil && st.Font.Bold
			if marked != l.Exceeded {
				t.Errorf("Tecken %s %v: marked %v, over the limit %v", r.Name, l.Questions, marked, l.Exceeded)
			}
			overSeen = overSeen || l.Exceeded
		}
	}
	if !overSeen {
		t.Error("no body over a limit in the fixtures: the marking is not tested")
	}
}

func answerOf(r model.BodyReport, id string) model.Answer {
	for _, a := range r.Answers {
		if a.ID == id {
			return a
		}
	}
	return model.Answer{}
}

func short(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

// testQuestionRoundTrip writes a question's document and reads it back
// with the reader reports are read with: every body that answered has its
// heading, and under it every line of its answer (tables as tables).
func testQuestionRoundTrip(t *testing.T, c *compilation.Compiler, tp *spec.Template, id string) {
	ctx := context.Background()
	data, err := export.Question(ctx, c, tp, id, now)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := document.ParseBytes(data)
	if err != nil {
		t.Fatalf("our own reader refuses the export: %v", err)
	}
	if !strings.Contains(doc.Title, "fråga "+id) {
		t.Errorf("title %q", doc.Title)
	}
	rows, _ := c.Question(ctx, tp, id)
	sections := byHeading(doc, 1)
	answered := 0
	for _, r := range rows {
		if r.NoAnswer != "" && r.NoAnswer != model.MissingReference {
			continue
		}
		answered++
		blocks, ok := sections[r.Name]
		if !ok {
			t.Errorf("%s: no heading for the body", r.Name)
			continue
		}
		checkAnswer(t, r, blocks)
	}
	if answered < 15 {
		t.Errorf("%d bodies answered %s in the fixtures, want most", answered, id)
	}
	if missing := sections["Utan svar"]; len(rows) > answered && len(missing) != len(rows)-answered {
		t.Errorf("Utan svar lists %d bodies, want %d", len(missing), len(rows)-answered)
	}
	checkFonts(t, doc)
	if id == "3.4" { // one document is enough to show LibreOffice opens them (it takes seconds)
		openInLibreOffice(t, data, rows)
	}
}

// byHeading splits the document at its headings of a level, by their text.
func byHeading(doc *document.Document, level int) map[string][]document.Block {
	out := map[string][]document.Block{}
	cur := ""
	for _, b := range doc.Blocks {
		if b.Para != nil && b.Para.Heading == level {
			cur = b.Para.Text
			out[cur] = []document.Block{}
			continue
		}
		if b.Para != nil && b.Para.Heading > 0 && b.Para.Heading < level {
			cur = ""
		}
		if cur != "" {
			out[cur] = append(out[cur], b)
		}
	}
	return out
}

func checkAnswer(t *testing.T, r model.BodyAnswer, blocks []document.Block) {
	t.Helper()
	var text []string
	var tables []*document.Table
	for _, b := range blocks {
		switch {
		case b.Para != nil && b.Para.Text != "":
			text = append(text, b.Para.Text)
		case b.Table != nil:
			tables = append(tables, b.Table)
		}
	}
	all := strings.Join(text, "\n")
	want := r.Text
	if len(r.Insatser) > 0 || len(r.Choices) > 0 {
		want = r.Comment
	}
	for _, line := range strings.Split(want, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.Contains(all, line) {
			t.Errorf("%s: the line %q of the answer is not in the document", r.Name, short(line))
		}
	}
	for _, ch := range r.Choices {
		if !strings.Contains(all, ch.Text) || ch.Explanation != "" && !strings.Contains(all, ch.Explanation) {
			t.Errorf("%s: item %d or its explanation missing", r.Name, ch.Item)
		}
	}
	if ref := r.Reference; ref != nil && ref.Question != "" {
		for _, line := range strings.Split(ref.Text, "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.Contains(all, line) {
				t.Errorf("%s: the referenced answer's line %q is missing", r.Name, short(line))
			}
		}
	}
	if len(r.Insatser) > 0 {
		if len(tables) != 1 {
			t.Fatalf("%s: %d tables, want the insats table", r.Name, len(tables))
		}
		tb := tables[0]
		if len(tb.Rows) != len(r.Insatser)+1 {
			t.Fatalf("%s: %d table rows, want a header and %d insatser", r.Name, len(tb.Rows), len(r.Insatser))
		}
		for i, in := range r.Insatser {
			for j, cell := range in.Cells {
				if got := tb.Rows[i+1].Cells[j].Text(); got != strings.TrimSpace(cell) {
					t.Errorf("%s insats %d column %d: %q, want %q", r.Name, i+1, j+1, short(got), short(cell))
				}
			}
		}
	}
}

// checkFonts: running text in Cambria 11 pt and tables in Calibri 8 pt, as
// in the template.
func checkFonts(t *testing.T, doc *document.Document) {
	t.Helper()
	for _, b := range doc.Blocks {
		if b.Para != nil && b.Para.StyleID == "Normal" {
			for _, r := range b.Para.Runs {
				if r.Text != "" && (r.Font != "Cambria" || r.HalfPts != 22) {
					t.Fatalf("body text %q in %s %d half-points, want Cambria 11 pt", short(r.Text), r.Font, r.HalfPts)
				}
			}
		}
		if b.Table != nil {
			for _, row := range b.Table.Rows {
				for _, c := range row.Cells {
					for _, p := range c.Paragraphs {
						for _, r := range p.Runs {
							if r.Text != "" && (r.Font != "Calibri" || r.HalfPts != 16) {
								t.Fatalf("table text %q in %s %d half-points, want Calibri 8 pt", short(r.Text), r.Font, r.HalfPts)
							}
						}
					}
				}
			}
		}
	}
}

// openInLibreOffice converts the document to text with LibreOffice: it
// must open, with every body's name in it.
func openInLibreOffice(t *testing.T, data []byte, rows []model.BodyAnswer) {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		testenv.Skip(t, "LibreOffice (soffice) not installed: apt-get install libreoffice-writer-nogui")
		return
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "export.docx")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("LibreOffice: %v\n%s", err, out)
	}
	txt, err := os.ReadFile(filepath.Join(dir, "export.txt"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no text: %v", err)
	}
	for _, r := range rows {
		if !strings.Contains(string(txt), r.Name) {
			t.Errorf("LibreOffice's text lacks %s", r.Name)
		}
	}
}

func testSection(t *testing.T, c *compilation.Compiler, tp *spec.Template) {
	ctx := context.Background()
	s := tp.Sections[2]
	data, err := export.Section(ctx, c, tp, s.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := document.ParseBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	var h1 []string
	for _, b := range doc.Blocks {
		if b.Para != nil && b.Para.Heading == 1 {
			h1 = append(h1, b.Para.Text)
		}
	}
	if len(h1) != len(s.Questions) {
		t.Errorf("section %s: headings %q, want one per question (%d)", s.ID, h1, len(s.Questions))
	}
	if _, err := export.Section(ctx, c, tp, "99", now); err == nil {
		t.Error("a section the template does not have gave no error")
	}
}
