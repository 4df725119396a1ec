package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/docxtest"
	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
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
	ts := httptest.NewServer(e.srv.Handler())
	defer ts.Close()
	c := newClient(t, ts.URL)
	c.login("lars", readerPassword) // readers may search

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
	ts := httptest.NewServer(e.srv.Handler())
	defer ts.Close()
	c := newClient(t, ts.URL)
	c.login("anna", officerPassword)

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
	anon := newClient(t, ts.URL)
	if resp, _ := anon.get("/api/search?q=flygtaxi"); resp.StatusCode == http.StatusOK {
		t.Error("anonymous search answered")
	}
}
