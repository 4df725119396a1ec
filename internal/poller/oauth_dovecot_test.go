package poller

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/oauth/oauthtest"
)

type tokenServer = oauthtest.TokenServer

const oauthClientID, oauthClientSecret = oauthtest.ClientID, oauthtest.ClientSecret

func startTokenServer(t *testing.T) *tokenServer { return oauthtest.Start(t, dovecotUser) }

// logBuffer is a slog handler's output, safe to read while it is written.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}
func (l *logBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.buf.String() }

// oauthDovecot is a Dovecot whose oauth2 passdb asks the token server
// (plain LOGIN for the test's own deliveries) and a poller set to oauth2.
func oauthDovecot(t *testing.T, mechs string) (*dovecot, *env, *tokenServer) {
	return oauthDovecotWith(t, mechs, "")
}

func oauthDovecotWith(t *testing.T, mechs, ssl string) (*dovecot, *env, *tokenServer) {
	ts := startTokenServer(t)
	args := fmt.Sprintf(`introspection_url = %s/introspect
introspection_mode = post
username_attribute = username
active_attribute = active
active_value = true
`, ts.URL)
	d, e := dovecotEnvWith(t, dovecotOptions{SSL: ssl, AuthMechanisms: "plain login " + mechs,
		Files: map[string]string{"oauth2.conf.ext": args, "passwd": dovecotUser + ":{PLAIN}" + dovecotPassword + "::::::\n"},
		PassDB: fmt.Sprintf(`passdb {
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN {dir}/passwd
}
passdb {
  driver = oauth2
  mechanisms = %s
  args = {dir}/oauth2.conf.ext
}`, mechs)})
	e.cfg.Auth, e.cfg.Password = "oauth2", ""
	e.cfg.OAuth.TokenURL, e.cfg.OAuth.ClientID, e.cfg.OAuth.ClientSecret = ts.URL+"/token", oauthClientID, oauthClientSecret
	e.cfg.OAuth.Scope = "https://outlook.office365.com/.default"
	return d, e, ts
}

func (d *dovecot) log() string {
	b, _ := os.ReadFile(filepath.Join(d.dir, "dovecot.log"))
	return string(b)
}

// logShows waits until Dovecot's log holds s: it logs through its log
// process, a little after the event. False after 10 s without it.
func (d *dovecot) logShows(s string) bool {
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(d.log(), s) {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	return true
}

func backlog(t *testing.T, n, from int) [][]byte {
	var msgs [][]byte
	for i := from; i < from+n; i++ {
		msgs = append(msgs, variantMessage(mail(t, "skane-late.eml"), i))
	}
	return msgs
}

// The poller drains a backlog logged in with a client-credentials token,
// by OAUTHBEARER where the server offers it and by XOAUTH2 where that is
// all it offers (Exchange Online).
func TestDovecotOAuth2Backlog(t *testing.T) {
	t.Parallel() // each has its own Dovecot; they mostly wait on it and on fsync
	for _, tt := range []struct{ mechs, want string }{{"xoauth2 oauthbearer", "method=OAUTHBEARER"}, {"xoauth2", "method=XOAUTH2"}} {
		t.Run(tt.mechs, func(t *testing.T) {
			d, e, ts := oauthDovecot(t, tt.mechs)
			d.Append("INBOX", backlog(t, 20, 0), time.Now())
			e.start(e.poller())
			eventually(t, time.Minute, "the backlog of 20", func() bool { return d.Count(dovecotProcessed) == 20 })
			if n := e.count(`SELECT count(*) FROM submissions`); n != 20 {
				t.Errorf("%d submissions, want 20", n)
			}
			if !d.logShows(tt.want) {
				t.Errorf("dovecot log lacks %s:\n%s", tt.want, d.log())
			}
			if n := ts.Issued.Load(); n != 1 {
				t.Errorf("%d tokens fetched, want 1 (cached)", n)
			}
		})
	}
}

// A token that expires during the session: the session goes on, and the
// next login (after the server dropped the connection) uses a new token,
// fetched before the old one expired — never a refused login.
func TestDovecotOAuth2TokenExpiry(t *testing.T) {
	t.Parallel() // each has its own Dovecot; they mostly wait on it and on fsync
	d, e, ts := oauthDovecot(t, "xoauth2 oauthbearer")
	ts.Lifetime.Store(3) // seconds: renewed 600 ms before it expires
	var logs logBuffer
	p := e.poller()
	p.log = slog.New(slog.NewTextHandler(&logs, nil))
	d.Append("INBOX", backlog(t, 5, 0), time.Now())
	e.start(p)
	eventually(t, 30*time.Second, "the first 5", func() bool { return d.Count(dovecotProcessed) == 5 })
	eventually(t, 30*time.Second, "the session's token to expire", func() bool { return ts.Live() == 0 })
	d.Append("INBOX", backlog(t, 5, 5), time.Now())
	eventually(t, 30*time.Second, "5 more in the same session", func() bool { return d.Count(dovecotProcessed) == 10 })
	d.Stop()
	d.Start()
	d.Append("INBOX", backlog(t, 5, 10), time.Now())
	eventually(t, 30*time.Second, "5 more after a reconnect", func() bool { return d.Count(dovecotProcessed) == 15 })
	if n := ts.Issued.Load(); n < 2 {
		t.Errorf("%d tokens fetched, want a new one after the expiry", n)
	}
	if strings.Contains(logs.String(), "refused the OAuth token") || ts.RefusedIntrospections.Load() != 0 {
		t.Errorf("a login was refused (%d introspections said inactive):\n%s", ts.RefusedIntrospections.Load(), logs.String())
	}
	if n := e.count(`SELECT count(*) FROM submissions`); n != 15 {
		t.Errorf("%d submissions, want 15", n)
	}
}

// A revoked token: a clear log line and a /healthz reason, the messages
// stay in the inbox; once tokens are valid again the backlog is drained.
// A failing token endpoint is retried with back-off.
func TestDovecotOAuth2Revoked(t *testing.T) {
	t.Parallel() // each has its own Dovecot; they mostly wait on it and on fsync
	d, e, ts := oauthDovecot(t, "xoauth2 oauthbearer")
	var logs logBuffer
	p := e.poller()
	p.log = slog.New(slog.NewTextHandler(&logs, nil))
	d.Append("INBOX", backlog(t, 3, 0), time.Now())
	e.start(p)
	eventually(t, 30*time.Second, "the first 3", func() bool { return d.Count(dovecotProcessed) == 3 })

	ts.Revoked.Store(true)
	d.Stop()
	d.Start()
	d.Append("INBOX", backlog(t, 3, 3), time.Now())
	eventually(t, 30*time.Second, "the refused login", func() bool {
		return strings.Contains(logs.String(), "the server refused the OAuth token")
	})
	health := httptest.NewRecorder()
	p.metrics.HealthHandler(time.Hour).ServeHTTP(health, httptest.NewRequest("GET", "/healthz", nil))
	if health.Code != http.StatusServiceUnavailable || !strings.Contains(health.Body.String(), "IMAP: token avvisades: ") {
		t.Errorf("/healthz %d %q, want 503 with the token refusal", health.Code, health.Body.String())
	}
	if d.Count("INBOX") != 3 {
		t.Errorf("%d in the inbox, want the 3 untouched", d.Count("INBOX"))
	}
	issued := ts.Issued.Load()
	ts.FailNext.Store(2) // the endpoint fails twice, then works
	ts.Revoked.Store(false)
	eventually(t, time.Minute, "the 3 after the token is valid again", func() bool { return d.Count(dovecotProcessed) == 6 })
	if n := ts.Issued.Load(); n <= issued {
		t.Errorf("no new token after the refusal (%d issued)", n)
	}
	if !strings.Contains(logs.String(), "temporarily_unavailable") {
		t.Errorf("the failing token endpoint is not in the log:\n%s", logs.String())
	}
	health = httptest.NewRecorder()
	p.metrics.HealthHandler(time.Hour).ServeHTTP(health, httptest.NewRequest("GET", "/healthz", nil))
	if health.Code != http.StatusOK {
		t.Errorf("/healthz %d %q after recovery", health.Code, health.Body.String())
	}
}

// Probe (villkorsintag imap test) over STARTTLS with a token: TLS
// details, the mechanism, the token's expiry, the capabilities and the
// folders; nothing is created or moved.
func TestDovecotProbe(t *testing.T) {
	t.Parallel() // each has its own Dovecot; they mostly wait on it and on fsync
	ca := newTestCA(t, "Testmyndighetens CA")
	dir := t.TempDir()
	cert, key := ca.Issue(t, dir, []string{"localhost", "127.0.0.1"}, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	ssl := fmt.Sprintf("ssl = yes\nssl_cert = <%s\nssl_key = <%s", cert, key)
	d, e, ts := oauthDovecotWith(t, "xoauth2 oauthbearer", ssl)
	ts.Lifetime.Store(600)
	d.Append("INBOX", backlog(t, 2, 0), time.Now())
	e.cfg.TLS, e.cfg.CAFile = "starttls", ca.File(t)
	start := time.Now()
	res, err := Probe(context.Background(), e.cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.TLS == nil || res.TLS.Version < tls.VersionTLS12 || len(res.TLS.PeerCertificates) == 0 ||
		res.TLS.PeerCertificates[0].Issuer.CommonName != "Testmyndighetens CA" {
		t.Errorf("TLS %+v", res.TLS)
	}
	if res.Mechanism != "OAUTHBEARER" {
		t.Errorf("mechanism %q", res.Mechanism)
	}
	if exp := res.Token.Expiry.Sub(start); exp < 590*time.Second || exp > 610*time.Second {
		t.Errorf("token expires in %v, want 600s", exp)
	}
	if !slices.Contains(res.Capabilities, "IDLE") || !slices.Contains(res.Capabilities, "MOVE") {
		t.Errorf("capabilities %v", res.Capabilities)
	}
	want := []ProbeFolder{{"mailbox", "INBOX", true, 2}, {"processed", "Behandlade", false, 0}, {"failed", "Behandlade.Fel", false, 0}}
	if !slices.Equal(res.Folders, want) {
		t.Errorf("folders %+v, want %+v", res.Folders, want)
	}
	if d.Count("INBOX") != 2 || d.Count(dovecotProcessed) != -1 {
		t.Errorf("the probe changed the mailbox: INBOX %d, %s %d", d.Count("INBOX"), dovecotProcessed, d.Count(dovecotProcessed))
	}
}
