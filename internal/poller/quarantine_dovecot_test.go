package poller

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/compliance"
	"github.com/tillvaxtverket/villkorsintag/internal/config"
	"github.com/tillvaxtverket/villkorsintag/internal/docxtest"
	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// bombDocx is the full fixture with n empty paragraphs added to
// word/document.xml: a small file (170 KB for 700 000 paragraphs, 4.6 MB
// inflated, a compression ratio well under the 200:1 rule thanks to a
// comment of random hex every 40 paragraphs) that made the reader build
// gigabytes.
func bombDocx(t testing.TB, n int) []byte {
	t.Helper()
	return docxtest.EditDocumentXML(t, fixtureDocx(t), func(s string) string {
		i := strings.LastIndex(s, "<w:sectPr")
		var sb strings.Builder
		x := uint32(2463534242)
		for k := 0; k < n; k++ {
			sb.WriteString("<w:p/>")
			if k%40 == 0 {
				x ^= x << 13
				x ^= x >> 17
				x ^= x << 5
				fmt.Fprintf(&sb, "<!--%08x-->", x)
			}
		}
		return s[:i] + sb.String() + s[i:]
	})
}

// TestQuarantineChild is the child of TestDovecotQuarantineUnderMemoryLimit:
// the real poller and pipeline against the test's Dovecot, in a process
// whose data segment (heap) is limited with RLIMIT_DATA.
func TestQuarantineChild(t *testing.T) {
	db := os.Getenv("VILLKORSINTAG_QCHILD_DB")
	if db == "" {
		t.Skip("runs only as TestDovecotQuarantineUnderMemoryLimit's child")
	}
	if lim, _ := strconv.ParseUint(os.Getenv("VILLKORSINTAG_QCHILD_DATA_LIMIT"), 10, 64); lim > 0 {
		if err := syscall.Setrlimit(syscall.RLIMIT_DATA, &syscall.Rlimit{Cur: lim, Max: lim}); err != nil {
			t.Fatal(err)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	st, err := store.Open(ctx, db, orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	pipe := ingest.New(st, orgs.Default(), "poller")
	pipe.Log = log
	pipe.MaxAttempts = 3
	if name := os.Getenv("VILLKORSINTAG_QCHILD_EXHAUST_ON"); name != "" {
		// exhausts the memory limit while checking that file: the crash a
		// hostile document causes, whatever the reader's own limits are
		pipe.Check = func(d []byte, o compliance.Options) (*model.Result, error) {
			if o.FileName == name {
				var hold [][]byte
				for {
					b := make([]byte, 32<<20)
					for i := 0; i < len(b); i += 4096 {
						b[i] = 1
					}
					hold = append(hold, b)
				}
			}
			return compliance.Check(d, o)
		}
	}
	cfg := config.Default().IMAP
	cfg.Addr, cfg.TLS, cfg.User, cfg.Password = os.Getenv("VILLKORSINTAG_QCHILD_ADDR"), "none", dovecotUser, dovecotPassword
	cfg.PollInterval = 500 * time.Millisecond
	p := New(cfg, pipe, log, NewMetrics())
	p.minBackoff = 100 * time.Millisecond
	p.Run(ctx)
}

type childRun struct {
	started, ended time.Time
	status         string
	oom            bool
}

// TestDovecotQuarantineUnderMemoryLimit: a hostile report and a good one
// behind it, in a real Dovecot; the poller runs as a child process under a
// memory limit and is restarted whenever it dies, as systemd would. After
// at most max_attempts restarts the hostile message sits in Behandlade.Fel,
// marked failed, the good report is stored and moved, and nothing was
// lost or stored twice.
//
// Two scenarios: the bomb itself under the limit (the primary one; if the
// reader refuses the bomb within its work budget there is no crash and the
// bomb is a stored not_docx finding in Behandlade), and a check that
// exhausts the limit on purpose for the hostile file, so that the
// quarantine is exercised whatever the reader does.
func TestDovecotQuarantineUnderMemoryLimit(t *testing.T) {
	t.Parallel() // each has its own Dovecot; they mostly wait on it and on fsync
	if testing.Short() {
		t.Skip("spawns processes")
	}
	for _, forced := range []bool{false, true} {
		name := "bomb"
		if forced {
			name = "forced"
		}
		t.Run(name, func(t *testing.T) { quarantineScenario(t, forced) })
	}
}

func quarantineScenario(t *testing.T, forced bool) {
	const maxAttempts = 3
	const dataLimit = 400 << 20
	d, e := dovecotEnv(t)
	db := filepath.Join(t.TempDir(), "q.db")
	good := variantMessage(mail(t, "vasterbotten-ontime.eml"), 1)
	d.Append("INBOX", [][]byte{reportMail("bomb", "bomb.docx", bombDocx(t, 700_000))}, time.Date(2024, 2, 19, 9, 0, 0, 0, time.UTC))
	d.Append("INBOX", [][]byte{good}, time.Date(2024, 2, 20, 9, 0, 0, 0, time.UTC))

	begin := time.Now()
	var runs []childRun
	deadline := begin.Add(4 * time.Minute)
	for len(runs) <= maxAttempts+1 && time.Now().Before(deadline) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestQuarantineChild$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "VILLKORSINTAG_QCHILD_DB="+db, "VILLKORSINTAG_QCHILD_ADDR="+d.Addr,
			fmt.Sprintf("VILLKORSINTAG_QCHILD_DATA_LIMIT=%d", dataLimit))
		if forced {
			cmd.Env = append(cmd.Env, "VILLKORSINTAG_QCHILD_EXHAUST_ON=bomb.docx")
		}
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		run := childRun{started: time.Now()}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var err error
		finished := false
	wait:
		for {
			select {
			case err = <-done:
				break wait
			case <-time.After(200 * time.Millisecond):
				if !finished && d.Count("INBOX") == 0 {
					finished = true
					cmd.Process.Signal(syscall.SIGTERM)
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
				}
			}
		}
		run.ended = time.Now()
		run.status = "exit 0"
		if err != nil {
			run.status = err.Error()
		}
		run.oom = strings.Contains(out.String(), "out of memory") || strings.Contains(out.String(), "cannot allocate memory")
		runs = append(runs, run)
		if finished {
			break
		}
		if !run.oom {
			t.Fatalf("child %d ended (%s) without finishing and without running out of memory:\n%s", len(runs), run.status, tail(out.String(), 3000))
		}
	}
	for i, r := range runs {
		t.Logf("child %d: %6.1fs – %6.1fs  %s%s", i+1, r.started.Sub(begin).Seconds(), r.ended.Sub(begin).Seconds(), r.status,
			map[bool]string{true: " (out of memory under RLIMIT_DATA 400 MiB)", false: ""}[r.oom])
	}
	crashes := 0
	for _, r := range runs {
		if r.oom {
			crashes++
		}
	}
	if restarts := len(runs) - 1; restarts > maxAttempts || d.Count("INBOX") != 0 {
		t.Fatalf("%d restarts, inbox %d: want the inbox drained after at most %d restarts", restarts, d.Count("INBOX"), maxAttempts)
	}
	s, err := store.Open(context.Background(), db, orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e.st = s
	if n := e.count(`SELECT count(*) FROM messages`); n != 2 {
		t.Errorf("%d messages stored, want 2", n)
	}
	if n := e.count(`SELECT count(*) FROM submissions`); n != 2 {
		t.Errorf("%d submissions, want 2 (nothing stored twice)", n)
	}
	if n := e.count(`SELECT count(*) FROM submissions WHERE state = 'current' AND organisation = 'vasterbotten' AND version = 1`); n != 1 {
		t.Errorf("the good report is not version 1 of Västerbotten")
	}
	var bomb struct {
		State    string `db:"state"`
		Error    string `db:"error"`
		Attempts int    `db:"attempts"`
	}
	if err := s.DB().Get(&bomb, `SELECT state, error, attempts FROM messages JOIN message_attempts ON message = id WHERE message_id = 'bomb@test'`); err != nil {
		t.Fatal(err)
	}
	t.Logf("the bomb: %d crashes, state %s, attempts %d, reason %q", crashes, bomb.State, bomb.Attempts, bomb.Error)
	if crashes == 0 && !forced {
		// the reader refused it within its budget: a stored finding, no quarantine needed
		if bomb.State != "processed" || d.Count(dovecotProcessed) != 2 {
			t.Errorf("no crash, but the bomb is %s and %d messages are in %s", bomb.State, d.Count(dovecotProcessed), dovecotProcessed)
		}
		return
	}
	if crashes != maxAttempts {
		t.Errorf("%d crashes, want %d before the message is set aside", crashes, maxAttempts)
	}
	if bomb.State != "failed" || !strings.HasPrefix(bomb.Error, ingest.ReasonQuarantined) || bomb.Attempts != maxAttempts {
		t.Errorf("the bomb: %+v, want failed after %d attempts with %q", bomb, maxAttempts, ingest.ReasonQuarantined)
	}
	if d.Count(dovecotFailed) != 1 || d.Count(dovecotProcessed) != 1 {
		t.Errorf("%s %d, %s %d; want 1 and 1", dovecotFailed, d.Count(dovecotFailed), dovecotProcessed, d.Count(dovecotProcessed))
	}
	failed, err := s.FailedMessages(context.Background())
	if err != nil || len(failed) != 1 || failed[0].Submission == nil {
		t.Errorf("failed messages for case officers: %+v, %v", failed, err)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
