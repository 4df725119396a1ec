package web

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/emersion/go-smtp"

	"github.com/tillvaxtverket/villkorsintag/internal/config"
	"github.com/tillvaxtverket/villkorsintag/internal/receipts"
)

// smtpSink is go-smtp's in-process server, keeping what it receives.
type smtpSink struct {
	mu  sync.Mutex
	got []smtpMail
}

// received returns a copy of the mail the server has taken so far.
func (s *smtpSink) received() []smtpMail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]smtpMail(nil), s.got...)
}

type smtpMail struct {
	from string
	to   []string
	data []byte
}

type sinkSession struct {
	s    *smtpSink
	from string
	to   []string
}

func (s *smtpSink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{s: s}, nil }
func (se *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	se.from = from
	return nil
}
func (se *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	se.to = append(se.to, to)
	return nil
}
func (se *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	se.s.mu.Lock()
	se.s.got = append(se.s.got, smtpMail{se.from, se.to, b})
	se.s.mu.Unlock()
	return err
}
func (se *sinkSession) Reset()        {}
func (se *sinkSession) Logout() error { return nil }

func startSink(t *testing.T) (*smtpSink, string) {
	s := &smtpSink{}
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s, ln.Addr().String()
}

func browserLogin(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "anna"), chromedp.SendKeys(chromedp.ID("password"), officerPassword),
		chromedp.Submit(chromedp.ID("password")), chromedp.WaitVisible(chromedp.CSS("table tbody tr"))); err != nil {
		t.Fatal(err)
	}
}

// mailToSink gives e's server a mailer that sends to a go-smtp server of
// its own (startSink); it returns that server, the mailer and its
// settings. Its sending loop does not run: the test sends what is due
// with SendDue.
func (e *testEnv) mailToSink(t *testing.T) (*smtpSink, *receipts.Receipts, config.SMTP) {
	t.Helper()
	sink, addr := startSink(t)
	cfg := config.SMTP{Enabled: true, Addr: addr, TLS: "none", From: "villkorsrapport@tillvaxtverket.se", MaxPerSenderHour: 5,
		MaxAttempts: 3, RetryBase: time.Second, Interval: time.Hour}
	mailer := receipts.New(cfg, e.st, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	e.srv.Mailer = mailer
	return sink, mailer, cfg
}

// loggedInTab opens a tab (newBrowser) with anna logged in at base
// (browserLogin); the tab closes when the test ends.
func loggedInTab(t *testing.T, base string, width, height int64, limit time.Duration) context.Context {
	t.Helper()
	ctx, cancel := newBrowser(t, width, height, limit)
	t.Cleanup(cancel)
	browserLogin(t, ctx, base)
	return ctx
}

// TestCompletionRequestInTheBrowser: an officer asks Västra
// Götalandsregionen to complete its report: the draft groups the open
// findings, the officer edits it and sends it; go-smtp receives it as a
// reply to the report's message, the report shows the request and the
// overview's case filter finds the body as komplettering begärd.
func TestCompletionRequestInTheBrowser(t *testing.T) {
	e := newTestEnv(t)
	sink, mailer, cfg := e.mailToSink(t)
	ts := e.serve(t)
	ctx := loggedInTab(t, ts.URL, 1300, 1000, 2*time.Minute)

	var vgr int64
	var msgID, from string
	mustGet(t, e.st.DB(), &vgr, `SELECT id FROM submissions WHERE organisation = 'vastragotaland'`)
	if err := e.st.DB().QueryRow(`SELECT m.message_id, m.from_addr FROM messages m JOIN submissions s ON s.message = m.id WHERE s.id = ?`, vgr).Scan(&msgID, &from); err != nil {
		t.Fatalf("the report's message: %v", err)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/inlamning/"+itoa(vgr)),
		chromedp.Click(chromedp.Search(`//a[normalize-space()="Begär komplettering"]`)), chromedp.WaitVisible(chromedp.ID("body"))); err != nil {
		t.Fatal(err)
	}
	draft, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("body")))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("subject")))
	to, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("to")))
	if !strings.Contains(draft, "Fråga ") || !strings.Contains(draft, "senast ") || strings.Contains(draft, "[") || !strings.Contains(subject, "N2022/02395") || to != from {
		t.Fatalf("draft: to %q, subject %q\n%s", to, subject, draft)
	}
	i, j, k := strings.Index(draft, "\nFrågorna 1.1–1.3\n"), strings.Index(draft, "\nFråga 3.4 – "), strings.Index(draft, "\nFråga 10.1 – ")
	if i < 0 || j < i || k < j || !strings.Contains(draft, "återrapportering av villkorsbeslut") {
		t.Errorf("draft not in template order:\n%s", draft)
	}
	edited := strings.Replace(draft, "Hej!", "Hej Västra Götalandsregionen!", 1)
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.ID("body"), edited),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Skicka"]`)), chromedp.WaitVisible(chromedp.ID("komplettering"))); err != nil {
		t.Fatal(err)
	}
	mailer.SendDue(context.Background())
	got := sink.received()
	if len(got) != 1 || len(got[0].to) != 1 || got[0].to[0] != from || got[0].from != cfg.From {
		t.Fatalf("smtp got %d messages: %+v", len(got), got)
	}
	m, err := mail.ReadMessage(strings.NewReader(string(got[0].data)))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(m.Body)
	if m.Header.Get("In-Reply-To") != "<"+msgID+">" || !strings.Contains(decodeQP(string(body)), "Hej Västra Götalandsregionen!") {
		t.Errorf("sent mail: In-Reply-To %q (want <%s>), body %q", m.Header.Get("In-Reply-To"), msgID, body)
	}
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("komplettering"))); err != nil {
		t.Fatal(err)
	}
	shown, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(shown, "komplettering begärd") || !strings.Contains(shown, "skickad till "+from) || !strings.Contains(shown, "Utskick: skickad till") {
		t.Errorf("the report does not show the sent request:\n%.2000s", shown)
	}
	// the overview's case filter, used in the browser
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/oversikt"), chromedp.SetValue(chromedp.ID("f-arende"), "requested"),
		chromedp.Submit(chromedp.ID("f-arende")), chromedp.WaitVisible(chromedp.CSS("table tbody tr"))); err != nil {
		t.Fatal(err)
	}
	rows, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("table tbody th")].map(th => th.textContent.trim())`))
	if len(rows) != 1 || rows[0] != "Västra Götalandsregionen" {
		t.Errorf("filter arende=requested: %v", rows)
	}
}

func decodeQP(s string) string {
	r := strings.NewReplacer("=\r\n", "", "=C3=A4", "ä", "=C3=B6", "ö", "=C3=A5", "å", "=C3=85", "Å", "=C3=84", "Ä", "=C3=96", "Ö", "=3D", "=")
	return r.Replace(s)
}
