package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/poller"
	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

const officerPassword, readerPassword = "anna-lösenord-1", "lars-lösenord-1"

type testEnv struct {
	st   *store.Store
	srv  *Server
	pipe *ingest.Pipeline
	ts   *httptest.Server // started by serve
}

// newTestEnv serves a copy of the seeded database (seeded), in the test's
// own folder, with an officer (anna) and a reader (lars).
func newTestEnv(tb testing.TB) *testEnv {
	tb.Helper()
	st, _ := seeded.open(tb, "w.db", buildSeed(tb))
	pipe := ingest.New(st, orgs.Default(), "test")
	pipe.Templates = spectest.Set(tb, 2023)
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	srv, err := New(Options{Store: st, Pipeline: pipe, Templates: pipe.Templates, Now: spectest.Clock(2024, 3, 1, 12), Health: ok, Metrics: poller.NewMetrics().Handler(), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		tb.Fatal(err)
	}
	return &testEnv{st: st, srv: srv, pipe: pipe}
}

// serve starts e's server on its first call, for the rest of the test,
// and returns it. The server's handler is built then: a test that sets
// fields of e.srv sets them before.
func (e *testEnv) serve(tb testing.TB) *httptest.Server {
	tb.Helper()
	if e.ts == nil {
		e.ts = httptest.NewServer(e.srv.Handler())
		tb.Cleanup(e.ts.Close)
	}
	return e.ts
}

// client is a new visitor of e's server (serve), not logged in.
func (e *testEnv) client(tb testing.TB) *client {
	tb.Helper()
	return newClient(tb, e.serve(tb).URL)
}

// clientAs is a new visitor of e's server (serve), logged in as one of
// the seeded users: anna (officer) or lars (reader).
func (e *testEnv) clientAs(tb testing.TB, user string) *client {
	tb.Helper()
	return newClientAs(tb, e.serve(tb).URL, user)
}

// passwords are the passwords of the users the test databases have.
var passwords = map[string]string{"anna": officerPassword, "lars": readerPassword}

// newClientAs is a new visitor of base, logged in as user, one of those
// in passwords.
func newClientAs(tb testing.TB, base, user string) *client {
	tb.Helper()
	password, ok := passwords[user]
	if !ok {
		tb.Fatalf("no password for the user %q", user)
	}
	c := newClient(tb, base)
	c.login(user, password)
	return c
}

// seeded is a database that has taken in the fixture messages and
// documents through the ingest pipeline, with the users anna (officer)
// and lars (reader); built once per test binary by buildSeed.
var seeded builtDB[struct{}]

func buildSeed(tb testing.TB) func() (*store.Store, struct{}, error) {
	return func() (st *store.Store, none struct{}, err error) {
		ctx := context.Background()
		if st, err = store.Open(ctx, filepath.Join(tb.TempDir(), "seed.db"), orgs.Default()); err != nil {
			return nil, none, err
		}
		pipe := ingest.New(st, orgs.Default(), "test")
		pipe.Templates = spectest.Set(tb, 2023)
		for _, name := range []string{"vasterbotten-ontime.eml", "vasterbotten-correction.eml", "skane-late.eml", "vgr-forwarded.eml", "noattachment.eml", "unknown-sender.eml"} {
			raw, err := os.ReadFile(filepath.Join("../../testdata/mail", name))
			if err != nil {
				return st, none, err
			}
			if _, err := pipe.Ingest(ctx, ingest.Item{Raw: raw, Format: ingest.FormatMail, Source: "file", SourceRef: name}); err != nil {
				return st, none, fmt.Errorf("ingest %s: %w", name, err)
			}
		}
		raw, err := os.ReadFile("../../testdata/docx/pydocx-blank.docx")
		if err != nil {
			return st, none, err
		}
		if _, err := pipe.Ingest(ctx, ingest.Item{Raw: raw, Format: ingest.FormatDocx, Source: "file", SourceRef: "blank.docx", FileName: "blank.docx"}); err != nil {
			return st, none, fmt.Errorf("ingest blank.docx: %w", err)
		}
		if _, err := st.CreateUser(ctx, "anna", "Anna Handläggare", officerPassword, store.RoleOfficer); err != nil {
			return st, none, err
		}
		_, err = st.CreateUser(ctx, "lars", "Lars Läsare", readerPassword, store.RoleReader)
		return st, none, err
	}
}

type client struct {
	t    testing.TB
	base string
	c    *http.Client
}

func newClient(t testing.TB, base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: base, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (c *client) get(path string) (*http.Response, string) {
	resp, err := c.c.Get(c.base + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// post sends a form as a browser on this site would: with an Origin.
func (c *client) post(path string, form url.Values) (*http.Response, string) {
	req, err := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.base)
	resp, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// tryLogin fills in the login form: it takes the form's CSRF token from
// the login page first.
func (c *client) tryLogin(user, password, next string) (*http.Response, string) {
	token := c.csrf("/login")
	return c.post("/login", url.Values{"username": {user}, "password": {password}, "next": {next}, "csrf": {token}})
}

func (c *client) login(user, password string) {
	resp, _ := c.tryLogin(user, password, "/oversikt")
	if resp.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("login as %s: %d", user, resp.StatusCode)
	}
}

var reCSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (c *client) csrf(page string) string {
	_, body := c.get(page)
	m := reCSRF.FindStringSubmatch(body)
	if m == nil {
		c.t.Fatalf("no CSRF token on %s", page)
	}
	return m[1]
}

func TestAnonymousOnlyReachesLoginStaticHealthMetrics(t *testing.T) {
	e := newTestEnv(t)
	c := e.client(t)
	resp, _ := c.get("/login")
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline'; style") && strings.Contains(csp, "script-src 'unsafe") {
		t.Errorf("CSP %q", csp)
	}
	for _, p := range []string{"/login", "/static/style.css", "/static/print.js", "/healthz", "/metrics"} {
		if resp, _ := c.get(p); resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d, want 200", p, resp.StatusCode)
		}
	}
	if _, body := c.get("/metrics"); !strings.Contains(body, "\nvillkorsintag_messages_seen_total 0\n") || !strings.Contains(body, "# TYPE go_goroutines gauge\n") {
		t.Errorf("/metrics serves no metrics:\n%s", body)
	}
	for _, p := range []string{"/", "/oversikt", "/inlamning/1", "/inlamning/1/original", "/bilaga/1", "/versioner/vasterbotten", "/otilldelade", "/export/oversikt.xlsx"} {
		resp, _ := c.get(p)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") && p != "/" {
			t.Errorf("%s: %d to %q, want a redirect to the login page", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	if resp, body := c.get("/api/overview"); resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "error") {
		t.Errorf("/api/overview: %d %s", resp.StatusCode, body)
	}
	if resp, _ := c.post("/inlamning/2/granska", url.Values{"csrf": {"x"}}); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous POST: %d, want 401", resp.StatusCode)
	}
}

func TestLoginCookieCSRFAndRateLimit(t *testing.T) {
	e := newTestEnv(t)
	ts := e.serve(t)
	c := e.client(t)
	resp, _ := c.tryLogin("anna", officerPassword, "https://evil.example/")
	if resp.Header.Get("Location") != "/oversikt" {
		t.Errorf("open redirect: %q", resp.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == sessionCookie {
			cookie = ck
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Secure {
		t.Errorf("session cookie %+v: want HttpOnly, SameSite=Lax, not Secure over plain HTTP", cookie)
	}
	// behind a TLS proxy the cookie is Secure
	tls := e.client(t)
	token := tls.csrf("/login")
	loginURL, _ := url.Parse(ts.URL + "/login")
	req, _ := http.NewRequest("POST", ts.URL+"/login", strings.NewReader(url.Values{"username": {"anna"}, "password": {officerPassword}, "csrf": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", ts.URL)
	for _, ck := range tls.c.Jar.Cookies(loginURL) {
		req.AddCookie(ck)
	}
	req.Header.Set("X-Forwarded-Proto", "https")
	r2, _ := http.DefaultTransport.RoundTrip(req)
	secure := false
	for _, ck := range r2.Cookies() {
		secure = secure || ck.Name == sessionCookie && ck.Secure
	}
	if !secure {
		t.Errorf("behind TLS: cookies %v, want a Secure session cookie", r2.Cookies())
	}
	// a POST without the CSRF token is refused
	if resp, _ := c.post("/inlamning/2/granska", url.Values{"comment": {"x"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("POST without CSRF: %d, want 403", resp.StatusCode)
	}
	token = c.csrf("/inlamning/2")
	if resp, _ := c.post("/inlamning/2/granska", url.Values{"comment": {"ok"}, "csrf": {token}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("POST with CSRF: %d, want 303", resp.StatusCode)
	}
	if _, body := c.get("/inlamning/2"); !strings.Contains(body, "Granskad av anna") {
		t.Error("the review is not shown on the report")
	}
	// the version the correction replaced takes no review
	token = c.csrf("/inlamning/1")
	if resp, body := c.post("/inlamning/1/granska", url.Values{"comment": {"ok"}, "csrf": {token}}); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "ersatt version") {
		t.Errorf("review of a superseded version: %d, want 400 with a Swedish reason", resp.StatusCode)
	}
	if resp, _ := c.post("/inlamning/1/godta", url.Values{"code": {"late"}, "comment": {"ok"}, "csrf": {token}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("accepting a finding of a superseded version: %d, want 400", resp.StatusCode)
	}
	// five wrong passwords, then even the right one is refused for a while
	bad := e.client(t)
	for i := 0; i < 5; i++ {
		if resp, _ := bad.tryLogin("lars", "fel", ""); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d", i, resp.StatusCode)
		}
	}
	if resp, body := bad.tryLogin("lars", readerPassword, ""); resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "För många") {
		t.Errorf("after five failures: %d", resp.StatusCode)
	}
}

func TestReaderCannotAct(t *testing.T) {
	e := newTestEnv(t)
	c := e.clientAs(t, "lars")
	_, body := c.get("/inlamning/1")
	if strings.Contains(body, "Markera som granskad") || strings.Contains(body, "Godta") {
		t.Error("a reader is offered actions")
	}
	token := reCSRF.FindStringSubmatch(body)[1] // the logout form's token
	for _, p := range []string{"/inlamning/2/granska", "/inlamning/1/omkontroll", "/inlamning/1/godta"} {
		if resp, _ := c.post(p, url.Values{"csrf": {token}, "comment": {"x"}, "code": {"late"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("reader POST %s: %d, want 403", p, resp.StatusCode)
		}
	}
}

func TestPagesAndAPI(t *testing.T) {
	e := newTestEnv(t)
	c := e.clientAs(t, "anna")

	_, body := c.get("/oversikt?inkommen=late")
	if n := strings.Count(body, `<th scope="row">`); n != 2 {
		t.Errorf("filter late: %d rows, want 2 (Skåne, Västerbotten)", n)
	}
	_, body = c.get("/oversikt?sort=-errors")
	if i, j := strings.Index(body, "Västra Götalandsregionen"), strings.Index(body, "Region Blekinge"); i < 0 || j < 0 || i > j {
		t.Error("sort by errors, descending: VGR (7 errors) not before Blekinge (0)")
	}

	// the over-limit report: bar marked over, insats table, choices, findings linking to questions
	var vgr int64
	mustGet(t, e.st.DB(), &vgr, `SELECT id FROM submissions WHERE organisation = 'vastragotaland'`)
	_, body = c.get("/inlamning/" + itoa(vgr))
	for _, want := range []string{`class="bar over"`, "Över gränsen med 100 tecken", "6 av högst 5 insatser", `href="#fraga-1-1"`, `id="fraga-3-4"`,
		"Namn på insats och kort beskrivning", "inget val", "vgregion.se", "Ladda ned meddelandet"} {
		if !strings.Contains(body, want) {
			t.Errorf("report page lacks %q", want)
		}
	}
	resp, raw := c.get("/inlamning/" + itoa(vgr) + "/original")
	if resp.Header.Get("Content-Type") != "message/rfc822" || !strings.Contains(raw, "Message-ID") {
		t.Errorf("original: %s", resp.Header.Get("Content-Type"))
	}

	_, body = c.get("/versioner/vasterbotten")
	if !strings.Contains(body, "Version 1 och version 2") || !strings.Contains(body, "<ins>") {
		t.Error("versions page lacks the diff")
	}

	_, body = c.get("/otilldelade")
	m := regexp.MustCompile(`action="/inlamning/(\d+)/tilldela"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no unassigned submission offered")
	}
	token := c.csrf("/otilldelade")
	if resp, _ := c.post("/inlamning/"+m[1]+"/tilldela", url.Values{"csrf": {token}, "organisation": {"dalarna"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("assign: %d", resp.StatusCode)
	}
	_, body = c.get("/otilldelade")
	if !strings.Contains(body, "Inga otilldelade") {
		t.Error("still unassigned after assigning")
	}

	_, body = c.get("/api/overview")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(body), &rows); err != nil || len(rows) != 21 {
		t.Fatalf("api overview: %v %d", err, len(rows))
	}
	_, body = c.get("/api/submissions/" + itoa(vgr))
	var sub struct {
		Result struct {
			Findings []map[string]any `json:"findings"`
		} `json:"result"`
	}
	if err := json.Unmarshal([]byte(body), &sub); err != nil || len(sub.Result.Findings) == 0 {
		t.Errorf("api submission: %v", err)
	}
	resp, csvBody := c.get("/export/oversikt.csv")
	if !strings.HasPrefix(csvBody, "\ufeffOrganisation;Inkommen;Dagar för sent;") || strings.Count(csvBody, "\n") != 22 || !strings.Contains(resp.Header.Get("Content-Disposition"), "oversikt.csv") {
		t.Errorf("csv export: %.100q", csvBody)
	}
	if resp, _ := c.get("/inlamning/9999"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("missing submission: %d", resp.StatusCode)
	}
}

func itoa(n int64) string { return jsonInt(n) }

func jsonInt(n int64) string { b, _ := json.Marshal(n); return string(b) }

// mustGet is sqlx's Get for the tests: a query that fails or finds no row
// fails the test instead of leaving dest at zero.
func mustGet(t testing.TB, db *sqlx.DB, dest any, query string, args ...any) {
	t.Helper()
	if err := db.Get(dest, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}
