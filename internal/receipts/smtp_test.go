package receipts

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log/slog"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/tillvaxtverket/villkorsintag/internal/mailtls"
	"github.com/tillvaxtverket/villkorsintag/internal/mailtls/mailtlstest"
	"github.com/tillvaxtverket/villkorsintag/internal/oauth/oauthtest"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

const sender = "villkorsrapport@myndighet.se"

// secureServer is go-smtp's server with TLS (STARTTLS, or implicit) and
// SASL XOAUTH2 / OAUTHBEARER checking the token server's tokens, as
// Exchange Online does it: a refused token is 535 5.7.3.
type secureServer struct {
	addr string
	ts   *oauthtest.TokenServer
	// mechs are the AUTH mechanisms offered.
	mechs []string

	mu       sync.Mutex
	logins   []string // mechanism user, per successful AUTH
	refusals int
	mails    int // MAIL commands, with or without AUTH
	got      []received
}

type secureSession struct {
	s      *secureServer
	authed bool
	from   string
	to     []string
}

func (s *secureServer) NewSession(*smtp.Conn) (smtp.Session, error) { return &secureSession{s: s}, nil }

func (se *secureSession) AuthMechanisms() []string { return se.s.mechs }

// refusal turns a SASL failure into Exchange's answer.
type refusal struct {
	se   *secureSession
	mech string
	srv  sasl.Server
}

func (r *refusal) Next(resp []byte) ([]byte, bool, error) {
	ch, done, err := r.srv.Next(resp)
	if err != nil {
		r.se.s.mu.Lock()
		r.se.s.refusals++
		r.se.s.mu.Unlock()
		return nil, true, &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 3}, Message: "Authentication unsuccessful"}
	}
	if done {
		r.se.authed = true
		r.se.s.mu.Lock()
		r.se.s.logins = append(r.se.s.logins, r.mech)
		r.se.s.mu.Unlock()
	}
	return ch, done, nil
}

func (se *secureSession) Auth(mech string) (sasl.Server, error) {
	switch mech {
	case "XOAUTH2":
		return &refusal{se, mech, se.s.ts.XOAUTH2Server()}, nil
	case sasl.OAuthBearer:
		return &refusal{se, mech, se.s.ts.OAuthBearerServer()}, nil
	case sasl.Plain:
		return &refusal{se, mech, sasl.NewPlainServer(func(_, user, pass string) error {
			if user != sender || pass != "smtp-lösen" {
				return errors.New("wrong password")
			}
			return nil
		})}, nil
	}
	return nil, errors.New("unsupported mechanism")
}

func (se *secureSession) Mail(from string, _ *smtp.MailOptions) error {
	se.s.mu.Lock()
	se.s.mails++
	se.s.mu.Unlock()
	if !se.authed {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 57}, Message: "Client not authenticated to send mail"}
	}
	se.from = from
	return nil
}
func (se *secureSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	se.to = append(se.to, to)
	return nil
}
func (se *secureSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	se.s.mu.Lock()
	se.s.got = append(se.s.got, received{se.from, se.to, b})
	se.s.mu.Unlock()
	return nil
}
func (se *secureSession) Reset()        {}
func (se *secureSession) Logout() error { return nil }

type serverTLS struct {
	cfg      *tls.Config // nil: no TLS at all (STARTTLS not offered)
	implicit bool
}

func startSecure(t *testing.T, ts *oauthtest.TokenServer, st serverTLS, mechs ...string) *secureServer {
	t.Helper()
	s := &secureServer{ts: ts, mechs: mechs}
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = st.cfg == nil // only the stripping test has no TLS
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case st.implicit:
		ln = tls.NewListener(ln, st.cfg)
	case st.cfg != nil:
		srv.TLSConfig = st.cfg
	}
	s.addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

func (s *secureServer) state() (logins []string, refusals, mails, delivered int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.logins), s.refusals, s.mails, len(s.got)
}

// oauthEnv is a receipts env sending through srv with smtp.auth oauth2.
func oauthEnv(t *testing.T, srv *secureServer, ts *oauthtest.TokenServer, caFile, tlsMode string) (*env, *logBuffer) {
	e := newEnv(t, srv.addr)
	logs := &logBuffer{}
	cfg := e.r.cfg
	cfg.TLS, cfg.CAFile, cfg.User, cfg.Auth = tlsMode, caFile, sender, "oauth2"
	cfg.OAuth.TokenURL, cfg.OAuth.ClientID, cfg.OAuth.ClientSecret, cfg.OAuth.Scope = ts.TokenURL(), oauthtest.ClientID, oauthtest.ClientSecret, oauthtest.Scope
	r := New(cfg, e.st, slog.New(slog.NewTextHandler(logs, nil)), nil)
	r.now = func() time.Time { return e.now }
	e.r = r
	e.pipe.After = r.AfterIngest
	return e, logs
}

type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *logBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

func localCert(t *testing.T, ca *mailtlstest.CA) *tls.Config {
	return ca.ServerConfig(t, []string{"localhost", "127.0.0.1"}, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
}

// Receipts over STARTTLS and implicit TLS, verified against smtp.ca_file,
// logged in with a client-credentials token: by OAUTHBEARER where the
// server offers it, by XOAUTH2 where that is all (Exchange Online). The
// token is fetched once for several receipts.
func TestReceiptsWithOAuth2OverVerifiedTLS(t *testing.T) {
	ca := mailtlstest.NewCA(t, "Testmyndighetens CA")
	for _, tt := range []struct {
		name     string
		implicit bool
		mechs    []string
		want     string
	}{
		{"starttls xoauth2", false, []string{"XOAUTH2"}, "XOAUTH2"},
		{"starttls both", false, []string{"XOAUTH2", sasl.OAuthBearer}, sasl.OAuthBearer},
		{"implicit tls xoauth2", true, []string{"XOAUTH2"}, "XOAUTH2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ts := oauthtest.Start(t, sender)
			srv := startSecure(t, ts, serverTLS{cfg: localCert(t, ca), implicit: tt.implicit}, tt.mechs...)
			mode := "starttls"
			if tt.implicit {
				mode = "tls"
			}
			e, logs := oauthEnv(t, srv, ts, ca.File(t), mode)
			e.ingest(t, fixture(t, "skane-late.eml"))
			e.ingest(t, fixture(t, "vasterbotten-ontime.eml"))
			e.r.SendDue(context.Background())
			logins, refusals, _, delivered := srv.state()
			if delivered != 2 || refusals != 0 || len(logins) != 2 || logins[0] != tt.want || logins[1] != tt.want {
				t.Errorf("delivered %d, refusals %d, logins %v; want 2 by %s\n%s", delivered, refusals, logins, tt.want, logs)
			}
			if n := ts.Issued.Load(); n != 1 {
				t.Errorf("%d tokens fetched, want 1 (cached)", n)
			}
			if err := e.r.AuthProblem(); err != nil {
				t.Errorf("auth problem %v", err)
			}
		})
	}
}

// A certificate that is not accepted is a clear error, and nothing is sent
// in the clear: wrong host name, expired, unknown CA, a server that speaks
// only TLS 1.1, and a server that does not offer STARTTLS (stripped).
func TestSMTPTLSFailures(t *testing.T) {
	ca := mailtlstest.NewCA(t, "Testmyndighetens CA")
	other := mailtlstest.NewCA(t, "Någon annans CA")
	now := time.Now()
	tls11 := localCert(t, ca)
	tls11.MinVersion, tls11.MaxVersion = tls.VersionTLS10, tls.VersionTLS11
	for _, tt := range []struct {
		name     string
		server   serverTLS
		trust    *mailtlstest.CA
		mode     string
		wantCert bool
		want     string
	}{
		{"wrong host name", serverTLS{cfg: ca.ServerConfig(t, []string{"smtp.example.se"}, now.Add(-time.Hour), now.Add(time.Hour))}, ca, "starttls", true,
			"it is issued for smtp.example.se, not for the host name in smtp.addr"},
		{"expired", serverTLS{cfg: ca.ServerConfig(t, []string{"localhost", "127.0.0.1"}, now.Add(-48*time.Hour), now.Add(-24*time.Hour)), implicit: true}, ca, "tls", true,
			"it has expired or is not yet valid"},
		{"unknown CA", serverTLS{cfg: localCert(t, ca)}, other, "starttls", true,
			"signed by an authority this host does not trust; set smtp.ca_file"},
		{"TLS 1.1 only", serverTLS{cfg: tls11, implicit: true}, ca, "tls", false, "protocol version"},
		{"STARTTLS stripped", serverTLS{}, ca, "starttls", false, "the server does not offer STARTTLS"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ts := oauthtest.Start(t, sender)
			srv := startSecure(t, ts, tt.server, "XOAUTH2")
			e, _ := oauthEnv(t, srv, ts, tt.trust.File(t), tt.mode)
			_, err := Probe(context.Background(), e.r.cfg)
			var ce *mailtls.CertificateError
			if err == nil || !strings.Contains(err.Error(), tt.want) || errors.As(err, &ce) != tt.wantCert {
				t.Errorf("error %v; want %q (certificate error: %v)", err, tt.want, tt.wantCert)
			}
			if tt.name == "STARTTLS stripped" && !errors.Is(err, ErrNoSTARTTLS) {
				t.Errorf("error %v is not ErrNoSTARTTLS", err)
			}
			out := e.ingest(t, fixture(t, "skane-late.eml"))
			e.r.SendDue(context.Background())
			logins, _, mails, delivered := srv.state()
			if len(logins) != 0 || mails != 0 || delivered != 0 || ts.Issued.Load() != 0 {
				t.Errorf("something went over the connection: logins %v, MAIL %d, delivered %d, tokens %d", logins, mails, delivered, ts.Issued.Load())
			}
			if it := e.receipt(t, out.MessageID); it.State != store.OutboxPending || it.Attempts != 1 || !strings.Contains(it.LastError, tt.want) {
				t.Errorf("outbox %+v; want pending after one attempt with %q", it, tt.want)
			}
		})
	}
}

// A server that sends bytes after its 220 to STARTTLS, before the
// handshake (a man in the middle's injection), is refused.
func TestSMTPSTARTTLSInjectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		buf := make([]byte, 512)
		io.WriteString(c, "220 localhost ESMTP\r\n")
		c.Read(buf) // EHLO
		io.WriteString(c, "250-localhost\r\n250 STARTTLS\r\n")
		c.Read(buf) // STARTTLS
		io.WriteString(c, "220 go ahead\r\n250 AUTH injected\r\n")
		c.Read(buf)
	}()
	ts := oauthtest.Start(t, sender)
	e, _ := oauthEnv(t, &secureServer{addr: ln.Addr().String()}, ts, "", "starttls")
	_, err = Probe(context.Background(), e.r.cfg)
	if err == nil || !strings.Contains(err.Error(), "after its STARTTLS answer, before the TLS handshake: refused") {
		t.Errorf("error %v", err)
	}
}

// A refused token: a clear log line and a /healthz reason, no receipt's
// attempt counts and the outbox waits; a failing token endpoint is waited
// out with back-off; once the token is valid again the receipt goes.
func TestSMTPTokenRefusedThenValid(t *testing.T) {
	ca := mailtlstest.NewCA(t, "Testmyndighetens CA")
	ts := oauthtest.Start(t, sender)
	srv := startSecure(t, ts, serverTLS{cfg: localCert(t, ca)}, "XOAUTH2")
	e, logs := oauthEnv(t, srv, ts, ca.File(t), "starttls")
	ts.Revoked.Store(true)
	out := e.ingest(t, fixture(t, "skane-late.eml"))
	e.r.SendDue(context.Background())
	if !strings.Contains(logs.String(), "the server refused the OAuth token") || !strings.Contains(logs.String(), "mechanism=XOAUTH2") {
		t.Errorf("log lacks the refusal:\n%s", logs)
	}
	if err := e.r.AuthProblem(); err == nil || !strings.HasPrefix(err.Error(), "SMTP: token avvisades: ") {
		t.Errorf("auth problem %v, want SMTP: token avvisades: …", err)
	}
	if it := e.receipt(t, out.MessageID); it.State != store.OutboxPending || it.Attempts != 0 {
		t.Errorf("outbox %+v; want pending, no attempt counted", it)
	}
	// while the outbox waits, nothing is tried
	e.r.SendDue(context.Background())
	if _, refusals, _, _ := srv.state(); refusals != 1 {
		t.Errorf("%d refusals, want 1: the outbox did not wait", refusals)
	}
	issued := ts.Issued.Load()

	ts.Revoked.Store(false)
	ts.FailNext.Store(1) // the token endpoint fails once, then works
	e.now = e.now.Add(10 * time.Minute)
	e.r.SendDue(context.Background())
	if err := e.r.AuthProblem(); err == nil || !strings.Contains(err.Error(), "SMTP: token kunde inte hämtas: ") || !strings.Contains(err.Error(), "temporarily_unavailable") {
		t.Errorf("auth problem %v, want the failing token endpoint", err)
	}
	e.now = e.now.Add(10 * time.Minute)
	e.r.SendDue(context.Background())
	if it := e.receipt(t, out.MessageID); it.State != store.OutboxSent || it.Attempts != 1 {
		t.Errorf("outbox %+v; want sent at the first counted attempt", it)
	}
	if ts.Issued.Load() <= issued {
		t.Errorf("no new token after the refusal")
	}
	if err := e.r.AuthProblem(); err != nil {
		t.Errorf("auth problem %v after success", err)
	}
}

// With smtp.auth password: AUTH PLAIN over verified STARTTLS.
func TestReceiptWithPassword(t *testing.T) {
	ca := mailtlstest.NewCA(t, "Testmyndighetens CA")
	ts := oauthtest.Start(t, sender)
	srv := startSecure(t, ts, serverTLS{cfg: localCert(t, ca)}, sasl.Plain, "XOAUTH2")
	for _, tt := range []struct {
		password string
		sent     bool
	}{{"fel", false}, {"smtp-lösen", true}} {
		e := newEnv(t, srv.addr)
		e.r.cfg.TLS, e.r.cfg.CAFile, e.r.cfg.User, e.r.cfg.Password = "starttls", ca.File(t), sender, tt.password
		out := e.ingest(t, fixture(t, "skane-late.eml"))
		e.r.SendDue(context.Background())
		it := e.receipt(t, out.MessageID)
		if (it.State == store.OutboxSent) != tt.sent || !tt.sent && !strings.Contains(it.LastError, "auth PLAIN as "+sender+": SMTP error 535") {
			t.Errorf("password %q: outbox %s %d %q", tt.password, it.State, it.Attempts, it.LastError)
		}
	}
	if logins, _, _, _ := srv.state(); !slices.Equal(logins, []string{sasl.Plain}) || ts.Issued.Load() != 0 {
		t.Errorf("logins %v, tokens %d", logins, ts.Issued.Load())
	}
}
