package compilation_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/compilation"
	"github.com/tillvaxtverket/villkorsintag/internal/compilation/compilationtest"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
)

// TestCompilation builds the 21 bodies × 2 years database once and runs
// every view over it.
func TestCompilation(t *testing.T) {
	e := compilationtest.Build(t, 2023, 2024)
	c := compilation.New(e.Store, e.Orgs)
	for _, tc := range []struct {
		name string
		fn   func(*testing.T, *compilation.Compiler, *compilationtest.Env)
	}{
		{"Bodies", testBodies}, {"QuestionFollowsReferences", testQuestionFollowsReferences}, {"QuestionInsatser", testQuestionInsatser},
		{"AllInsatser", testAllInsatser}, {"ChoicesMatrix", testChoicesMatrix}, {"Chars", testChars}, {"Reports", testReports},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, c, e) })
	}
}

func tpl(t *testing.T, e *compilationtest.Env, year int) *spec.Template {
	t.Helper()
	tp, err := e.Templates.Load(year)
	if err != nil {
		t.Fatal(err)
	}
	return tp
}

// producer is the fixture body i got in 2023.
func producer(i int) string { return compilationtest.Docs2023[i%len(compilationtest.Docs2023)] }

func testBodies(t *testing.T, c *compilation.Compiler, _ *compilationtest.Env) {
	ctx := context.Background()
	for _, tc := range []struct {
		year                       int
		reports                    int
		noReport, notReceived, two string
	}{
		{2023, 19, "vasterbotten", "norrbotten", "stockholm"},
		{2024, 20, "", "gotland", ""},
	} {
		bodies, err := c.Bodies(ctx, tc.year)
		if err != nil {
			t.Fatal(err)
		}
		if len(bodies) != 21 {
			t.Fatalf("%d: %d bodies, want 21", tc.year, len(bodies))
		}
		n := 0
		for _, b := range bodies {
			switch {
			case b.Organisation == tc.noReport:
				if b.Missing != model.MissingNoReport || b.SubmissionID != 0 {
					t.Errorf("%d %s: missing %q, submission %d; want no_report", tc.year, b.Organisation, b.Missing, b.SubmissionID)
				}
			case b.Organisation == tc.notReceived:
				if b.Missing != model.MissingNotReceived {
					t.Errorf("%d %s: missing %q, want not_received", tc.year, b.Organisation, b.Missing)
				}
			case b.Missing != "" || b.SubmissionID == 0 || b.Run == 0 || b.Received == nil:
				t.Errorf("%d %s: %+v, want a current version", tc.year, b.Organisation, b)
			default:
				n++
			}
			if want := 1; b.Organisation == tc.two {
				if b.Version != 2 {
					t.Errorf("%d %s: version %d, want the correction (2) as current", tc.year, b.Organisation, b.Version)
				}
			} else if b.Missing == "" && b.Version != want {
				t.Errorf("%d %s: version %d, want 1", tc.year, b.Organisation, b.Version)
			}
		}
		if n != tc.reports {
			t.Errorf("%d: %d bodies with a report, want %d", tc.year, n, tc.reports)
		}
	}
}

func testQuestionFollowsReferences(t *testing.T, c *compilation.Compiler, e *compilationtest.Env) {
	ctx := context.Background()
	t23 := tpl(t, e, 2023)
	rows, err := c.Question(ctx, t23, "9.1")
	if err != nil {
		t.Fatal(err)
	}
	own, err := c.Question(ctx, t23, "3.1")
	if err != nil {
		t.Fatal(err)
	}
	answer31 := map[string]string{}
	for _, r := range own {
		answer31[r.Organisation] = r.Text
	}
	if len(rows) != 21 {
		t.Fatalf("%d rows, want 21", len(rows))
	}
	index := map[string]int{}
	for i, o := range e.Orgs.All {
		index[o.ID] = i
	}
	refs := 0
	seenMissing := false
	for _, r := range rows {
		if r.NoAnswer != "" {
			seenMissing = true
		} else if seenMissing {
			t.Errorf("%s has an answer but comes after a body without one", r.Organisation)
		}
		i := index[r.Organisation]
		if r.Missing != "" {
			if r.NoAnswer != r.Missing {
				t.Errorf("%s: no answer %q, want the body's %q", r.Organisation, r.NoAnswer, r.Missing)
			}
			continue
		}
		if producer(i) != "pydocx-limits.docx" {
			if r.Status != model.Answered || r.NoAnswer != "" || r.Reference != nil {
				t.Errorf("%s (%s): 9.1 %s %q, want answered", r.Organisation, producer(i), r.Status, r.NoAnswer)
			}
			continue
		}
		refs++
		if r.Status != model.Reference || r.NoAnswer != model.MissingReference || r.Reference == nil {
			t.Fatalf("%s: 9.1 %s %q ref %v, want a reference", r.Organisation, r.Status, r.NoAnswer, r.Reference)
		}
		if r.Text != "Se svar under fråga 3.1." || r.Reference.Question != "3.1" || r.Reference.Status != model.Answered ||
			r.Reference.Text != answer31[r.Organisation] || r.Reference.Chars < 1000 {
			t.Errorf("%s: reference %q → %s %s %d chars, want 3.1's own answer", r.Organisation, r.Text, r.Reference.Question, r.Reference.Status, r.Reference.Chars)
		}
	}
	if refs != 5 {
		t.Errorf("%d references followed, want 5 (the pydocx-limits bodies)", refs)
	}
	last := rows[len(rows)-2:]
	if last[0].Organisation != "vasterbotten" || last[0].NoAnswer != model.MissingNoReport ||
		last[1].Organisation != "norrbotten" || last[1].NoAnswer != model.MissingNotReceived {
		t.Errorf("last rows %s %q, %s %q; want the bodies without a report, in list order", last[0].Organisation, last[0].NoAnswer, last[1].Organisation, last[1].NoAnswer)
	}
}

func testQuestionInsatser(t *testing.T, c *compilation.Compiler, e *compilationtest.Env) {
	t23 := tpl(t, e, 2023)
	rows, err := c.Question(context.Background(), t23, "5.4")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"pydocx-full.docx": 5, "pydocx-limits.docx": 0, "npmdocx-report.docx": 3, "lo-report.docx": 2}
	for i, o := range e.Orgs.All {
		var r *model.BodyAnswer
		for k := range rows {
			if rows[k].Organisation == o.ID {
				r = &rows[k]
			}
		}
		if r.Missing != "" {
			continue
		}
		p := producer(i)
		if o.ID == "stockholm" {
			p = "lo-report.docx" // the correction is current
		}
		if len(r.Insatser) != want[p] {
			t.Errorf("%s (%s): %d insatser under 5.4, want %d", o.ID, p, len(r.Insatser), want[p])
		}
		for _, it := range r.Insatser {
			if len(it.Cells) != len(t23.InsatsColumns) || it.Cells[0] == "" {
				t.Errorf("%s: insats cells %q, want %d columns", o.ID, it.Cells, len(t23.InsatsColumns))
			}
		}
		if want[p] == 0 && r.NoAnswer != model.MissingUnanswered {
			t.Errorf("%s: an empty 5.4 is missing %q, want unanswered", o.ID, r.NoAnswer)
		}
	}
	if _, err := c.Question(context.Background(), t23, "11.1"); !errors.Is(err, compilation.ErrUnknownQuestion) {
		t.Errorf("unknown question: %v, want ErrUnknownQuestion", err)
	}
}

func testAllInsatser(t *testing.T, c *compilation.Compiler, e *compilationtest.Env) {
	t23 := tpl(t, e, 2023)
	rows, err := c.Insatser(context.Background(), t23)
	if err != nil {
		t.Fatal(err)
	}
	// per body: the stored result's tables, in template order
	var want []string
	for _, o := range e.Orgs.All {
		hist, _ := e.Store.History(context.Background(), o.ID, 2023)
		for _, s := range hist {
			if s.State != model.StateCurrent {
				continue
			}
			_, res, err := e.Store.LatestResult(context.Background(), s.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, tb := range res.Insatser {
				for n, it := range tb.Items {
					want = append(want, o.ID+"|"+tb.Question+"|"+string(rune('0'+n+1))+"|"+strings.Join(it.Cells, "¦"))
				}
			}
		}
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.Organisation+"|"+r.Question+"|"+string(rune('0'+r.Row))+"|"+strings.Join(r.Cells, "¦"))
		if r.SubmissionID == 0 || r.Name == "" {
			t.Errorf("row without its body: %+v", r)
		}
	}
	if len(got) < 300 || !slices.Equal(got, want) {
		t.Errorf("%d insats rows, want %d equal to the stored results", len(got), len(want))
	}
}

func testChoicesMatrix(t *testing.T, c *compilation.Compiler, e *compilationtest.Env) {
	ctx := context.Background()
	t23 := tpl(t, e, 2023)
	ms, err := c.Choices(ctx, t23)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].Question != "10.3" || ms[0].Explanations != "10.4" || len(ms[0].Items) != 3 || len(ms[0].Rows) != 21 {
		t.Fatalf("2023 matrices %+v", ms)
	}
	want := map[string][]string{"pydocx-full.docx": {"ja", "ja", "nej"}, "pydocx-limits.docx": {"ja", "", ""},
		"npmdocx-report.docx": {"ja", "nej", "ja"}, "lo-report.docx": {"ja", "ja", "nej"}}
	for i, row := range ms[0].Rows {
		if row.Missing != "" {
			if len(row.Choices) != 0 {
				t.Errorf("%s without a report has choices", row.Organisation)
			}
			continue
		}
		p := producer(i)
		if row.Organisation == "stockholm" {
			p = "lo-report.docx"
		}
		var got []string
		for _, ch := range row.Choices {
			got = append(got, ch.Answer)
			if ch.Text != t23.Question("10.3").Items[ch.Item-1] {
				t.Errorf("%s item %d text %q", row.Organisation, ch.Item, ch.Text)
			}
			switch {
			case p == "pydocx-limits.docx" && ch.Item == 1: // Ja, its explanation left empty
				if ch.Answer != "ja" || ch.Explanation != "" {
					t.Errorf("%s item 1: %s, explanation %q; want Ja without one", row.Organisation, ch.Answer, ch.Explanation)
				}
			case ch.Answer == "ja" || ch.Answer == "nej":
				if ch.Explanation == "" {
					t.Errorf("%s (%s) item %d: %s without the explanation", row.Organisation, p, ch.Item, ch.Answer)
				}
			default:
				if ch.Explanation != "" {
					t.Errorf("%s item %d: no choice but explanation %q", row.Organisation, ch.Item, ch.Explanation)
				}
			}
			if ch.Answer == "nej" && ch.Explanation != row.Otherwise {
				t.Errorf("%s item %d: Nej explained by %q, want the Om nej text %q", row.Organisation, ch.Item, ch.Explanation, row.Otherwise)
			}
		}
		if !slices.Equal(got, want[p]) {
			t.Errorf("%s (%s): choices %v, want %v", row.Organisation, p, got, want[p])
		}
	}
	// 2024 renumbers the Ja/Nej block to 10.2 with four items
	ms, err = c.Choices(ctx, tpl(t, e, 2024))
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].Question != "10.2" || ms[0].Explanations != "10.3" || len(ms[0].Items) != 4 {
		t.Fatalf("2024 matrices %+v", ms)
	}
	answered := 0
	for _, row := range ms[0].Rows {
		for _, ch := range row.Choices {
			if ch.Answer != "" {
				answered++
			}
		}
	}
	if answered < 20 {
		t.Errorf("2024: %d choices answered over 20 reports", answered)
	}
}

func testChars(t *testing.T, c *compilation.Compiler, e *compilationtest.Env) {
	ctx := context.Background()
	for _, year := range []int{2023, 2024} {
		tp := tpl(t, e, year)
		rows, err := c.Chars(ctx, tp)
		if err != nil {
			t.Fatal(err)
		}
		exceeded := 0
		for _, r := range rows {
			if r.Missing != "" {
				if len(r.Limits) != 0 {
					t.Errorf("%d %s without a report has characters", year, r.Organisation)
				}
				continue
			}
			_, res, err := e.Store.LatestResult(ctx, r.SubmissionID)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Limits) != len(tp.Limits) || len(res.Limits) != len(r.Limits) {
				t.Fatalf("%d %s: %d groups, result %d, template %d", year, r.Organisation, len(r.Limits), len(res.Limits), len(tp.Limits))
			}
			for i, l := range r.Limits {
				if l.Chars != res.Limits[i].Chars || l.Limit != res.Limits[i].Limit || l.Exceeded != res.Limits[i].Exceeded {
					t.Errorf("%d %s group %v: %+v, the check said %+v", year, r.Organisation, l.Questions, l, res.Limits[i])
				}
				if l.Exceeded {
					exceeded++
				}
			}
		}
		if year == 2023 && exceeded < 5 {
			t.Errorf("2023: %d groups over the limit; pydocx-limits is over in 1.1–1.3", exceeded)
		}
	}
}

func testReports(t *testing.T, c *compilation.Compiler, e *compilationtest.Env) {
	t23 := tpl(t, e, 2023)
	reps, err := c.Reports(context.Background(), t23)
	if err != nil {
		t.Fatal(err)
	}
	n := len(t23.Questions())
	for _, r := range reps {
		if r.Missing != "" {
			continue
		}
		if len(r.Answers) != n || r.Answers[0].ID != "1.1" || r.Answers[n-1].ID != "övrigt" {
			t.Fatalf("%s: %d answers, want %d in template order", r.Organisation, len(r.Answers), n)
		}
	}
}

func TestReferencedQuestion(t *testing.T) {
	t23 := spectest.Template(t, 2023)
	for _, tc := range []struct{ self, text, want string }{
		{"9.1", "Se svar under fråga 3.1.", "3.1"},
		{"5.4", "Se tabellen under 4.4 ovan", "4.4"},
		{"9.1", "Hänvisning till fråga 9.1 och 10.5", "10.5"}, // not itself
		{"9.1", "Se svaret ovan.", ""},
		{"9.1", "Se fråga 12.3.", ""},     // not a question of the template
		{"9.1", "Se avsnitt 3.1.2.", ""},  // no such question number
		{"1.1", "Se punkt 2023.1", ""},    // not a question number
		{"10.4", "Se fråga 10.1", "10.1"}, // two digits
		{"2.1", "Vi hänvisar till 1.3.", "1.3"},
	} {
		if got := compilation.ReferencedQuestion(t23, tc.self, tc.text); got != tc.want {
			t.Errorf("ReferencedQuestion(%s, %q) = %q, want %q", tc.self, tc.text, got, tc.want)
		}
	}
}
