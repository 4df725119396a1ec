package poller

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/mailtls/mailtlstest"
	"github.com/tillvaxtverket/villkorsintag/internal/memimap"
)

type testCA = mailtlstest.CA

var newTestCA = mailtlstest.NewCA

// tlsDovecot starts a Dovecot with TLS from a certificate of ca for names.
func tlsDovecot(t *testing.T, ca *testCA, implicit bool, names []string, notBefore, notAfter time.Time) (*dovecot, *env) {
	t.Helper()
	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	cert, key := ca.Issue(t, dir, names, notBefore, notAfter)
	ssl := fmt.Sprintf("ssl = required\nssl_cert = <%s\nssl_key = <%s\nssl_min_protocol = TLSv1.2", cert, key)
	d, e := dovecotEnvWith(t, dovecotOptions{SSL: ssl, ImplicitTLS: implicit})
	e.cfg.TLS = "starttls"
	if implicit {
		e.cfg.TLS, e.cfg.Addr = "tls", d.TLSAddr
	}
	return d, e
}

// sessionError runs one session, which must fail, and returns its error.
func sessionError(t *testing.T, e *env) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := e.poller().session(ctx)
	if err == nil || ctx.Err() != nil {
		t.Fatalf("the session did not fail: %v", err)
	}
	return err
}

// A certificate from the test CA, trusted through imap.ca_file, works with
// implicit TLS and with STARTTLS: the backlog is drained over TLS.
func TestDovecotTLSVerified(t *testing.T) {
	t.Parallel() // each has its own Dovecot; they mostly wait on it and on fsync
	for _, implicit := range []bool{true, false} {
		name := map[bool]string{true: "implicit TLS", false: "STARTTLS"}[implicit]
		t.Run(name, func(t *testing.T) {
			ca := newTestCA(t, "Testmyndighetens CA")
			d, e := tlsDovecot(t, ca, implicit, []string{"localhost", "127.0.0.1"}, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
			e.cfg.CAFile = ca.File(t)
			d.Append("INBOX", [][]byte{mail(t, "vasterbotten-ontime.eml"), mail(t, "skane-late.eml")}, time.Now())
			e.start(e.poller())
			eventually(t, 20*time.Second, "the backlog over TLS", func() bool { return d.Count(dovecotProcessed) == 2 })
			if n := e.count(`SELECT count(*) FROM submissions`); n != 2 {
				t.Errorf("%d submissions, want 2", n)
			}
		})
	}
}

// A certificate that does not fit is refused before anything is sent,
// with a message that says why; no submission is stored.
func TestDovecotTLSRefused(t *testing.T) {
	t.Parallel() // each has its own Dovecot; they mostly wait on it and on fsync
	ca := newTestCA(t, "Testmyndighetens CA")
	other := newTestCA(t, "Någon annans CA")
	now := time.Now()
	tests := []struct {
		name       string
		names      []string
		from, to   time.Time
		trust      *testCA
		wantReason string
	}{
		{"wrong host name", []string{"imap.example.se"}, now.Add(-time.Hour), now.Add(time.Hour), ca, "issued for imap.example.se, not for the host name"},
		{"expired", []string{"localhost", "127.0.0.1"}, now.Add(-48 * time.Hour), now.Add(-24 * time.Hour), ca, "expired or is not yet valid"},
		{"unknown CA", []string{"localhost", "127.0.0.1"}, now.Add(-time.Hour), now.Add(time.Hour), other, "signed by an authority this host does not trust"},
	}
	for _, tt := range tests {
		for _, implicit := range []bool{true, false} {
			mode := map[bool]string{true: "implicit TLS", false: "STARTTLS"}[implicit]
			t.Run(tt.name+"/"+mode, func(t *testing.T) {
				_, e := tlsDovecot(t, ca, implicit, tt.names, tt.from, tt.to)
				e.cfg.CAFile = tt.trust.File(t)
				err := sessionError(t, e)
				t.Log(err)
				var ce *CertificateError
				if !errors.As(err, &ce) {
					t.Fatalf("not a certificate error: %v", err)
				}
				if !strings.Contains(err.Error(), tt.wantReason) {
					t.Errorf("error %q lacks %q", err, tt.wantReason)
				}
				if n := e.count(`SELECT count(*) FROM messages`); n != 0 {
					t.Errorf("%d messages stored", n)
				}
			})
		}
	}
}

// A server that does not offer STARTTLS (or someone stripping it on the
// way) ends the session: the password is never sent in the clear.
func TestDovecotSTARTTLSStripped(t *testing.T) {
	t.Parallel() // each has its own Dovecot; they mostly wait on it and on fsync
	d, e := dovecotEnvWith(t, dovecotOptions{})
	e.cfg.TLS = "starttls"
	d.Append("INBOX", [][]byte{mail(t, "noattachment.eml")}, time.Now())
	err := sessionError(t, e)
	if !errors.Is(err, ErrNoSTARTTLS) || !strings.Contains(err.Error(), "not continued without TLS") {
		t.Errorf("error %v, want ErrNoSTARTTLS", err)
	}
	// Dovecot logs through its log process, a little later: its line for
	// the poller's connection says it never tried to log in
	if !d.logShows("(no auth attempts") || strings.Count(d.log(), "Login: user=<"+dovecotUser) != 1 { // the one is the delivery's
		t.Errorf("the poller logged in without TLS:\n%s", d.log())
	}
	if d.Count("INBOX") != 1 {
		t.Error("the message left the inbox")
	}
}

// Below TLS 1.2 is refused: a server that offers at most TLS 1.1 is not
// spoken to (Dovecot's OpenSSL no longer speaks 1.1, so Go's server).
func TestTLSBelow12Refused(t *testing.T) {
	ca := newTestCA(t, "Testmyndighetens CA")
	certFile, keyFile := ca.Issue(t, t.TempDir(), []string{"localhost", "127.0.0.1"}, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { c.Write([]byte("* OK ready\r\n")); c.Close() }()
		}
	}()
	e := newEnv(t, memimap.Options{})
	e.cfg.Addr, e.cfg.TLS, e.cfg.CAFile = ln.Addr().String(), "tls", ca.File(t)
	err = sessionError(t, e)
	if !strings.Contains(err.Error(), "protocol version") {
		t.Errorf("error %v, want a protocol version refusal", err)
	}
}

// With no imap.ca_file the system pool is used: the test CA is put in
// it through SSL_CERT_FILE in a child test process (the pool is read
// once per process).
func TestDovecotTLSSystemPool(t *testing.T) {
	t.Parallel() // each has its own Dovecot; they mostly wait on it and on fsync
	if caFile := os.Getenv("VILLKORSINTAG_TEST_SYSTEM_POOL_CA"); caFile != "" {
		// the child: SSL_CERT_FILE is the test CA
		_, e := dovecotEnvWith(t, dovecotOptions{})
		e.cfg.Addr, e.cfg.TLS = os.Getenv("VILLKORSINTAG_TEST_SYSTEM_POOL_ADDR"), "tls"
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		p := e.poller()
		c, w, err := p.dial(ctx)
		if err != nil {
			t.Fatalf("with the CA in the system pool: %v", err)
		}
		p.wire = w
		defer c.Close()
		if err := p.do("greeting", c.WaitGreeting); err != nil {
			t.Fatal(err)
		}
		return
	}
	ca := newTestCA(t, "Testmyndighetens CA")
	d, _ := tlsDovecot(t, ca, true, []string{"localhost", "127.0.0.1"}, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	for _, trusted := range []bool{true, false} {
		caFile := ca.File(t)
		if !trusted {
			caFile = newTestCA(t, "Någon annans CA").File(t)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestDovecotTLSSystemPool$", "-test.count=1")
		cmd.Env = append(os.Environ(), "SSL_CERT_FILE="+caFile, "SSL_CERT_DIR=/nonexistent",
			"VILLKORSINTAG_TEST_SYSTEM_POOL_CA="+caFile, "VILLKORSINTAG_TEST_SYSTEM_POOL_ADDR="+d.TLSAddr)
		out, err := cmd.CombinedOutput()
		if trusted && err != nil {
			t.Errorf("the system pool with the test CA: %v\n%s", err, out)
		}
		if !trusted && (err == nil || !strings.Contains(string(out), "does not trust")) {
			t.Errorf("a system pool without the test CA was accepted: %v\n%s", err, out)
		}
	}
}
