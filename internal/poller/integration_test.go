package poller

import (
	"context"
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/tillvaxtverket/villkorsintag/internal/config"
	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// dovecotEnv is a poller set up against a real Dovecot.
func dovecotEnv(t testing.TB) (*dovecot, *env) {
	return dovecotEnvWith(t, dovecotOptions{})
}

func dovecotEnvWith(t testing.TB, o dovecotOptions) (*dovecot, *env) {
	d := startDovecotWith(t, o)
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "d.db"), orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := config.Default().IMAP
	cfg.Addr, cfg.TLS, cfg.User, cfg.Password = d.Addr, "none", dovecotUser, dovecotPassword
	cfg.PollInterval = 500 * time.Millisecond
	return d, &env{t: t, st: st, cfg: cfg, pipe: ingest.New(st, orgs.Default(), "poller")}
}

// Dovecot's Maildir separates folders with ".".
const dovecotProcessed, dovecotFailed = "Behandlade", "Behandlade.Fel"

// TestDovecotBacklogExactlyOnce drains a backlog of 120 messages through a
// real Dovecot while the poller process is replaced twice: the first dies
// right after a commit, before that message's move; the second is stopped
// mid-drain; the third drains the rest. Every message is stored once and
// moved once; only the one committed but not moved is met again, as a
// message already stored.
func TestDovecotBacklogExactlyOnce(t *testing.T) {
	t.Parallel() // each has its own Dovecot; they mostly wait on it and on fsync
	const n, diesAt, stopAt = 120, 40, 80
	d, e := dovecotEnv(t)
	sources := []string{"vasterbotten-ontime.eml", "skane-late.eml", "noattachment.eml", "halland-octet.eml", "latin1.eml"}
	var msgs [][]byte
	for i := 0; i < n; i++ {
		msgs = append(msgs, variantMessage(mail(t, sources[i%len(sources)]), i))
	}
	d.Append("INBOX", msgs, time.Date(2024, 2, 20, 12, 0, 0, 0, time.UTC))
	start := time.Now()

	// the first process dies after its 40th commit, before the move: from
	// then on every commit is its last (it never moves anything again)
	first := e.poller()
	var commits atomic.Int32
	first.afterCommit = func(imap.UID) error {
		if commits.Add(1) >= diesAt {
			return errors.New("process dies here")
		}
		return nil
	}
	stop := e.start(first)
	eventually(t, 2*time.Minute, "the first process's death", func() bool { return commits.Load() >= diesAt })
	stop()
	if got, want := e.count(`SELECT count(*) FROM messages`), diesAt; got != want {
		t.Fatalf("%d messages stored by the first process, want %d", got, want)
	}
	if got, want := d.Count("INBOX"), n-(diesAt-1); got != want {
		t.Fatalf("inbox %d after the first process died, want %d (the last one committed stays)", got, want)
	}

	// the second is stopped mid-drain: it finishes the message in hand
	second := e.poller()
	stop = e.start(second)
	eventually(t, 2*time.Minute, "the second process's progress", func() bool { return e.count(`SELECT count(*) FROM messages`) >= stopAt })
	stop()
	stored, moved := e.count(`SELECT count(*) FROM messages`), d.Count(dovecotProcessed)
	if stored != moved || d.Count("INBOX") != n-moved {
		t.Fatalf("after a stop: %d stored, %d moved, %d in the inbox; want every stored one moved", stored, moved, d.Count("INBOX"))
	}
	if got := second.metrics.Duplicates.Value(); got != 1 {
		t.Errorf("the second process met %v messages already stored, want 1 (the one committed before the death)", got)
	}

	third := e.poller()
	e.start(third)
	// counted in the process (asking Dovecot in a loop is a login each time)
	eventually(t, 3*time.Minute, "the rest of the backlog", func() bool { return third.metrics.Processed.Value() >= float64(n-moved) })
	t.Logf("%d messages drained by three processes in %v", n, time.Since(start).Round(time.Millisecond))
	if got := d.Count("INBOX"); got != 0 {
		t.Errorf("%d messages left in the inbox", got)
	}
	if got := third.metrics.Duplicates.Value(); got != 0 {
		t.Errorf("the third process met %v messages already stored, want 0 (a stop finishes the message in hand)", got)
	}
	if got := d.Count(dovecotProcessed); got != n {
		t.Errorf("%d in %s, want %d", got, dovecotProcessed, n)
	}
	if got := e.count(`SELECT count(*) FROM messages`); got != n {
		t.Errorf("%d messages stored, want %d", got, n)
	}
	if got := e.count(`SELECT count(*) FROM submissions`); got != n {
		t.Errorf("%d submissions, want %d", got, n)
	}
}

func TestDovecotIdleArrival(t *testing.T) {
	t.Parallel() // each has its own Dovecot; they mostly wait on it and on fsync
	d, e := dovecotEnv(t)
	e.cfg.PollInterval = time.Minute // IDLE must do it
	p := e.poller()
	e.start(p)
	eventually(t, 10*time.Second, "the first poll", func() bool { return e.count(`SELECT count(*) FROM mailbox_state`) == 1 })
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	d.Append("INBOX", [][]byte{mail(t, "vasterbotten-ontime.eml")}, time.Now())
	// well under the poll interval: only IDLE can have woken the poller
	// (a tighter bound would measure the machine's load, not the poller)
	eventually(t, 20*time.Second, "commit of a message delivered during IDLE", func() bool {
		return e.count(`SELECT count(*) FROM submissions`) == 1
	})
	t.Logf("arrival → commit under IDLE: %v", time.Since(start).Round(time.Millisecond))
}

func TestDovecotRestartMidRun(t *testing.T) {
	t.Parallel() // each has its own Dovecot; they mostly wait on it and on fsync
	d, e := dovecotEnv(t)
	var msgs [][]byte
	for i := 0; i < 60; i++ {
		msgs = append(msgs, variantMessage(mail(t, "skane-late.eml"), i))
	}
	d.Append("INBOX", msgs[:30], time.Now())
	p := e.poller()
	e.start(p)
	eventually(t, 30*time.Second, "some messages", func() bool { return e.count(`SELECT count(*) FROM messages`) >= 5 })
	d.Stop()
	// down until the poller has met it down: the session ended and at
	// least one reconnect failed
	eventually(t, 30*time.Second, "a failed reconnect", func() bool { return p.metrics.Reconnects.Value() >= 2 })
	d.Start()
	d.Append("INBOX", msgs[30:], time.Now())
	eventually(t, time.Minute, "all 60 after the restart", func() bool { return d.Count("INBOX") == 0 && d.Count(dovecotProcessed) == 60 })
	if n := e.count(`SELECT count(*) FROM messages`); n != 60 {
		t.Errorf("%d messages stored, want 60 (nothing lost or duplicated)", n)
	}
	if n := e.count(`SELECT count(*) FROM submissions`); n != 60 {
		t.Errorf("%d submissions, want 60", n)
	}
	if p.metrics.Reconnects.Value() < 1 {
		t.Error("no reconnect counted")
	}
}

func TestDovecotKilledBetweenCommitAndMove(t *testing.T) {
	t.Parallel() // each has its own Dovecot; they mostly wait on it and on fsync
	d, e := dovecotEnv(t)
	d.Append("INBOX", [][]byte{mail(t, "vasterbotten-ontime.eml")}, time.Now())
	p := e.poller()
	var crashed atomic.Bool
	p.afterCommit = func(imap.UID) error { crashed.Store(true); return errors.New("process dies here") }
	stop := e.start(p)
	eventually(t, 10*time.Second, "the commit", func() bool { return crashed.Load() })
	stop()
	if d.Count("INBOX") != 1 {
		t.Fatalf("inbox %d after the crash, want 1", d.Count("INBOX"))
	}
	e.start(e.poller())
	eventually(t, 10*time.Second, "the move after restart", func() bool { return d.Count("INBOX") == 0 && d.Count(dovecotProcessed) == 1 })
	if n := e.count(`SELECT count(*) FROM messages`); n != 1 {
		t.Errorf("%d messages, want 1 (not stored twice)", n)
	}
}

func TestDovecotDuplicateAndRejected(t *testing.T) {
	t.Parallel() // each has its own Dovecot; they mostly wait on it and on fsync
	d, e := dovecotEnv(t)
	raw := mail(t, "skane-late.eml")
	d.Append("INBOX", [][]byte{raw, raw, []byte("Det här är ingen e-post\r\nutan rubrikrader\r\n")}, time.Now())
	e.start(e.poller())
	eventually(t, 10*time.Second, "all three", func() bool { return d.Count("INBOX") == 0 })
	if d.Count(dovecotProcessed) != 2 || d.Count(dovecotFailed) != 1 {
		t.Errorf("processed %d (want 2), error folder %d (want 1)", d.Count(dovecotProcessed), d.Count(dovecotFailed))
	}
	if n := e.count(`SELECT count(*) FROM messages`); n != 2 {
		t.Errorf("%d messages stored, want 2 (the duplicate once, the rejected one kept)", n)
	}
	var reason string
	e.st.DB().Get(&reason, `SELECT error FROM messages WHERE state = 'failed'`)
	if reason == "" {
		t.Error("the rejected message has no reason in the database")
	}
}
