package cli

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/tillvaxtverket/villkorsintag/internal/mailtls/mailtlstest"
	"github.com/tillvaxtverket/villkorsintag/internal/oauth/oauthtest"
)

// xoauth2Backend is an SMTP server offering only AUTH XOAUTH2, counting
// MAIL commands (there must be none).
type xoauth2Backend struct {
	ts    *oauthtest.TokenServer
	mails atomic.Int32
}

type xoauth2Session struct{ b *xoauth2Backend }

func (b *xoauth2Backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &xoauth2Session{b}, nil }
func (s *xoauth2Session) AuthMechanisms() []string                    { return []string{"XOAUTH2"} }
func (s *xoauth2Session) Auth(string) (sasl.Server, error) {
	return exchangeRefusal{s.b.ts.XOAUTH2Server()}, nil
}

// exchangeRefusal answers a refused token as Exchange Online does.
type exchangeRefusal struct{ sasl.Server }

func (e exchangeRefusal) Next(resp []byte) ([]byte, bool, error) {
	ch, done, err := e.Server.Next(resp)
	if err != nil {
		err = &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 3}, Message: "Authentication unsuccessful"}
	}
	return ch, done, err
}
func (s *xoauth2Session) Mail(string, *smtp.MailOptions) error {
	s.b.mails.Add(1)
	return errors.New("no mail here")
}
func (s *xoauth2Session) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *xoauth2Session) Data(io.Reader) error                 { return nil }
func (s *xoauth2Session) Reset()                               {}
func (s *xoauth2Session) Logout() error                        { return nil }

func startXOAUTH2SMTP(t *testing.T, ts *oauthtest.TokenServer, tc *tls.Config) (*xoauth2Backend, string) {
	b := &xoauth2Backend{ts: ts}
	srv := smtp.NewServer(b)
	srv.Domain, srv.TLSConfig, srv.AllowInsecureAuth = "localhost", tc, tc == nil
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return b, ln.Addr().String()
}

// smtp test logs in with a token over verified STARTTLS, reports TLS, the
// mechanism, the token's expiry and the extensions, and sends nothing; a
// stripped STARTTLS and a refused token are clear Swedish errors.
func TestSMTPTest(t *testing.T) {
	ca := mailtlstest.NewCA(t, "Testmyndighetens CA")
	ts := oauthtest.Start(t, "villkorsrapport@myndighet.se")
	ts.Lifetime.Store(600)
	b, addr := startXOAUTH2SMTP(t, ts, ca.ServerConfig(t, []string{"127.0.0.1"}, time.Now().Add(-time.Hour), time.Now().Add(time.Hour)))
	smtpEnv := func(addr string) {
		noDefaultDB(t)
		t.Setenv("VILLKORSINTAG_CONFIG", "")
		for k, v := range map[string]string{"IMAP_ADDR": "127.0.0.1:1", "IMAP_TLS": "none", "IMAP_USER": "u", "IMAP_PASSWORD": "p",
			"SMTP_ADDR": addr, "SMTP_TLS": "starttls", "SMTP_CA_FILE": ca.File(t), "SMTP_USER": "villkorsrapport@myndighet.se",
			"SMTP_AUTH": "oauth2", "SMTP_OAUTH_TOKEN_URL": ts.TokenURL(), "SMTP_OAUTH_CLIENT_ID": oauthtest.ClientID,
			"SMTP_OAUTH_CLIENT_SECRET": oauthtest.ClientSecret, "SMTP_FROM": "villkorsrapport@myndighet.se"} {
			t.Setenv("VILLKORSINTAG_"+k, v)
		}
	}
	smtpEnv(addr)
	code, out, errOut := run(t, "smtp", "test")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"Server: " + addr + " (STARTTLS)", "TLS: TLS 1.3", "certifikat för 127.0.0.1, utfärdat av Testmyndighetens CA",
		"kontrollerat mot ", "Inloggning: XOAUTH2 som villkorsrapport@myndighet.se", "Token: från " + ts.TokenURL() + ", scope https://outlook.office365.com/.default, giltig till",
		"Tillägg: AUTH XOAUTH2", "Inget meddelande har skickats.", "Obs: smtp.enabled är av"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := b.mails.Load(); n != 0 {
		t.Errorf("%d MAIL commands: smtp test sent something", n)
	}

	// a server without STARTTLS: refused, exit 2
	_, plain := startXOAUTH2SMTP(t, ts, nil)
	smtpEnv(plain)
	code, out, errOut = run(t, "smtp", "test")
	if code != ExitFailure || !strings.Contains(errOut, "villkorsintag smtp test: servern erbjuder inte STARTTLS; anslutningen fortsätter inte utan TLS") {
		t.Errorf("stripped STARTTLS: exit %d\n%s\n%s", code, out, errOut)
	}
	// a refused token
	ts.Revoked.Store(true)
	smtpEnv(addr)
	code, out, errOut = run(t, "smtp", "test")
	if code != ExitFailure || !strings.Contains(errOut, "villkorsintag smtp test: token avvisades: ") {
		t.Errorf("refused token: exit %d\n%s\n%s", code, out, errOut)
	}
}
