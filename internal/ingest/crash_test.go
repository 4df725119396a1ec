package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// crashDir writes n messages from several regions with different reports.
func crashDir(t *testing.T, n int) string {
	dir := t.TempDir()
	docs := []string{"pydocx-full.docx", "npmdocx-report.docx", "lo-report.docx", "pydocx-limits.docx", "lo-formcheckbox.docx"}
	domains := []string{"regionvasterbotten.se", "skane.se", "vgregion.se", "regionhalland.se", "gotland.se", "rjl.se", "norrbotten.se"}
	for i := 0; i < n; i++ {
		raw := eml("a@"+domains[i%len(domains)], allRecipients, "Återrapportering", at(1+i%20, 10), fmt.Sprintf("c%d@test", i),
			file{"rapport.docx", docxType, fixture(t, docs[i%len(docs)])})
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("m%03d.eml", i)), raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func ingestDir(ctx context.Context, p *Pipeline, dir string) error {
	names, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	sort.Strings(names)
	for _, name := range names {
		raw, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		if _, err := p.Ingest(ctx, mailItem(raw, name)); err != nil {
			return err
		}
	}
	return nil
}

// TestCrashChild is the child process of TestKillDuringIngest.
func TestCrashChild(t *testing.T) {
	db, dir := os.Getenv("VILLKORSINTAG_CRASH_DB"), os.Getenv("VILLKORSINTAG_CRASH_DIR")
	if db == "" {
		t.Skip("runs only as TestKillDuringIngest's child")
	}
	ctx := context.Background()
	s, err := store.Open(ctx, db, orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	if err := ingestDir(ctx, New(s, orgs.Default(), "child"), dir); err != nil {
		t.Fatal(err)
	}
}

// TestKillDuringIngest kills an ingest with SIGKILL at several moments and
// checks that the database is intact, that no half-stored submission
// exists, and that running the ingest again completes the work. Each
// child (which starts again from the first message) is killed once the
// database holds a number of messages, plus a short delay: a kill in the
// middle of the work, whatever the machine's speed.
func TestKillDuringIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	const n = 30
	dir := crashDir(t, n)
	db := filepath.Join(t.TempDir(), "crash.db")
	ctx := context.Background()
	for round, kill := range []struct {
		stored int
		delay  time.Duration
	}{{2, 0}, {8, 5 * time.Millisecond}, {16, 15 * time.Millisecond}} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "VILLKORSINTAG_CRASH_DB="+db, "VILLKORSINTAG_CRASH_DIR="+dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		if err := waitForMessages(db, kill.stored, exited); err != nil {
			cmd.Process.Kill()
			t.Fatalf("round %d: %v", round, err)
		}
		time.Sleep(kill.delay)
		cmd.Process.Kill()
		<-exited

		s, err := store.Open(ctx, db, orgs.Default())
		if err != nil {
			t.Fatalf("round %d: open after kill: %v", round, err)
		}
		if v, err := s.Integrity(ctx); err != nil || v != "ok" {
			t.Fatalf("round %d: integrity_check %q, %v", round, v, err)
		}
		var processed, stored, halfDone, runless, total int
		q := func(dst *int, query string) {
			if err := s.DB().GetContext(ctx, dst, query); err != nil {
				t.Fatal(err)
			}
		}
		q(&total, `SELECT count(*) FROM messages`)
		q(&processed, `SELECT count(*) FROM messages WHERE state = 'processed'`)
		q(&stored, `SELECT count(*) FROM messages WHERE state = 'stored'`)
		// a message still 'stored' must have nothing else; a processed one exactly one submission with a run
		q(&halfDone, `SELECT count(*) FROM messages m WHERE
			(m.state = 'stored' AND (EXISTS (SELECT 1 FROM submissions WHERE message = m.id) OR EXISTS (SELECT 1 FROM attachments WHERE message = m.id)))
			OR (m.state = 'processed' AND (SELECT count(*) FROM submissions WHERE message = m.id) != 1)`)
		q(&runless, `SELECT count(*) FROM submissions s WHERE NOT EXISTS (SELECT 1 FROM check_runs WHERE submission = s.id)`)
		t.Logf("round %d, killed at %d messages + %v: %d messages, %d processed, %d stored only", round, kill.stored, kill.delay, total, processed, stored)
		if total == n && stored == 0 {
			t.Fatalf("round %d: the child finished before it was killed", round)
		}
		if halfDone != 0 || runless != 0 || processed+stored != total {
			t.Fatalf("round %d: half-stored state: %d inconsistent messages, %d submissions without a run", round, halfDone, runless)
		}
		s.Close()
	}
	s, err := store.Open(ctx, db, orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := ingestDir(ctx, New(s, orgs.Default(), "rerun"), dir); err != nil {
		t.Fatal(err)
	}
	var msgs, subs, notDone, current int
	s.DB().GetContext(ctx, &msgs, `SELECT count(*) FROM messages`)
	s.DB().GetContext(ctx, &subs, `SELECT count(*) FROM submissions`)
	s.DB().GetContext(ctx, &notDone, `SELECT count(*) FROM messages WHERE state != 'processed'`)
	s.DB().GetContext(ctx, &current, `SELECT count(*) FROM submissions WHERE state = 'current'`)
	if msgs != n || subs != n || notDone != 0 {
		t.Errorf("after the re-run: %d messages, %d submissions, %d not processed; want %d, %d, 0", msgs, subs, notDone, n, n)
	}
	if current != 7 {
		t.Errorf("%d current versions, want one per region (7)", current)
	}
}

// waitForMessages polls the child's database, read-only, until it holds at
// least want messages; an error if the child exits first or it takes more
// than a minute.
func waitForMessages(path string, want int, exited <-chan error) error {
	deadline := time.Now().Add(time.Minute)
	for {
		select {
		case err := <-exited:
			return fmt.Errorf("the child exited (%v) before it stored %d messages", err, want)
		default:
		}
		if n, err := countMessages(path); err == nil && n >= want {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the child did not store %d messages within a minute", want)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func countMessages(path string) (int, error) {
	if _, err := os.Stat(path); err != nil {
		return 0, err
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=100")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRow(`SELECT count(*) FROM messages`).Scan(&n)
	return n, err
}
