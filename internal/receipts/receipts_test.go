package receipts

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/tillvaxtverket/villkorsintag/internal/config"
	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// smtpServer is go-smtp's server side, recording what it receives; it
// refuses the first failFirst transactions with a temporary error.
type smtpServer struct {
	mu        sync.Mutex
	failFirst int
	tries     int
	got       []received
	addr      string
}

type received struct {
	from string
	to   []string
	data []byte
}

type session struct {
	s    *smtpServer
	from string
	to   []string
}

func (s *smtpServer) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }

func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	se.s.mu.Lock()
	defer se.s.mu.Unlock()
	se.s.tries++
	if se.s.tries <= se.s.failFirst {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "försök senare"}
	}
	se.from = from
	return nil
}
func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error { se.to = append(se.to, to); return nil }
func (se *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	se.s.mu.Lock()
	se.s.got = append(se.s.got, received{se.from, se.to, b})
	se.s.mu.Unlock()
	return nil
}
func (se *session) Reset()        {}
func (se *session) Logout() error { return nil }

func startSMTP(t *testing.T, failFirst int) *smtpServer {
	s := &smtpServer{failFirst: failFirst}
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

func (s *smtpServer) messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.got...)
}

type env struct {
	st   *store.Store
	r    *Receipts
	pipe *ingest.Pipeline
	now  time.Time
}

func newEnv(t *testing.T, addr string) *env {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "r.db"), orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := config.Default().SMTP
	cfg.Enabled, cfg.Addr, cfg.TLS, cfg.MaxPerSenderHour, cfg.MaxAttempts, cfg.RetryBase = true, addr, "none", 3, 4, time.Millisecond
	e := &env{st: st, now: time.Date(2024, 2, 20, 15, 0, 0, 0, time.UTC)}
	e.r = New(cfg, st, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	e.r.now = func() time.Time { return e.now }
	e.pipe = ingest.New(st, orgs.Default(), "test")
	e.pipe.After = e.r.AfterIngest
	return e
}

func fixture(t *testing.T, name string) []byte {
	b, err := os.ReadFile(filepath.Join("../../testdata/mail", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// withHeaders adds header lines to a message (and so changes its bytes).
func withHeaders(raw []byte, lines ...string) []byte {
	return append([]byte(strings.Join(lines, "\r\n")+"\r\n"), raw...)
}

// replaceFrom swaps the From: header.
func replaceFrom(raw []byte, from string) []byte {
	i := bytes.Index(raw, []byte("\r\nFrom: "))
	j := bytes.Index(raw[i+2:], []byte("\r\n"))
	return append(append(append([]byte{}, raw[:i+2]...), []byte("From: "+from)...), raw[i+2+j:]...)
}

func (e *env) ingest(t *testing.T, raw []byte) *ingest.Outcome {
	out, err := e.pipe.Ingest(context.Background(), ingest.Item{Raw: raw, Format: ingest.FormatMail, Source: "file", SourceRef: "t"})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (e *env) receipt(t *testing.T, msg int64) store.OutboxItem {
	items, err := e.st.ReceiptsOf(context.Background(), msg)
	if err != nil || len(items) != 1 {
		t.Fatalf("receipts of message %d: %v %v", msg, items, err)
	}
	return items[0]
}

func TestReceiptIsSentWithReplyHeaders(t *testing.T) {
	srv := startSMTP(t, 0)
	e := newEnv(t, srv.addr)
	out := e.ingest(t, fixture(t, "skane-late.eml"))
	e.r.SendDue(context.Background())
	got := srv.messages()
	if len(got) != 1 {
		t.Fatalf("%d messages at the SMTP server, want 1", len(got))
	}
	msg, _ := e.st.Message(context.Background(), out.MessageID)
	if got[0].from != "" || len(got[0].to) != 1 || got[0].to[0] != msg.From || !strings.HasSuffix(msg.From, "@skane.se") {
		t.Errorf("envelope: MAIL FROM %q RCPT %v; want the null sender and the reporter", got[0].from, got[0].to)
	}
	m, err := mail.ReadMessage(bytes.NewReader(got[0].data))
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.Get("Auto-Submitted") != "auto-replied" || !strings.Contains(m.Header.Get("In-Reply-To"), "@skane.se") ||
		!strings.Contains(m.Header.Get("References"), m.Header.Get("In-Reply-To")) {
		t.Errorf("headers: %v", m.Header)
	}
	body, _ := io.ReadAll(quotedprintable.NewReader(m.Body))
	for _, want := range []string{"Mottagen: 2024-02-23 kl. 09.15", "Avsändare: Region Skåne", "Version: 1", "FEL", "sista dag",
		"En rättad rapport kan skickas till samma adress, villkorsrapport@tillvaxtverket.se"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	if it := e.receipt(t, out.MessageID); it.State != store.OutboxSent || it.Attempts != 1 {
		t.Errorf("outbox: %+v", it)
	}
}

func TestNoReplyToAutomaticListsAndSystemSenders(t *testing.T) {
	srv := startSMTP(t, 0)
	e := newEnv(t, srv.addr)
	raw := fixture(t, "vasterbotten-ontime.eml")
	cases := map[string][]byte{
		"Auto-Submitted":                 withHeaders(raw, "Auto-Submitted: auto-replied"),
		"List-Id":                        withHeaders(raw, "List-Id: <regioner.lists.example>"),
		"Precedence":                     withHeaders(raw, "Precedence: bulk"),
		"systemavsändare (mailer-daemon": replaceFrom(raw, "MAILER-DAEMON@regionvasterbotten.se"),
		"systemavsändare (noreply":       replaceFrom(raw, "noreply@regionvasterbotten.se"),
	}
	for want, msg := range cases {
		out := e.ingest(t, msg)
		it := e.receipt(t, out.MessageID)
		if it.State != store.OutboxSkipped || !strings.Contains(it.Reason, want) {
			t.Errorf("%s: %s %q", want, it.State, it.Reason)
		}
	}
	// Auto-Submitted: no is a person's message
	out := e.ingest(t, withHeaders(raw, "Auto-Submitted: no"))
	if it := e.receipt(t, out.MessageID); it.State != store.OutboxPending {
		t.Errorf("Auto-Submitted: no: %s %q", it.State, it.Reason)
	}
	e.r.SendDue(context.Background())
	if n := len(srv.messages()); n != 1 {
		t.Errorf("%d receipts sent, want 1", n)
	}
}

func TestAtMostSoManyPerSenderAndHour(t *testing.T) {
	srv := startSMTP(t, 0)
	e := newEnv(t, srv.addr)
	raw := fixture(t, "vasterbotten-ontime.eml")
	var states []string
	for i := 0; i < 4; i++ {
		out := e.ingest(t, withHeaders(raw, "X-Test: "+string(rune('a'+i))))
		states = append(states, e.receipt(t, out.MessageID).State)
	}
	if strings.Join(states, ",") != "pending,pending,pending,skipped" {
		t.Errorf("states %v, want three receipts and the fourth skipped", states)
	}
	e.now = e.now.Add(61 * time.Minute)
	out := e.ingest(t, withHeaders(raw, "X-Test: later"))
	if st := e.receipt(t, out.MessageID).State; st != store.OutboxPending {
		t.Errorf("an hour later: %s", st)
	}
}

func TestRetriesAfterRefusals(t *testing.T) {
	srv := startSMTP(t, 2)
	e := newEnv(t, srv.addr)
	out := e.ingest(t, fixture(t, "skane-late.eml"))
	for i := 0; i < 3; i++ {
		e.now = e.now.Add(time.Second)
		e.r.SendDue(context.Background())
	}
	it := e.receipt(t, out.MessageID)
	if it.State != store.OutboxSent || it.Attempts != 3 || it.LastError != "" {
		t.Errorf("after two refusals: %+v", it)
	}
	if n := len(srv.messages()); n != 1 {
		t.Errorf("%d delivered, want 1", n)
	}
}

func TestServerDownNeverFailsIngest(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close() // nothing listens here
	e := newEnv(t, addr)
	out := e.ingest(t, fixture(t, "skane-late.eml"))
	if out.Submission == nil || out.Submission.Version != 1 {
		t.Fatalf("ingest: %+v", out)
	}
	for i := 0; i < 4; i++ {
		e.now = e.now.Add(time.Hour)
		e.r.SendDue(context.Background())
	}
	it := e.receipt(t, out.MessageID)
	if it.State != store.OutboxFailed || it.Attempts != 4 || !strings.Contains(it.LastError, "connect") {
		t.Errorf("outbox after four failed attempts: %+v", it)
	}
	counts, _ := e.st.OutboxCounts(context.Background())
	if counts[store.OutboxFailed] != 1 {
		t.Errorf("counts %v", counts)
	}
}
