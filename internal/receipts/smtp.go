package receipts

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"os"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/tillvaxtverket/villkorsintag/internal/config"
	"github.com/tillvaxtverket/villkorsintag/internal/mailtls"
	"github.com/tillvaxtverket/villkorsintag/internal/oauth"
)

// ErrNoSTARTTLS is a server that, with smtp.tls starttls, does not offer
// or refuses STARTTLS: the connection does not go on without TLS (someone
// on the path may have removed the offer).
var ErrNoSTARTTLS = errors.New("the server does not offer STARTTLS")

// TokenRefusedError is an SMTP server that refused the OAuth token.
type TokenRefusedError struct {
	Mechanism string
	Err       error
}

func (e *TokenRefusedError) Error() string {
	return fmt.Sprintf("the SMTP server refused the OAuth token (%s): %v", e.Mechanism, e.Err)
}

func (e *TokenRefusedError) Unwrap() error { return e.Err }

// NewTokenSource returns the token source for smtp.auth oauth2, else nil.
func NewTokenSource(cfg config.SMTP) *oauth.Source {
	if cfg.Auth != "oauth2" {
		return nil
	}
	return &oauth.Source{TokenURL: cfg.OAuth.TokenURL, ClientID: cfg.OAuth.ClientID, ClientSecret: cfg.OAuth.ClientSecret, Scope: cfg.OAuth.Scope}
}

// conn is one SMTP session, logged in.
type conn struct {
	*smtp.Client
	TLS       *tls.ConnectionState // nil: no TLS
	Mechanism string               // PLAIN, OAUTHBEARER, XOAUTH2 or "" (no AUTH)
	Token     oauth.Token          // with oauth2
}

// commandTimeout bounds each exchange with the SMTP server; the whole
// session has sessionTimeout.
const (
	commandTimeout = 30 * time.Second
	sessionTimeout = 2 * time.Minute
)

// connect opens a session as configured: TLS from the first byte or by
// STARTTLS (refused when the server does not offer it), the certificate
// verified against smtp.ca_file or the system pool, TLS 1.2 at least;
// then AUTH with the password or an OAuth token.
func connect(ctx context.Context, cfg config.SMTP, tokens *oauth.Source) (*conn, error) {
	host, _, _ := net.SplitHostPort(cfg.Addr)
	tlsCfg, err := mailtls.Config(cfg.Addr, cfg.CAFile, cfg.InsecureSkipVerify)
	if err != nil {
		return nil, fmt.Errorf("smtp.ca_file: %w", err)
	}
	dctx, cancel := context.WithTimeout(ctx, commandTimeout)
	defer cancel()
	d := &net.Dialer{}
	raw, err := d.DialContext(dctx, "tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("connect %s: %w", cfg.Addr, err)
	}
	raw.SetDeadline(time.Now().Add(sessionTimeout))
	name, _ := os.Hostname()
	if name == "" {
		name = "localhost"
	}
	var nc net.Conn = raw
	var state *tls.ConnectionState
	switch cfg.TLS {
	case "tls":
		tc := tls.Client(raw, tlsCfg)
		if err := tc.HandshakeContext(dctx); err != nil {
			raw.Close()
			return nil, fmt.Errorf("connect %s: tls: %w", cfg.Addr, mailtls.Explain(host, "smtp", err))
		}
		st := tc.ConnectionState()
		nc, state = tc, &st
	case "starttls":
		tc, err := startTLS(dctx, raw, tlsCfg, name)
		if err != nil {
			raw.Close()
			return nil, fmt.Errorf("connect %s: starttls: %w", cfg.Addr, mailtls.Explain(host, "smtp", err))
		}
		st := tc.ConnectionState()
		// the greeting was read before TLS; the client needs one
		nc, state = &prefixConn{Conn: tc, prefix: []byte("220 " + host + " ESMTP (TLS started)\r\n")}, &st
	}
	c := smtp.NewClient(nc)
	c.CommandTimeout, c.SubmissionTimeout = commandTimeout, sessionTimeout
	s := &conn{Client: c, TLS: state}
	if err := c.Hello(name); err != nil {
		c.Close()
		return nil, fmt.Errorf("greeting from %s: %w", cfg.Addr, err)
	}
	if err := s.login(ctx, cfg, tokens); err != nil {
		c.Close()
		return s, err
	}
	return s, nil
}

// login authenticates: AUTH PLAIN with the password (no AUTH without a
// user), or with oauth2 a token from the cache by OAUTHBEARER where the
// server offers it, else XOAUTH2.
func (s *conn) login(ctx context.Context, cfg config.SMTP, tokens *oauth.Source) error {
	if tokens == nil {
		if cfg.User == "" {
			return nil
		}
		s.Mechanism = sasl.Plain
		if err := s.Auth(sasl.NewPlainClient("", cfg.User, cfg.Password)); err != nil {
			return fmt.Errorf("auth PLAIN as %s: %w", cfg.User, err)
		}
		return nil
	}
	tok, err := tokens.Token(ctx)
	if err != nil {
		return fmt.Errorf("oauth: %w", err)
	}
	s.Token = tok
	var client sasl.Client
	switch {
	case s.SupportsAuth(sasl.OAuthBearer):
		s.Mechanism, client = sasl.OAuthBearer, oauth.NewOAuthBearerClient(cfg.User, tok.AccessToken)
	case s.SupportsAuth("XOAUTH2"):
		s.Mechanism, client = "XOAUTH2", oauth.NewXOAUTH2Client(cfg.User, tok.AccessToken)
	default:
		_, offered := s.Extension("AUTH")
		return fmt.Errorf("auth as %s: the server offers neither AUTH OAUTHBEARER nor AUTH XOAUTH2 (it offers %q)", cfg.User, offered)
	}
	if err := s.Auth(client); err != nil {
		var se *smtp.SMTPError
		var be *sasl.OAuthBearerError
		if errors.As(err, &be) || errors.As(err, &se) && (se.Code == 535 || se.EnhancedCode[0] == 5 && se.EnhancedCode[1] == 7) {
			tokens.Invalidate() // the next attempt asks for a new token
			return fmt.Errorf("auth as %s: %w", cfg.User, &TokenRefusedError{Mechanism: s.Mechanism, Err: err})
		}
		return fmt.Errorf("auth %s as %s: %w", s.Mechanism, cfg.User, err)
	}
	return nil
}

// startTLS reads the greeting, says EHLO and upgrades the connection with
// STARTTLS itself: a server that does not offer it is refused
// (ErrNoSTARTTLS), never used in the clear, and one that sends anything
// between its 220 and the handshake is refused too (those bytes could
// have been injected by someone on the path).
func startTLS(ctx context.Context, raw net.Conn, cfg *tls.Config, helo string) (*tls.Conn, error) {
	stop := context.AfterFunc(ctx, func() { raw.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	br := bufio.NewReaderSize(raw, 4096)
	tp := textproto.NewReader(br)
	if _, _, err := tp.ReadResponse(220); err != nil {
		return nil, fmt.Errorf("greeting: %w", err)
	}
	if _, err := fmt.Fprintf(raw, "EHLO %s\r\n", helo); err != nil {
		return nil, err
	}
	_, msg, err := tp.ReadResponse(250)
	if err != nil {
		return nil, fmt.Errorf("EHLO: %w", err)
	}
	offered := false
	for _, l := range strings.Split(msg, "\n") {
		if strings.EqualFold(strings.TrimSpace(l), "STARTTLS") {
			offered = true
		}
	}
	if !offered {
		return nil, fmt.Errorf("%w (its EHLO answer: %q)", ErrNoSTARTTLS, strings.ReplaceAll(msg, "\n", " "))
	}
	if _, err := raw.Write([]byte("STARTTLS\r\n")); err != nil {
		return nil, err
	}
	if code, msg, err := tp.ReadResponse(220); err != nil {
		return nil, fmt.Errorf("%w: it answered STARTTLS with %d %s", ErrNoSTARTTLS, code, msg)
	}
	if br.Buffered() > 0 {
		return nil, fmt.Errorf("the server sent %d bytes after its STARTTLS answer, before the TLS handshake: refused (they could have been injected)", br.Buffered())
	}
	tc := tls.Client(raw, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, err
	}
	return tc, nil
}

// prefixConn reads prefix before the connection's own bytes.
type prefixConn struct {
	net.Conn
	prefix []byte
}

func (p *prefixConn) Read(b []byte) (int, error) {
	if len(p.prefix) > 0 {
		n := copy(b, p.prefix)
		p.prefix = p.prefix[n:]
		return n, nil
	}
	return p.Conn.Read(b)
}

// ProbeResult is what an SMTP connection test found.
type ProbeResult struct {
	TLS        *tls.ConnectionState // nil: no TLS
	Mechanism  string               // PLAIN, OAUTHBEARER, XOAUTH2, or "" (no AUTH)
	Token      oauth.Token          // with oauth2
	Extensions []string             // the EHLO extensions after TLS that matter here, with their parameters
}

// probeExtensions are the EHLO keywords a probe reports.
var probeExtensions = []string{"AUTH", "SIZE", "8BITMIME", "SMTPUTF8", "PIPELINING", "ENHANCEDSTATUSCODES", "CHUNKING", "DSN", "REQUIRETLS"}

// Probe connects and logs in as the sender would, reads the extensions
// and says QUIT: no message is sent.
func Probe(ctx context.Context, cfg config.SMTP) (*ProbeResult, error) {
	c, err := connect(ctx, cfg, NewTokenSource(cfg))
	if c == nil {
		return nil, err
	}
	res := &ProbeResult{TLS: c.TLS, Mechanism: c.Mechanism, Token: c.Token}
	if err != nil {
		return res, err
	}
	defer c.Close()
	for _, ext := range probeExtensions {
		if ok, param := c.Extension(ext); ok {
			res.Extensions = append(res.Extensions, strings.TrimSpace(ext+" "+param))
		}
	}
	if err := c.Quit(); err != nil {
		return res, fmt.Errorf("QUIT: %w", err)
	}
	return res, nil
}
