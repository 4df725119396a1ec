package poller

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/tillvaxtverket/villkorsintag/internal/config"
	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/memimap"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

type env struct {
	t    testing.TB
	srv  *memimap.Server
	st   *store.Store
	cfg  config.IMAP
	pipe *ingest.Pipeline
}

func newEnv(t testing.TB, opts memimap.Options) *env {
	t.Helper()
	srv, err := memimap.Start("villkorsrapport", "hemligt", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"), orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := config.Default().IMAP
	cfg.Addr, cfg.TLS, cfg.User, cfg.Password = srv.Addr, "none", srv.User, srv.Password
	cfg.PollInterval = 200 * time.Millisecond
	return &env{t: t, srv: srv, st: st, cfg: cfg, pipe: ingest.New(st, orgs.Default(), "poller")}
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// start runs a poller until the test ends.
func (e *env) start(p *Poller) context.CancelFunc {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); p.Run(ctx) }()
	e.t.Cleanup(func() { cancel(); wg.Wait() })
	return func() { cancel(); wg.Wait() }
}

func (e *env) poller() *Poller {
	p := New(e.cfg, e.pipe, quiet(), NewMetrics())
	// TestBackoff checks the production doubling and ceiling; here a
	// test that makes the poller fail many times does not wait seconds
	p.minBackoff, p.maxBackoff = 20*time.Millisecond, 500*time.Millisecond
	return p
}

func TestBackoff(t *testing.T) {
	p := New(config.Default().IMAP, &ingest.Pipeline{}, quiet(), NewMetrics())
	if p.minBackoff != time.Second || p.maxBackoff != 5*time.Minute {
		t.Errorf("back-off from %v to %v, want 1s to 5m", p.minBackoff, p.maxBackoff)
	}
	for attempt, want := range map[int]time.Duration{1: time.Second, 3: 4 * time.Second, 9: 256 * time.Second, 30: 5 * time.Minute} {
		for i := 0; i < 20; i++ {
			if d := backoff(attempt, p.minBackoff, p.maxBackoff); d < want/2 || d > want {
				t.Errorf("attempt %d: %v, want within [%v, %v]", attempt, d, want/2, want)
			}
		}
	}
}

func mail(t testing.TB, name string) []byte {
	b, err := os.ReadFile(filepath.Join("../../testdata/mail", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// eventually waits for cond, up to the limit.
func eventually(t testing.TB, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", limit, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitPolls waits until the poller has drained the mailbox n more times
// (for checks that nothing more happens on later polls).
func waitPolls(t testing.TB, p *Poller, n int64) {
	t.Helper()
	from := p.polls.Load()
	eventually(t, 10*time.Second, fmt.Sprintf("%d more polls", n), func() bool { return p.polls.Load() >= from+n })
}

func (e *env) count(query string) int {
	var n int
	if err := e.st.DB().Get(&n, query); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func (e *env) inFolder(name string) int {
	n, err := e.srv.Count(name)
	if err != nil {
		return -1
	}
	return n
}

func TestBacklogIsProcessedOnceAndMoved(t *testing.T) {
	e := newEnv(t, memimap.Options{})
	names := []string{"vasterbotten-ontime.eml", "skane-late.eml", "vgr-forwarded.eml", "noattachment.eml", "two-docx.eml", "winmail.eml"}
	for i, n := range names {
		if _, err := e.srv.Deliver("INBOX", mail(t, n), time.Date(2024, 2, 10+i, 9, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
	}
	e.cfg.PollInterval = 20 * time.Millisecond
	p := e.poller()
	e.start(p)
	eventually(t, 10*time.Second, "the backlog", func() bool { return e.inFolder("INBOX") == 0 && e.inFolder("Behandlade") == len(names) })
	if n := e.count(`SELECT count(*) FROM messages`); n != len(names) {
		t.Errorf("%d messages stored, want %d", n, len(names))
	}
	if n := e.count(`SELECT count(*) FROM messages WHERE source = 'imap' AND state = 'processed'`); n != len(names) {
		t.Errorf("%d processed from imap, want %d", n, len(names))
	}
	// INTERNALDATE is the received time
	var recv string
	e.st.DB().Get(&recv, `SELECT received_at FROM messages ORDER BY id LIMIT 1`)
	if recv[:10] != "2024-02-10" {
		t.Errorf("received_at %s, want the INTERNALDATE 2024-02-10", recv)
	}
	// nothing more happens on later polls
	waitPolls(t, p, 3)
	if n := e.count(`SELECT count(*) FROM submissions`); n != len(names) {
		t.Errorf("%d submissions after more polls, want %d", n, len(names))
	}
}

func TestIdleDeliveryIsCommittedQuickly(t *testing.T) {
	e := newEnv(t, memimap.Options{})
	e.cfg.PollInterval = time.Minute // only IDLE can wake it in time
	p := e.poller()
	e.start(p)
	eventually(t, 5*time.Second, "the first poll", func() bool { return p.metrics.Health(time.Now(), time.Hour) == nil && !p.metrics.lastPolled().IsZero() })
	time.Sleep(100 * time.Millisecond) // let it enter IDLE
	start := time.Now()
	if _, err := e.srv.Deliver("INBOX", mail(t, "vasterbotten-ontime.eml"), time.Now()); err != nil {
		t.Fatal(err)
	}
	// well under the poll interval: only IDLE can have woken the poller
	eventually(t, 20*time.Second, "the delivered message to be committed", func() bool {
		return e.count(`SELECT count(*) FROM submissions`) == 1
	})
	t.Logf("arrival → commit: %v", time.Since(start))
	// /metrics shows the message: seen, processed, one processing time,
	// connected, and the Go runtime beside them.
	eventually(t, 5*time.Second, "the message to be counted", func() bool { return p.metrics.Processed.Value() == 1 })
	rec := httptest.NewRecorder()
	p.metrics.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{
		"# TYPE villkorsintag_messages_seen_total counter\nvillkorsintag_messages_seen_total 1\n",
		"\nvillkorsintag_messages_processed_total 1\n",
		"\nvillkorsintag_messages_failed_total 0\n",
		"# TYPE villkorsintag_message_processing_seconds histogram\n",
		`villkorsintag_message_processing_seconds_bucket{le="+Inf"} 1` + "\n",
		"\nvillkorsintag_message_processing_seconds_count 1\n",
		"\nvillkorsintag_imap_connected 1\n",
		"# TYPE go_goroutines gauge\n",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics has no %q:\n%s", want, body)
		}
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("/metrics Content-Type %q", ct)
	}
}

func TestCrashBetweenCommitAndMove(t *testing.T) {
	e := newEnv(t, memimap.Options{})
	e.srv.Deliver("INBOX", mail(t, "vasterbotten-ontime.eml"), time.Now())
	p := e.poller()
	crashed := make(chan struct{})
	p.afterCommit = func(imap.UID) error { close(crashed); return errors.New("simulated crash before the move") }
	stop := e.start(p)
	<-crashed
	stop()
	if e.inFolder("INBOX") != 1 || e.count(`SELECT count(*) FROM messages`) != 1 {
		t.Fatalf("after the crash: inbox %d, stored %d; want 1 and 1", e.inFolder("INBOX"), e.count(`SELECT count(*) FROM messages`))
	}
	// the restarted process finds it stored and only moves it
	p2 := e.poller()
	e.start(p2)
	eventually(t, 5*time.Second, "the move", func() bool { return e.inFolder("INBOX") == 0 && e.inFolder("Behandlade") == 1 })
	if n := e.count(`SELECT count(*) FROM messages`); n != 1 {
		t.Errorf("%d messages stored, want 1", n)
	}
	if n := e.count(`SELECT count(*) FROM submissions`); n != 1 {
		t.Errorf("%d submissions, want 1", n)
	}
}

func TestSameMessageTwiceAndRejected(t *testing.T) {
	e := newEnv(t, memimap.Options{})
	raw := mail(t, "vasterbotten-ontime.eml")
	e.srv.Deliver("INBOX", raw, time.Now())
	e.srv.Deliver("INBOX", raw, time.Now())
	e.srv.Deliver("INBOX", []byte("Det här är ingen e-post\r\nutan rubrikrader\r\n"), time.Now())
	p := e.poller()
	e.start(p)
	eventually(t, 5*time.Second, "all three handled", func() bool { return e.inFolder("INBOX") == 0 })
	if e.inFolder("Behandlade") != 2 || e.inFolder("Behandlade/Fel") != 1 {
		t.Errorf("processed %d (want 2), error folder %d (want 1)", e.inFolder("Behandlade"), e.inFolder("Behandlade/Fel"))
	}
	if n := e.count(`SELECT count(*) FROM messages WHERE state = 'failed' AND error != ''`); n != 1 {
		t.Errorf("%d failed messages with a reason, want 1", n)
	}
	if n := e.count(`SELECT count(*) FROM submissions WHERE state = 'current'`); n != 1 {
		t.Errorf("%d current versions, want 1", n)
	}
}

func TestTooLargeGoesToErrorFolderUnread(t *testing.T) {
	e := newEnv(t, memimap.Options{})
	e.cfg.MaxMessageBytes = 10_000
	e.srv.Deliver("INBOX", mail(t, "vasterbotten-ontime.eml"), time.Now())
	e.start(e.poller())
	eventually(t, 5*time.Second, "the error folder", func() bool { return e.inFolder("Behandlade/Fel") == 1 })
	if n := e.count(`SELECT count(*) FROM messages`); n != 0 {
		t.Errorf("%d messages stored, want none", n)
	}
	var reason string
	e.st.DB().Get(&reason, `SELECT reason FROM mailbox_errors`)
	if reason == "" {
		t.Error("no reason recorded")
	}
}

func TestFlagModeLeavesMessagesInPlace(t *testing.T) {
	e := newEnv(t, memimap.Options{})
	e.cfg.Mode = "flag"
	e.cfg.PollInterval = 20 * time.Millisecond
	e.srv.Deliver("INBOX", mail(t, "skane-late.eml"), time.Now())
	p := e.poller()
	e.start(p)
	eventually(t, 5*time.Second, "the message", func() bool { return e.count(`SELECT count(*) FROM submissions`) == 1 })
	waitPolls(t, p, 3)
	if e.inFolder("INBOX") != 1 || e.inFolder("Behandlade") != -1 {
		t.Errorf("flag mode moved or created folders: inbox %d", e.inFolder("INBOX"))
	}
	if n := e.count(`SELECT count(*) FROM messages`); n != 1 {
		t.Errorf("%d messages, want 1", n)
	}
}

// Against go-imap's own server without MOVE and UIDPLUS: COPY, \Deleted
// and a plain EXPUNGE take the message out of the inbox, once.
func TestWithoutMoveOrUIDPlusCopiesAndExpunges(t *testing.T) {
	e := newEnv(t, memimap.Options{Caps: imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIdle: {}}})
	e.srv.Deliver("INBOX", mail(t, "skane-late.eml"), time.Now())
	e.srv.Deliver("INBOX", mail(t, "vasterbotten-ontime.eml"), time.Now())
	e.cfg.PollInterval = 20 * time.Millisecond
	p := e.poller()
	e.start(p)
	eventually(t, 5*time.Second, "the messages moved", func() bool { return e.inFolder("INBOX") == 0 && e.inFolder("Behandlade") == 2 })
	waitPolls(t, p, 3)
	if e.inFolder("INBOX") != 0 || e.inFolder("Behandlade") != 2 {
		t.Errorf("inbox %d, Behandlade %d; want 0 and 2", e.inFolder("INBOX"), e.inFolder("Behandlade"))
	}
	if n := e.count(`SELECT count(*) FROM messages`); n != 2 {
		t.Errorf("%d messages stored, want 2", n)
	}
}

func TestOnePollerPerMailbox(t *testing.T) {
	e := newEnv(t, memimap.Options{})
	a, b := e.poller(), e.poller()
	ctx := context.Background()
	if err := e.st.AcquireLease(ctx, a.mailboxKey(), a.holder, time.Now(), time.Minute, nil); err != nil {
		t.Fatal(err)
	}
	err := e.st.AcquireLease(ctx, b.mailboxKey(), b.holder, time.Now(), time.Minute, nil)
	if !errors.Is(err, store.ErrLeaseHeld) {
		t.Fatalf("second poller got the lease: %v", err)
	}
	if err := e.st.AcquireLease(ctx, b.mailboxKey(), b.holder, time.Now().Add(2*time.Minute), time.Minute, nil); err != nil {
		t.Errorf("expired lease not taken over: %v", err)
	}
}

// TestLeaseOfADeadProcess: a lease held by a process of this host that no
// longer exists (a poller that crashed) is taken over at once; one of a
// live process, or of another host, is not.
func TestLeaseOfADeadProcess(t *testing.T) {
	e := newEnv(t, memimap.Options{})
	p := e.poller()
	host, _ := os.Hostname()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		holder string
		taken  bool
	}{
		{fmt.Sprintf("%s/%d/1", host, dead.Process.Pid), true},
		{fmt.Sprintf("%s/%d/2", host, os.Getpid()), true}, // our own pid, another poller: the old one is gone
		{fmt.Sprintf("%s/%d/3", host, os.Getppid()), false},
		{fmt.Sprintf("elsewhere.example/%d/4", dead.Process.Pid), false},
		{"not a holder", false},
	} {
		ctx := context.Background()
		if _, err := e.st.DB().ExecContext(ctx, `DELETE FROM poller_leases`); err != nil {
			t.Fatal(err)
		}
		if err := e.st.AcquireLease(ctx, p.mailboxKey(), tc.holder, time.Now(), time.Hour, nil); err != nil {
			t.Fatal(err)
		}
		err := e.st.AcquireLease(ctx, p.mailboxKey(), p.holder, time.Now(), time.Minute, p.orphaned)
		if got := err == nil; got != tc.taken {
			t.Errorf("lease of %q: taken %v (%v), want %v", tc.holder, got, err, tc.taken)
		}
	}
}

func TestHealthFailsWhenStalled(t *testing.T) {
	m := NewMetrics()
	now := time.Now()
	if err := m.Health(now, time.Minute); err != nil {
		t.Errorf("at start: %v", err)
	}
	if err := m.Health(now.Add(2*time.Minute), time.Minute); err == nil {
		t.Error("never polled after the grace time: healthy")
	}
	m.polled(now)
	if err := m.Health(now.Add(30*time.Second), time.Minute); err != nil {
		t.Errorf("fresh poll: %v", err)
	}
	if err := m.Health(now.Add(5*time.Minute), time.Minute); err == nil {
		t.Error("stale poll: healthy")
	}
}

func fixtureDocx(tb testing.TB) []byte {
	b, err := os.ReadFile("../../testdata/docx/pydocx-full.docx")
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// TestUIDValidityChange: the mailbox is deleted and created again (a new
// UIDVALIDITY, UIDs from 1 again) while the poller is down, and a message
// it already has comes back with a new one. The rescan stores the new one,
// recognises the old one by its bytes, and moves both.
func TestUIDValidityChange(t *testing.T) {
	e := newEnv(t, memimap.Options{})
	e.cfg.Mailbox = "Rapporter"
	if err := e.srv.CreateMailbox("Rapporter"); err != nil {
		t.Fatal(err)
	}
	old := mail(t, "vasterbotten-ontime.eml")
	e.srv.Deliver("Rapporter", mail(t, "halland-octet.eml"), time.Now())
	e.srv.Deliver("Rapporter", old, time.Now())
	stop := e.start(e.poller())
	eventually(t, 5*time.Second, "the first two", func() bool { return e.inFolder("Rapporter") == 0 })
	stop()

	e.srv.DeleteMailbox("Rapporter")
	e.srv.CreateMailbox("Rapporter")
	e.srv.Deliver("Rapporter", old, time.Now())
	e.srv.Deliver("Rapporter", mail(t, "skane-late.eml"), time.Now())
	e.start(e.poller())
	eventually(t, 5*time.Second, "the rescan", func() bool { return e.inFolder("Rapporter") == 0 && e.inFolder("Behandlade") == 4 })
	if n := e.count(`SELECT count(*) FROM messages`); n != 3 {
		t.Errorf("%d messages stored, want 3 (the returning one only once)", n)
	}
	var validities int
	e.st.DB().Get(&validities, `SELECT uid_validity FROM mailbox_state`)
	if validities < 2 {
		t.Errorf("stored UIDVALIDITY %d, want the new one", validities)
	}
}

// /healthz reports the problems of the other parts too (the SMTP
// sender's token), each on its own line, and is healthy once they clear.
func TestHealthReportsOtherProblems(t *testing.T) {
	m := NewMetrics()
	m.polled(time.Now())
	var smtpProblem error
	var mu sync.Mutex
	m.AlsoCheck(func() error { mu.Lock(); defer mu.Unlock(); return smtpProblem })
	get := func() (int, string) {
		rec := httptest.NewRecorder()
		m.HealthHandler(time.Hour).ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
		return rec.Code, rec.Body.String()
	}
	if code, body := get(); code != http.StatusOK {
		t.Fatalf("healthy: %d %q", code, body)
	}
	mu.Lock()
	smtpProblem = errors.New("SMTP: token avvisades: 535 5.7.3 Authentication unsuccessful")
	mu.Unlock()
	m.authProblem(errors.New("IMAP: token avvisades: NO"))
	if code, body := get(); code != http.StatusServiceUnavailable || body != "IMAP: token avvisades: NO\nSMTP: token avvisades: 535 5.7.3 Authentication unsuccessful\n" {
		t.Errorf("both refused: %d %q", code, body)
	}
	m.authProblem(nil)
	mu.Lock()
	smtpProblem = nil
	mu.Unlock()
	if code, body := get(); code != http.StatusOK {
		t.Errorf("after recovery: %d %q", code, body)
	}
}
