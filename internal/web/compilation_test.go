package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/tillvaxtverket/villkorsintag/internal/compilation/compilationtest"
	"github.com/tillvaxtverket/villkorsintag/internal/demo"
	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

// compEnv is a server over the 21 bodies × 2 years database and a
// logged-in officer's session cookie.
type compEnv struct {
	*compilationtest.Env
	srv    *Server
	h      http.Handler
	cookie *http.Cookie
}

// newCompEnv serves a copy, in the test's own folder, of the database of
// 21 bodies over the years (compilationtest.Build), built once per test
// binary for each list of years.
func newCompEnv(tb testing.TB, years ...int) *compEnv {
	tb.Helper()
	compBuilds.mu.Lock()
	key := fmt.Sprint(years)
	b := compBuilds.m[key]
	if b == nil {
		b = &builtDB[*spec.Set]{}
		compBuilds.m[key] = b
	}
	compBuilds.mu.Unlock()
	st, templates := b.open(tb, "compilation.db", func() (*store.Store, *spec.Set, error) {
		e := compilationtest.Build(tb, years...)
		return e.Store, e.Templates, nil
	})
	pipe := ingest.New(st, orgs.Default(), "test")
	pipe.Templates = templates
	e := &compilationtest.Env{Store: st, Pipeline: pipe, Templates: templates, Orgs: orgs.Default()}
	return serveStore(tb, e.Store, e, spectest.Clock(2025, 3, 1, 12))
}

// compBuilds are compilationtest.Build's databases, one per list of years.
var compBuilds = struct {
	mu sync.Mutex
	m  map[string]*builtDB[*spec.Set]
}{m: map[string]*builtDB[*spec.Set]{}}

// serveStore serves a store with an officer logged in.
func serveStore(tb testing.TB, st *store.Store, e *compilationtest.Env, now func() time.Time) *compEnv {
	tb.Helper()
	ctx := context.Background()
	if _, err := st.CreateUser(ctx, "anna", "Anna Handläggare", officerPassword, store.RoleOfficer); err != nil {
		tb.Fatal(err)
	}
	o := Options{Store: st, Now: now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if e != nil {
		o.Pipeline, o.Templates = e.Pipeline, e.Templates
	} else {
		o.Templates = spectest.Set(tb, 2023)
	}
	srv, err := New(o)
	if err != nil {
		tb.Fatal(err)
	}
	u, err := st.Authenticate(ctx, "anna", officerPassword)
	if err != nil {
		tb.Fatal(err)
	}
	if err := st.CreateSession(ctx, "comp-token", "comp-csrf", u.ID, time.Hour); err != nil {
		tb.Fatal(err)
	}
	return &compEnv{Env: e, srv: srv, h: srv.Handler(), cookie: &http.Cookie{Name: sessionCookie, Value: "comp-token"}}
}

func (c *compEnv) get(tb testing.TB, path string) (int, string) {
	tb.Helper()
	req := httptest.NewRequest("GET", path, nil)
	req.AddCookie(c.cookie)
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

func (c *compEnv) getJSON(tb testing.TB, path string, v any) {
	tb.Helper()
	code, body := c.get(tb, path)
	if code != http.StatusOK {
		tb.Fatalf("%s: %d %s", path, code, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
}

func TestCompilationViews(t *testing.T) {
	c := newCompEnv(t, 2023, 2024)
	t.Run("API per question", func(t *testing.T) {
		var out struct {
			Year     int
			Question string
			Rows     []model.BodyAnswer
		}
		c.getJSON(t, "/api/compilation?year=2023&question=9.1", &out)
		if out.Year != 2023 || out.Question != "9.1" || len(out.Rows) != 21 {
			t.Fatalf("year %d question %s, %d rows; want 2023, 9.1, 21", out.Year, out.Question, len(out.Rows))
		}
		refs := 0
		for _, r := range out.Rows {
			if r.NoAnswer == model.MissingReference {
				refs++
				if r.Reference == nil || r.Reference.Question != "3.1" || r.Reference.Chars < 1000 || r.Reference.Text == "" {
					t.Errorf("%s: reference %+v, want 3.1's answer", r.Organisation, r.Reference)
				}
			}
		}
		if refs != 5 || out.Rows[20].Organisation != "norrbotten" || out.Rows[20].NoAnswer != model.MissingNotReceived {
			t.Errorf("%d references; last row %s %q", refs, out.Rows[20].Organisation, out.Rows[20].NoAnswer)
		}
		var ins struct {
			Columns []string
			Rows    []model.BodyAnswer
		}
		c.getJSON(t, "/api/compilation?year=2024&question=3.4", &ins)
		if len(ins.Rows) != 21 || len(ins.Columns) != len(c.mustTemplate(t, 2024).InsatsColumns) || len(ins.Rows[0].Insatser) != 6 {
			t.Errorf("2024 3.4: %d rows, columns %v, first body %d insatser; want 21, the template's columns, 6", len(ins.Rows), ins.Columns, len(ins.Rows[0].Insatser))
		}
		for path, want := range map[string]int{"/api/compilation?year=2023": 400, "/api/compilation?year=2023&question=11.9": 404,
			"/sammanstallning?year=2023&question=11.9": 404, "/api/compilation?year=1999&question=1.1": 404} {
			if code, body := c.get(t, path); code != want || !strings.Contains(body, "å") && !strings.Contains(body, "fråga") && code == 400 {
				t.Errorf("%s: %d, want %d (%s)", path, code, want, body)
			}
		}
	})
	t.Run("page per question", func(t *testing.T) {
		code, body := c.get(t, "/sammanstallning?year=2023&question=9.1")
		if code != 200 {
			t.Fatal(code)
		}
		if n := strings.Count(body, `<section class="body-answer`); n != 21 {
			t.Errorf("%d body blocks, want 21", n)
		}
		for _, want := range []string{"Hänvisar till fråga 3.1 Beskriv hur det strategiskt viktigaste arbetet inom likvärdiga",
			"Se svar under fråga 3.1.", "Det strategiskt viktigaste arbetet inom området har handlat om bostadsförsörjning",
			"Ej inkommen", "Ingen läsbar rapport inkommen", "14 besvarade, 5 hänvisningar och 2 utan rapport av 21 organisationer",
			`<option value="9.1" selected>`, `<optgroup label="9. `, "/export/sammanstallning-2023-9.1.docx", `role="img"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the page for 9.1 lacks %q", want)
			}
		}
		// the blocks: bodies with an answer, then references, then no report
		order := regexp.MustCompile(`<section class="body-answer( no-answer)?" id="org-([a-z]+)"`).FindAllStringSubmatch(body, -1)
		if len(order) != 21 || order[0][2] != "stockholm" || order[13][1] != "" || order[14][2] != "uppsala" || order[20][2] != "norrbotten" {
			t.Errorf("block order %v", order)
		}
		_, body = c.get(t, "/sammanstallning?year=2023&question=10.3")
		if !strings.Contains(body, "<summary>Motivering") || !strings.Contains(body, "Båda ikryssade") {
			t.Error("the page for 10.3 lacks the explanations or the both-checked item")
		}
		_, body = c.get(t, "/sammanstallning?year=2023&question=5.4")
		if !strings.Contains(body, "<th scope=\"col\">Insats</th>") && !strings.Contains(body, "scope=\"col\">"+c.mustTemplate(t, 2023).InsatsColumns[0]) {
			t.Error("the insats tables lack the template's headers")
		}
		if !strings.Contains(body, "Obesvarad") {
			t.Error("an empty 5.4 is not shown as unanswered")
		}
	})
	t.Run("insatser", func(t *testing.T) {
		type resp struct {
			Total   int
			Columns []string
			Rows    []model.InsatsRow
			Counts  struct{ Organisations, Questions []insatsCount }
		}
		var all resp
		c.getJSON(t, "/api/insatser?year=2023", &all)
		if all.Total < 300 || len(all.Rows) != all.Total || len(all.Columns) != len(c.mustTemplate(t, 2023).InsatsColumns) || len(all.Counts.Organisations) != 21 || len(all.Counts.Questions) != 7 {
			t.Fatalf("all: total %d, %d rows, %d columns, %d/%d counts", all.Total, len(all.Rows), len(all.Columns), len(all.Counts.Organisations), len(all.Counts.Questions))
		}
		sum := 0
		for _, n := range all.Counts.Organisations {
			sum += n.N
		}
		if sum != all.Total {
			t.Errorf("counts per body add up to %d, want %d", sum, all.Total)
		}
		var one resp
		c.getJSON(t, "/api/insatser?year=2023&question=5.4&organisation=stockholm", &one)
		if len(one.Rows) != 2 { // Stockholm's current version is the LibreOffice report: two insatser
			t.Errorf("5.4 Stockholm: %d rows, want 2", len(one.Rows))
		}
		for _, r := range one.Rows {
			if r.Question != "5.4" || r.Organisation != "stockholm" {
				t.Errorf("filtered row %s %s", r.Organisation, r.Question)
			}
		}
		// free text: every word, case-insensitive, å/ä/ö kept
		var text resp
		c.getJSON(t, "/api/insatser?year=2023&q=KOMMUNER+län", &text)
		if len(text.Rows) == 0 || len(text.Rows) >= all.Total {
			t.Errorf("free text: %d of %d rows", len(text.Rows), all.Total)
		}
		for _, r := range text.Rows {
			hay := strings.ToLower(r.Name + " " + strings.Join(r.Cells, " "))
			if !strings.Contains(hay, "kommuner") || !strings.Contains(hay, "län") {
				t.Errorf("row %s %s %d does not hold both words", r.Organisation, r.Question, r.Row)
			}
		}
		var none resp
		c.getJSON(t, "/api/insatser?year=2023&q=lan+kommunerxyz", &none)
		if len(none.Rows) != 0 {
			t.Errorf("a word in no row matched %d rows", len(none.Rows))
		}
		// sort by the second column, descending, Swedish order
		var sorted resp
		c.getJSON(t, "/api/insatser?year=2023&sort=-c2", &sorted)
		coll := collate.New(language.Swedish, collate.IgnoreCase)
		for i := 1; i < len(sorted.Rows); i++ {
			if coll.CompareString(sorted.Rows[i-1].Cells[1], sorted.Rows[i].Cells[1]) < 0 {
				t.Fatalf("row %d out of order: %q before %q", i, sorted.Rows[i-1].Cells[1], sorted.Rows[i].Cells[1])
			}
		}
		var byQ resp
		c.getJSON(t, "/api/insatser?year=2023&sort=question", &byQ)
		if byQ.Rows[0].Question != "3.4" || byQ.Rows[len(byQ.Rows)-1].Question != "9.2" {
			t.Errorf("sorted by question: first %s, last %s", byQ.Rows[0].Question, byQ.Rows[len(byQ.Rows)-1].Question)
		}
		code, body := c.get(t, "/insatser?year=2023&question=5.4&sort=-c2")
		if code != 200 || !strings.Contains(body, `aria-sort="descending"`) || !strings.Contains(body, `<option value="5.4" selected>`) ||
			!strings.Contains(body, `href="/insatser?question=5.4&amp;sort=c2&amp;year=2023"`) {
			t.Errorf("the page does not show its filter and sort (%d)", code)
		}
		for _, h := range all.Columns {
			if !strings.Contains(body, ">"+html.EscapeString(h)+"</a></th>") {
				t.Errorf("column header %q missing", h)
			}
		}
		if code, _ := c.get(t, "/api/insatser?year=2023&question=1.1x"); code != 404 {
			t.Errorf("unknown question: %d", code)
		}
	})
	t.Run("choices", func(t *testing.T) {
		var out struct{ Matrices []model.ChoiceMatrix }
		c.getJSON(t, "/api/choices?year=2024", &out)
		if len(out.Matrices) != 1 || out.Matrices[0].Question != "10.2" || len(out.Matrices[0].Rows) != 21 || len(out.Matrices[0].Items) != 4 {
			t.Fatalf("2024 matrices %+v", out.Matrices)
		}
		code, body := c.get(t, "/val?year=2023")
		if code != 200 || strings.Count(body, "<tr>") < 22 || !strings.Contains(body, "<summary>Motivering") || !strings.Contains(body, "ingen motivering") ||
			!strings.Contains(body, "Ej inkommen") || !strings.Contains(body, "#fraga-10-4") {
			t.Errorf("the choices page (%d) lacks rows, explanations or links to the reports", code)
		}
	})
	t.Run("charts", func(t *testing.T) {
		var out struct {
			Groups []struct{ Label string }
			Rows   []model.BodyChars
		}
		c.getJSON(t, "/api/characters?year=2023", &out)
		if len(out.Groups) != 10 || len(out.Rows) != 21 {
			t.Fatalf("%d groups, %d rows", len(out.Groups), len(out.Rows))
		}
		over := 0
		for _, r := range out.Rows {
			if len(r.Limits) > 0 && r.Limits[0].Exceeded {
				over++
			}
		}
		_, body := c.get(t, "/oversikt?year=2023")
		if n := strings.Count(body, "<svg "); n != 10 {
			t.Errorf("%d charts on the overview, want one per limit group (10)", n)
		}
		first := body[strings.Index(body, `id="diagram-1-1-fig"`):]
		first = first[:strings.Index(first, "</figure>")]
		if over == 0 || strings.Count(first, `<g class="over">`) != over || strings.Count(first, "– över</text>") != over ||
			strings.Count(first, ", över gränsen</li>") != over || !strings.Contains(first, "över gränsen: Region Uppsala (") {
			t.Errorf("1.1–1.3: %d bodies over the limit, the chart marks them otherwise:\n%s", over, first)
		}
		if !strings.Contains(first, "<title id=\"diagram-1-1-t\">") || !strings.Contains(first, `aria-labelledby="diagram-1-1-t diagram-1-1-d"`) ||
			strings.Count(first, "<li>") != 21 || !strings.Contains(first, "Region Norrbotten: ingen rapport") {
			t.Error("the chart's text for screen readers is incomplete")
		}
		_, body = c.get(t, "/sammanstallning?year=2023&question=1.2")
		if n := strings.Count(body, "<svg "); n != 1 || !strings.Contains(body, "frågorna 1.1–1.3 (gräns "+sv.Int(4500)+")") {
			t.Errorf("the page for 1.2 has %d charts, want the one of 1.1–1.3", n)
		}
		_, body = c.get(t, "/sammanstallning?year=2023&question=övrigt")
		if strings.Contains(body, "<svg ") {
			t.Error("a chart for a question without a limit")
		}
	})
}

func (c *compEnv) mustTemplate(t *testing.T, year int) *spec.Template {
	tp, err := c.Templates.Load(year)
	if err != nil {
		t.Fatal(err)
	}
	return tp
}

// TestCompilationOverTheDemo: the views over the demo's database (the
// sample reports taken in by the real poller from the in-process mail
// server).
func TestCompilationOverTheDemo(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d, err := demo.Start(ctx, filepath.Join(t.TempDir(), "demo.db"), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	d.Pipeline.Templates = spectest.Set(t, 2023)
	done := make(chan struct{})
	go func() { d.Poller.Run(ctx); close(done) }()
	if err := d.WaitProcessed(ctx, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	cancel()
	<-done
	c := serveStore(t, d.Store, nil, spectest.Clock(2024, 3, 1, 12))
	var out struct{ Rows []model.BodyAnswer }
	c.getJSON(t, "/api/compilation?year=2023&question=1.1", &out)
	answered := map[string]bool{}
	for _, r := range out.Rows {
		if r.NoAnswer == "" {
			answered[r.Organisation] = true
		}
		if r.Organisation == "vasterbotten" && r.Version != 2 {
			t.Errorf("Västerbotten: version %d, want its correction (2)", r.Version)
		}
	}
	if len(out.Rows) != 21 || len(answered) != 3 || !answered["vasterbotten"] || !answered["skane"] || !answered["vastragotaland"] {
		t.Errorf("%d rows, answered by %v; want Västerbotten, Skåne, Västra Götaland", len(out.Rows), answered)
	}
	var ins struct {
		Rows   []model.InsatsRow
		Counts struct{ Organisations []insatsCount }
	}
	c.getJSON(t, "/api/insatser?year=2023", &ins)
	bodies := map[string]int{}
	for _, n := range ins.Counts.Organisations {
		if n.N > 0 {
			bodies[n.Key] = n.N
		}
	}
	if len(ins.Rows) == 0 || len(bodies) != 3 {
		t.Errorf("demo insatser: %d rows from %v", len(ins.Rows), bodies)
	}
	for _, p := range []string{"/sammanstallning?year=2023&question=10.3", "/insatser?year=2023", "/val?year=2023", "/oversikt?year=2023"} {
		if code, body := c.get(t, p); code != 200 || !strings.Contains(body, "Region Västerbotten") {
			t.Errorf("%s: %d", p, code)
		}
	}
	if _, body := c.get(t, "/oversikt?year=2023"); strings.Count(body, "<svg ") != 10 {
		t.Error("the demo's overview lacks the charts")
	}
}
