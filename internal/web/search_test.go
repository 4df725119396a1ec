package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/docxtest"
	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/search"
	"github.com/tillvaxtverket/villkorsintag/internal/search/query"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

// addSearchReports gives Region Norrbotten two versions of the full
// report made by python-docx: the first with markup-like text and the
// word "flygtaxi" in 5.1, the second with "tåghubb" there instead.
func addSearchReports(t testing.TB, e *testEnv) {
	t.Helper()
	full, err := os.ReadFile("../../testdata/docx/pydocx-full.docx")
	if err != nil {
		t.Fatal(err)
	}
	for i, word := range []string{"&lt;script&gt;alert(1)&lt;/script&gt; flygtaxi", "tåghubb"} {
		doc := docxtest.EditDocumentXML(t, full, func(s string) string {
			return strings.Replace(s, "strategi för smart specialisering", "strategi för "+word, 1)
		})
		doc = variantDocx(doc, "Region Norrbotten")
		out, err := e.pipe.Ingest(context.Background(), ingest.Item{Raw: doc, Format: ingest.FormatDocx, Source: "file", SourceRef: "nb.docx",
			FileName: "norrbotten.docx", Received: time.Date(2024, 2, 10+i, 10, 0, 0, 0, time.UTC)})
		if err != nil || out.Submission == nil || out.Submission.Organisation != "norrbotten" || out.Submission.Version != i+1 {
			t.Fatalf("norrbotten v%d: %+v %v", i+1, out, err)
		}
	}
}

func TestSearchPage(t *testing.T) {
	e := newTestEnv(t)
	addSearchReports(t, e)
	c := e.clientAs(t, "lars") // readers may search

	resp, body := c.get("/sok")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `<a href="/sok" aria-current="page">Sök</a>`) || !strings.Contains(body, `<input type="search" id="q" name="q"`) {
		t.Fatalf("empty search page: %d %s", resp.StatusCode, body)
	}
	if !strings.Contains(body, `<optgroup label="5 `) || !strings.Contains(body, `<option value="5.1">5.1 `) {
		t.Error("no question picker by section")
	}
	if strings.Contains(body, `role="status"`) {
		t.Error("an empty search shows a result")
	}

	// the current version: tåghubb, with Norrbotten's report linked and
	// the hit marked; the superseded word only with all versions
	_, body = c.get("/sok?q=T%C3%85GHUBB")
	if !strings.Contains(body, "1 svar i 1 rapport innehåller") || !strings.Contains(body, "<mark>tåghubb</mark>") ||
		!strings.Contains(body, ">Region Norrbotten</a>") || !strings.Contains(body, "2023, version 2") || !strings.Contains(body, `#fraga-5-1">5.1</a>`) {
		t.Errorf("tåghubb: %s", body)
	}
	_, body = c.get("/sok?q=flygtaxi")
	if !strings.Contains(body, "Inga svar innehåller <strong>flygtaxi</strong>") || !strings.Contains(body, `href="/sok?all=1&amp;q=flygtaxi"`) {
		t.Errorf("flygtaxi in current versions: %s", body)
	}
	_, body = c.get("/sok?q=flygtaxi&all=1")
	if !strings.Contains(body, "<mark>flygtaxi</mark>") || !strings.Contains(body, "version 1 – ersatt av en senare version") || !strings.Contains(body, `id="all" name="all" value="1" checked`) {
		t.Errorf("flygtaxi in all versions: %s", body)
	}
	// the answer's text is text: markup in it is escaped, never served
	if strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("markup in an answer is not escaped: %s", body)
	}

	// phrase and prefix, the filters kept in the form
	_, body = c.get("/sok?q=" + url.QueryEscape(`"smart specialisering" kompetens*`) + "&year=2023&question=5.4")
	if !strings.Contains(body, `<strong>&#34;smart specialisering&#34;</strong> och <strong>kompetens*</strong>`) || !strings.Contains(body, `<option value="5.4" selected>`) ||
		!strings.Contains(body, `<option value="2023" selected>`) || strings.Contains(body, `#fraga-5-1"`) || !strings.Contains(body, `#fraga-5-4"`) {
		t.Errorf("phrase, prefix, filters: %s", body)
	}

	// what cannot be searched is said in Swedish, the form kept
	resp, body = c.get("/sok?q=" + url.QueryEscape(`" - *`))
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `role="alert">Sökningen innehåller inga ord`) || !strings.Contains(body, `aria-invalid="true"`) {
		t.Errorf("no words: %d %s", resp.StatusCode, body)
	}
	for path, want := range map[string]string{
		"/sok?q=x&year=abc":      "Okänt år.",
		"/sok?q=x&year=1999":     "Mallen för 1999 finns inte.",
		"/sok?q=x&question=99.9": "Frågan 99.9 finns inte i mallen.",
		"/sok?q=x&all=kanske":    "Okänt värde för alla versioner",
	} {
		resp, body := c.get(path)
		if resp.StatusCode < 400 || !strings.Contains(body, want) {
			t.Errorf("%s: %d, want %q: %s", path, resp.StatusCode, want, body)
		}
	}
}

func TestSearchAPI(t *testing.T) {
	e := newTestEnv(t)
	addSearchReports(t, e)
	c := e.clientAs(t, "anna")

	var res struct {
		Query       string   `json:"query"`
		Terms       []string `json:"terms"`
		Total       int      `json:"total"`
		Reports     int      `json:"reports"`
		AllVersions bool     `json:"all_versions"`
		Groups      []struct {
			Organisation string `json:"organisation"`
			Version      int    `json:"version"`
			State        string `json:"state"`
			Hits         []struct {
				Question string  `json:"question"`
				Score    float64 `json:"score"`
				Snippet  []struct {
					Text  string `json:"text"`
					Match bool   `json:"match"`
				} `json:"snippet"`
			} `json:"hits"`
		} `json:"groups"`
	}
	resp, body := c.get("/api/search?q=flygtaxi&all=1")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || res.Reports != 1 || !res.AllVersions || len(res.Groups) != 1 || res.Groups[0].Organisation != "norrbotten" ||
		res.Groups[0].Version != 1 || res.Groups[0].State != "superseded" || res.Groups[0].Hits[0].Question != "5.1" || res.Groups[0].Hits[0].Score <= 0 {
		t.Fatalf("flygtaxi: %s", body)
	}
	var marked, text string
	for _, s := range res.Groups[0].Hits[0].Snippet {
		text += s.Text
		if s.Match {
			marked += s.Text
		}
	}
	if marked != "flygtaxi" || !strings.Contains(text, "<script>alert(1)</script> flygtaxi") || strings.Contains(body, `\u003c`) && strings.Contains(body, "<mark>") {
		t.Errorf("snippet: marked %q, text %q", marked, text)
	}
	// the default is current versions
	_, body = c.get("/api/search?q=flygtaxi")
	if err := json.Unmarshal([]byte(body), &res); err != nil || res.Total != 0 || res.AllVersions || len(res.Groups) != 0 {
		t.Errorf("flygtaxi, current versions: %s", body)
	}
	for path, want := range map[string]string{
		"/api/search":                               "Ange vad du söker efter (q).",
		"/api/search?q=%22":                         "Sökningen innehåller inga ord",
		"/api/search?q=x&question=99.9":             "Frågan 99.9 finns inte i mallen.",
		"/api/search?q=" + strings.Repeat("å", 300): "för lång",
	} {
		resp, body := c.get(path)
		var e struct{ Error string }
		json.Unmarshal([]byte(body), &e)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(e.Error, want) {
			t.Errorf("%s: %d %s, want 400 with %q", path, resp.StatusCode, body, want)
		}
	}
	// anonymous: no search
	anon := e.client(t)
	if resp, _ := anon.get("/api/search?q=flygtaxi"); resp.StatusCode == http.StatusOK {
		t.Error("anonymous search answered")
	}
}

// TestSearchPages: a search with more answers than a page shows them a
// page at a time, best first, each answer once, the count of all kept,
// with links to the pages before and after.
func TestSearchPages(t *testing.T) {
	e := newTestEnv(t)
	addSearchReports(t, e)
	c := e.clientAs(t, "lars")

	type page struct {
		Total, Offset, Shown int
		Truncated            bool
		Groups               []struct {
			Submission int64
			Matches    int
			Hits       []struct {
				Question string
				Score    float64
			}
		}
	}
	get := func(path string) page {
		t.Helper()
		resp, body := c.get(path)
		var p page
		if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &p) != nil {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, body)
		}
		return p
	}
	first := get("/api/search?q=och")
	n := first.Total
	if n <= search.DefaultLimit || n > 2*search.DefaultLimit {
		t.Fatalf("och matches %d answers; the test wants two pages (%d to %d)", n, search.DefaultLimit+1, 2*search.DefaultLimit)
	}
	second := get("/api/search?q=och&offset=100")
	if first.Offset != 0 || first.Shown != search.DefaultLimit || !first.Truncated || second.Total != n || second.Offset != 100 || second.Shown != n-100 {
		t.Errorf("pages: first %d+%d, second %d+%d of %d", first.Offset, first.Shown, second.Offset, second.Shown, second.Total)
	}
	seen := map[string]bool{}
	lowest, highest := 1e9, 0.0
	for i, p := range []page{first, second} {
		matches := 0
		for _, g := range p.Groups {
			for _, h := range g.Hits {
				k := fmt.Sprint(g.Submission, h.Question)
				if seen[k] {
					t.Errorf("%s on both pages", k)
				}
				seen[k] = true
				if i == 0 {
					lowest = min(lowest, h.Score)
				} else {
					highest = max(highest, h.Score)
				}
			}
			matches += g.Matches
		}
		if matches < p.Shown {
			t.Errorf("page %d: groups' matches %d, fewer than shown %d", i+1, matches, p.Shown)
		}
	}
	if len(seen) != n || highest > lowest {
		t.Errorf("%d answers on the pages of %d; second page's best %.3f above the first's worst %.3f", len(seen), n, highest, lowest)
	}

	total := sv.Int(n)
	_, body := c.get("/sok?q=och")
	if !strings.Contains(body, "Visar 1–100 av "+total+", de mest relevanta först.") || !strings.Contains(body, `<a href="/sok?q=och&amp;offset=100" rel="next">Nästa</a>`) ||
		strings.Contains(body, "Föregående") || strings.Count(body, `<ol class="hits">`) == 0 {
		t.Errorf("first page: %s", body)
	}
	_, body = c.get("/sok?q=och&offset=100")
	if !strings.Contains(body, "Visar 101–"+sv.Int(n)+" av "+total) || !strings.Contains(body, `<a href="/sok?q=och" rel="prev">Föregående</a>`) || strings.Contains(body, "Nästa") {
		t.Errorf("second page: %s", body)
	}
	// the filters stay in the links; past the end, back to the last page
	_, body = c.get("/sok?q=och&year=2023&all=1&offset=5000")
	if !strings.Contains(body, "Sidan ligger efter det sista svaret.") || !strings.Contains(body, `<a href="/sok?all=1&amp;q=och&amp;year=2023&amp;offset=100" rel="prev">Föregående</a>`) ||
		strings.Contains(body, `<ol class="hits">`) {
		t.Errorf("past the end: %s", body)
	}
	// a search that fits on one page has no pages
	_, body = c.get("/sok?q=t%C3%A5ghubb")
	if strings.Contains(body, `class="pager"`) || strings.Contains(body, "Visar ") {
		t.Errorf("one page: %s", body)
	}
	for _, o := range []string{"-1", "x", "1000001"} {
		if resp, body := c.get("/sok?q=och&offset=" + o); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Okänd sida i sökresultatet") {
			t.Errorf("offset %s: %d %s", o, resp.StatusCode, body)
		}
		if resp, _ := c.get("/api/search?q=och&offset=" + o); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("api offset %s: %d", o, resp.StatusCode)
		}
	}
}

// TestMarkedSnippet: a snippet becomes HTML with its text escaped and
// only its hits marked, whatever the answer holds.
func TestMarkedSnippet(t *testing.T) {
	got := markedSnippet([]query.Segment{{Text: `…<b>"fet"</b> & 'mer' `}, {Text: "<mark>bredband", Match: true}, {Text: "\x00</p><script>x</script>…"}})
	want := `…&lt;b&gt;&#34;fet&#34;&lt;/b&gt; &amp; &#39;mer&#39; <mark>&lt;mark&gt;bredband</mark>` + "\uFFFD" + `&lt;/p&gt;&lt;script&gt;x&lt;/script&gt;…`
	if string(got) != want {
		t.Errorf("markedSnippet = %s\nwant            %s", got, want)
	}
	if markedSnippet(nil) != "" {
		t.Error("no segments, some HTML")
	}
}
