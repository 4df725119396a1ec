package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// TestLoginRaceReservesBeforeBcrypt sends 100 wrong passwords for one
// account at once, each from its own address behind a trusted proxy (so
// only the per-username limit can stop them), holds every password check
// until all have arrived, then sends the right password. The limit must
// have let at most five checks start, and the right password must be
// refused while five are still pending.
func TestLoginRaceReservesBeforeBcrypt(t *testing.T) {
	e := newTestEnv(t)
	e.srv.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128")}
	var calls, answered atomic.Int32
	gate := make(chan struct{})
	check := e.srv.authenticate
	e.srv.authenticate = func(ctx context.Context, username, password string) (*store.User, error) {
		calls.Add(1)
		<-gate
		return check(ctx, username, password)
	}
	ts := e.serve(t)
	c := e.client(t)
	token := c.csrf("/login")

	guess := func(i int, password string) (int, bool) {
		form := url.Values{"username": {"anna"}, "password": {password}, "csrf": {token}, "next": {"/oversikt"}}
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", ts.URL)
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i))
		resp, err := c.c.Do(req)
		answered.Add(1)
		if err != nil {
			t.Error(err)
			return 0, false
		}
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body)
		session := false
		for _, ck := range resp.Cookies() {
			session = session || ck.Name == sessionCookie && ck.MaxAge > 0
		}
		return resp.StatusCode, session
	}
	// waitFor waits until n requests are either answered or held in the
	// password check (a generous bound: it only fails on a hang).
	waitFor := func(n int32) {
		deadline := time.Now().Add(60 * time.Second)
		for calls.Load()+answered.Load() < n {
			if time.Now().After(deadline) {
				close(gate)
				t.Fatalf("only %d checks and %d answers of %d", calls.Load(), answered.Load(), n)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}

	statuses := make(chan int, 101)
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Go(func() {
			status, session := guess(i, "fel-lösenord")
			if session {
				t.Errorf("guess %d got a session", i)
			}
			statuses <- status
		})
	}
	waitFor(100)
	var rightStatus int
	var rightSession bool
	wg.Go(func() { rightStatus, rightSession = guess(200, officerPassword) })
	waitFor(101)
	close(gate)
	wg.Wait()
	close(statuses)

	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	if n := calls.Load(); n > 5 || n < 1 {
		t.Errorf("%d password checks, want 1 to 5 (the limit)", n)
	}
	if rightStatus == http.StatusSeeOther || rightSession {
		t.Errorf("the right password after 100 parallel guesses logged in (%d)", rightStatus)
	}
	if rightStatus != http.StatusTooManyRequests {
		t.Errorf("the right password: %d, want 429", rightStatus)
	}
	if count[http.StatusUnauthorized] != int(calls.Load()) || count[http.StatusTooManyRequests] != 100-int(calls.Load()) {
		t.Errorf("answers %v for %d checks, want one 401 per check and 429 for the rest", count, calls.Load())
	}
}

func TestLimitKeyIsBounded(t *testing.T) {
	long := strings.Repeat("x", 8<<20)
	k1, k2 := limitKey("user", long), limitKey("user", long+"y")
	if len(k1) > maxKeyBytes || len(k2) > maxKeyBytes || k1 == k2 {
		t.Errorf("keys of 8 MB usernames: %d and %d bytes, equal %v; want at most %d bytes and different", len(k1), len(k2), k1 == k2, maxKeyBytes)
	}
	if k := limitKey("user", "anna"); k != "user:anna" {
		t.Errorf("short key %q, want user:anna", k)
	}
	if limitKey("user", "x") == limitKey("ip", "x") {
		t.Error("different kinds share a key")
	}
}

func TestLimiterEntriesAreCappedAndExpire(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	l := newLimiter(5, 5*time.Minute)
	l.now = func() time.Time { return now }
	full := 0
	l.onFull = func() { full++ }
	for i := range maxEntries / 2 {
		if _, ok := l.reserve(fmt.Sprintf("ip:%d", i), fmt.Sprintf("user:u%d", i)); !ok {
			t.Fatalf("reservation %d refused before the table is full", i)
		}
	}
	if l.size() != maxEntries {
		t.Fatalf("%d entries, want %d", l.size(), maxEntries)
	}
	for i := range 3 {
		if _, ok := l.reserve(fmt.Sprintf("ip:new%d", i), "user:new"); ok {
			t.Error("a new key was taken into a full table")
		}
	}
	if l.size() != maxEntries || full != 1 {
		t.Errorf("%d entries, full reported %d times; want %d and once", l.size(), full, maxEntries)
	}
	if _, ok := l.reserve("ip:1", "user:u1"); !ok {
		t.Error("a key already held is refused when the table is full")
	}
	now = now.Add(5 * time.Minute)
	if _, ok := l.reserve("ip:new", "user:new"); !ok {
		t.Error("after the window a new key is still refused")
	}
	if l.size() != 2 {
		t.Errorf("%d entries after the window, want 2 (the expired ones swept)", l.size())
	}
}

func TestLimiterTimerSweeps(t *testing.T) {
	l := newLimiter(5, 20*time.Millisecond)
	for i := range 100 {
		l.reserve(fmt.Sprintf("ip:%d", i))
	}
	deadline := time.Now().Add(10 * time.Second)
	for l.size() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d entries still held long after the window, with no new login", l.size())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestLimiterCountsPendingAndGivesBackSuccess(t *testing.T) {
	l := newLimiter(2, time.Hour)
	r1, ok1 := l.reserve("user:a")
	_, ok2 := l.reserve("user:a")
	if _, ok3 := l.reserve("user:a"); !ok1 || !ok2 || ok3 {
		t.Fatalf("two pending attempts: a third allowed %v, want refused", ok3)
	}
	r1(true)
	if _, ok := l.reserve("user:a"); !ok {
		t.Error("a successful attempt still counts")
	}
}

// TestOverlongUsernames: failed logins with usernames near the body cap
// keep only bounded keys and never log the whole name.
func TestOverlongUsernames(t *testing.T) {
	e := newTestEnv(t)
	var logs syncBuffer
	e.srv.Log = slog.New(slog.NewTextHandler(&logs, nil))
	c := e.client(t)
	name := strings.Repeat("x", 60000) // within the body cap
	for i := range 20 {
		resp, body := c.tryLogin(fmt.Sprintf("%d%s", i, name), "x", "")
		if resp.StatusCode != http.StatusUnauthorized && resp.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("login %d: %d", i, resp.StatusCode)
		}
		if len(body) > 20000 {
			t.Errorf("login %d: a page of %d bytes shows the username again", i, len(body))
		}
	}
	e.srv.limiter.mu.Lock()
	for k := range e.srv.limiter.entries {
		if len(k) > maxKeyBytes {
			t.Errorf("limiter key of %d bytes", len(k))
		}
	}
	e.srv.limiter.mu.Unlock()
	out := logs.String()
	if strings.Contains(out, strings.Repeat("x", 100)) || len(out) > 20*1000 {
		t.Errorf("logs hold %d bytes and the long username: %.300s", len(out), out)
	}
	if !strings.Contains(out, "username_bytes=60001") {
		t.Errorf("logs lack the username's length: %.300s", out)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestClientAddr(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8:1::/48")}
	for _, tc := range []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"untrusted peer, no header", "203.0.113.5:4000", nil, "203.0.113.5"},
		{"untrusted peer: header ignored", "203.0.113.5:4000", []string{"198.51.100.1"}, "203.0.113.5"},
		{"trusted peer, no header", "10.0.0.1:4000", nil, "10.0.0.1"},
		{"trusted peer: forwarded client", "10.0.0.1:4000", []string{"198.51.100.1"}, "198.51.100.1"},
		{"rightmost untrusted, spoofed left part ignored", "10.0.0.1:4000", []string{"1.1.1.1, 198.51.100.1, 10.0.0.2"}, "198.51.100.1"},
		{"several headers read as one list", "10.0.0.1:4000", []string{"1.1.1.1", "198.51.100.1,10.9.9.9"}, "198.51.100.1"},
		{"only proxies: the leftmost", "10.0.0.1:4000", []string{"10.0.0.3, 10.0.0.2"}, "10.0.0.3"},
		{"garbage stops at the last good hop", "10.0.0.1:4000", []string{"198.51.100.1, junk, 10.0.0.2"}, "10.0.0.2"},
		{"garbage right after the peer", "10.0.0.1:4000", []string{"198.51.100.1, junk"}, "10.0.0.1"},
		{"ports and brackets", "[2001:db8:1::5]:443", []string{"[2001:db8:2::7]:5555"}, "2001:db8:2::7"},
		{"ipv4 with port", "10.0.0.1:4000", []string{"198.51.100.1:1234"}, "198.51.100.1"},
		{"mapped ipv4 peer", "[::ffff:10.0.0.1]:4000", []string{"198.51.100.1"}, "198.51.100.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.RemoteAddr = tc.peer
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := clientAddr(r, trusted).String(); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
	if k := addrKey(netip.MustParseAddr("2001:db8:2::7")); k != "ip:2001:db8:2::/64" {
		t.Errorf("ipv6 key %q, want the /64", k)
	}
}

// TestOneOfficeCannotLockOutAnother: behind a trusted proxy, five failures
// from one office's address do not stop a user at another office; without
// the proxy trusted, X-Forwarded-For is ignored and both count as the
// proxy's address.
func TestOneOfficeCannotLockOutAnother(t *testing.T) {
	for _, trust := range []bool{true, false} {
		t.Run(fmt.Sprintf("trusted=%v", trust), func(t *testing.T) {
			e := newTestEnv(t)
			if trust {
				e.srv.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
			}
			ts := e.serve(t)
			c := e.client(t)
			login := func(from, user, password string) int {
				form := url.Values{"username": {user}, "password": {password}, "csrf": {c.csrf("/login")}}
				req, _ := http.NewRequest(http.MethodPost, ts.URL+"/login", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Origin", ts.URL)
				req.Header.Set("X-Forwarded-For", from)
				resp, err := c.c.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				return resp.StatusCode
			}
			for i := range 5 {
				if got := login("198.51.100.10", fmt.Sprintf("nobody%d", i), "fel"); got != http.StatusUnauthorized {
					t.Fatalf("failure %d: %d", i, got)
				}
			}
			if got := login("198.51.100.10", "nobody9", "fel"); got != http.StatusTooManyRequests {
				t.Errorf("sixth failure from the same office: %d, want 429", got)
			}
			got := login("198.51.100.20", "anna", officerPassword)
			if trust && got != http.StatusSeeOther {
				t.Errorf("another office's user: %d, want 303 (logged in)", got)
			}
			if !trust && got != http.StatusTooManyRequests {
				t.Errorf("without a trusted proxy the header was believed: %d, want 429", got)
			}
		})
	}
}

// TestBodyCap: large bodies are refused with 413 before they are read,
// also without a Content-Length, and multipart is never parsed (no
// temporary files).
func TestBodyCap(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	e := newTestEnv(t)
	ts := e.serve(t)
	c := e.client(t)
	token := c.csrf("/login")

	send := func(body io.Reader, contentType string, length int64) int {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/login", body)
		req.ContentLength = length
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Origin", ts.URL)
		resp, err := c.c.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", contentType, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode >= 400 && !strings.Contains(string(b), "lang=\"sv\"") {
			t.Errorf("%d without a Swedish page", resp.StatusCode)
		}
		return resp.StatusCode
	}
	big := "username=anna&password=" + strings.Repeat("x", 8<<20) + "&csrf=" + token
	if got := send(strings.NewReader(big), "application/x-www-form-urlencoded", int64(len(big))); got != http.StatusRequestEntityTooLarge {
		t.Errorf("8 MB form with Content-Length: %d, want 413", got)
	}
	chunked := "username=anna&password=" + strings.Repeat("x", 200<<10) + "&csrf=" + token
	if got := send(io.MultiReader(strings.NewReader(chunked)), "application/x-www-form-urlencoded", -1); got != http.StatusRequestEntityTooLarge {
		t.Errorf("200 KB chunked form: %d, want 413", got)
	}

	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	mw.WriteField("username", "anna")
	mw.WriteField("csrf", token)
	fw, _ := mw.CreateFormFile("password", "big.bin")
	fw.Write(bytes.Repeat([]byte("x"), 40<<20))
	mw.Close()
	if got := send(bytes.NewReader(mp.Bytes()), mw.FormDataContentType(), int64(mp.Len())); got != http.StatusRequestEntityTooLarge {
		t.Errorf("40 MB multipart upload: %d, want 413", got)
	}
	if got := send(io.MultiReader(bytes.NewReader(mp.Bytes())), mw.FormDataContentType(), -1); got != http.StatusRequestEntityTooLarge && got != http.StatusUnsupportedMediaType {
		t.Errorf("40 MB chunked multipart upload: %d, want 413 or 415", got)
	}
	var small bytes.Buffer
	mw = multipart.NewWriter(&small)
	mw.WriteField("username", "anna")
	mw.WriteField("password", officerPassword)
	mw.WriteField("csrf", token)
	mw.Close()
	if got := send(&small, mw.FormDataContentType(), int64(small.Len())); got != http.StatusUnsupportedMediaType {
		t.Errorf("small multipart login: %d, want 415", got)
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("temporary files written: %v", entries)
	}
	// a form just under the cap still goes through
	c.login("anna", officerPassword)
	csrf := c.csrf("/inlamning/1")
	if resp, _ := c.post("/inlamning/2/granska", url.Values{"csrf": {csrf}, "comment": {strings.Repeat("ok ", 20000)}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a 60 KB comment: %d, want 303", resp.StatusCode)
	}
}

func TestLoginCSRF(t *testing.T) {
	e := newTestEnv(t)
	c := e.client(t)
	token := c.csrf("/login")
	other := e.client(t)
	otherToken := other.csrf("/login")
	if token == otherToken {
		t.Fatal("two visitors got the same login token")
	}
	if token != c.csrf("/login") {
		t.Error("the token changed on reload: two tabs would not both work")
	}
	for _, tc := range []struct {
		name   string
		client *client
		token  string
	}{
		{"no token", c, ""},
		{"another visitor's token", c, otherToken},
		{"token without its cookie", e.client(t), token},
		{"forged token", c, strings.Repeat("A", 43)},
	} {
		resp, body := tc.client.post("/login", url.Values{"username": {"anna"}, "password": {officerPassword}, "csrf": {tc.token}})
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "Inloggningsformuläret har gått ut") {
			t.Errorf("%s: %d, want 403 with a Swedish message", tc.name, resp.StatusCode)
		}
		for _, ck := range resp.Cookies() {
			if ck.Name == sessionCookie {
				t.Errorf("%s: a session cookie was set", tc.name)
			}
		}
		// the refusal carries a fresh form: sending it again works
		if m := reCSRF.FindStringSubmatch(body); m == nil {
			t.Errorf("%s: the refusal has no new form", tc.name)
		}
	}
	if resp, _ := c.tryLogin("anna", officerPassword, "/otilldelade"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/otilldelade" {
		t.Errorf("with the token: %d to %q, want 303 to /otilldelade", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestOriginCheck(t *testing.T) {
	e := newTestEnv(t)
	ts := e.serve(t)
	c := e.clientAs(t, "anna")
	csrf := c.csrf("/inlamning/1")
	u, _ := url.Parse(ts.URL)
	for _, tc := range []struct {
		name, origin, referer string
		want                  int
	}{
		{"same origin", ts.URL, "", http.StatusSeeOther},
		{"same host, other port", "http://" + u.Hostname() + ":1", "", http.StatusSeeOther},
		{"referer of this site", "", ts.URL + "/inlamning/1", http.StatusSeeOther},
		{"other origin", "https://evil.example", "", http.StatusForbidden},
		{"other origin, own referer", "https://evil.example", ts.URL + "/inlamning/1", http.StatusForbidden},
		{"host as a prefix", "http://" + u.Hostname() + ".evil.example", "", http.StatusForbidden},
		{"null origin", "null", "", http.StatusForbidden},
		{"other referer", "", "https://evil.example/x", http.StatusForbidden},
		{"neither", "", "", http.StatusForbidden},
		{"not a web origin", "file://" + u.Host, "", http.StatusForbidden},
	} {
		form := url.Values{"csrf": {csrf}, "comment": {tc.name}}
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/inlamning/2/granska", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if tc.origin != "" {
			req.Header.Set("Origin", tc.origin)
		}
		if tc.referer != "" {
			req.Header.Set("Referer", tc.referer)
		}
		resp, err := c.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, resp.StatusCode, tc.want)
		}
		if tc.want == http.StatusForbidden && !strings.Contains(string(b), "inte från den här webbplatsen") {
			t.Errorf("%s: no Swedish reason", tc.name)
		}
	}
	// the login form is checked too
	token := c.csrf("/login")
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/login", strings.NewReader(url.Values{"username": {"anna"}, "password": {officerPassword}, "csrf": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	resp, err := c.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site login: %d, want 403", resp.StatusCode)
	}
}

func TestSafeNext(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/oversikt", "/oversikt"},
		{"/inlamning/4?x=1#fraga-1-1", "/inlamning/4?x=1#fraga-1-1"},
		{"/login?next=%2Foversikt", "/login?next=%2Foversikt"},
		{"/versioner/v%C3%A4sterbotten", "/versioner/v%C3%A4sterbotten"},
		{"", "/oversikt"},
		{"oversikt", "/oversikt"},
		{"//evil.example/", "/oversikt"},
		{"/\\evil.example/", "/oversikt"},
		{"\\\\evil.example", "/oversikt"},
		{"/\t/evil.example/", "/oversikt"},
		{"/\n/evil.example/", "/oversikt"},
		{"/\r/evil.example/", "/oversikt"},
		{"/ /evil.example/", "/oversikt"},
		{"/\x00/evil.example/", "/oversikt"},
		{"/\x7f", "/oversikt"},
		{"/\u00a0/evil.example/", "/oversikt"},
		{"/\u3000/evil.example/", "/oversikt"},
		{"/väg", "/oversikt"},
		{"https://evil.example/", "/oversikt"},
		{"javascript:alert(1)", "/oversikt"},
		{"/" + strings.Repeat("a", 3000), "/oversikt"},
	} {
		if got := safeNext(tc.in); got != tc.want {
			t.Errorf("safeNext(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzSafeNext: whatever comes in, what goes out is the fallback or the
// input itself, and it stays on this site.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/oversikt", "//evil.example", "/\\evil", "/\t/evil.example/", "/a?b=c#d", "/%2F%2Fevil", "https://x/", "/./../x", "/@evil.example"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://villkor.example/inlamning/4")
	f.Fuzz(func(t *testing.T, in string) {
		out := safeNext(in)
		if out != "/oversikt" && out != in {
			t.Fatalf("safeNext(%q) = %q: neither the input nor the fallback", in, out)
		}
		ref, err := url.Parse(out)
		if err != nil {
			t.Fatalf("safeNext(%q) = %q, which does not parse: %v", in, out, err)
		}
		if u := base.ResolveReference(ref); u.Host != "villkor.example" || u.Scheme != "https" {
			t.Fatalf("safeNext(%q) = %q leads to %s", in, out, u)
		}
		if strings.ContainsAny(out, "\\\t\r\n ") {
			t.Fatalf("safeNext(%q) = %q holds a character browsers rewrite", in, out)
		}
	})
}
