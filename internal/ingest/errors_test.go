package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/compliance"
	"github.com/tillvaxtverket/villkorsintag/internal/docxtest"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// strayParagraphDocx is the full fixture with a <w:p> directly inside a
// <w:tbl>, which made the reader fail with an English internal error.
func strayParagraphDocx(t testing.TB) []byte {
	return docxtest.StrayParagraph(t, fixture(t, "pydocx-full.docx"))
}

func (p *Pipeline) messageRow(t testing.TB, id int64) *model.Message {
	t.Helper()
	m, err := p.Store.Message(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// isSwedishReason fails on a finding text that carries an internal error.
func checkNoInternalText(t *testing.T, res *model.Result) {
	t.Helper()
	for _, f := range res.Findings {
		for _, bad := range []string{"document:", "pre-pass", "panic", "runtime error", "check ", "boom"} {
			if strings.Contains(f.Message, bad) {
				t.Errorf("finding %s shows an internal error: %q", f.Code, f.Message)
			}
		}
	}
}

// TestDocumentFailuresAreContent: whatever checking a document does wrong
// (an English error, a panic, the real stray-paragraph document) becomes a
// stored result with a Swedish not_docx finding; the message is finished.
func TestDocumentFailuresAreContent(t *testing.T) {
	for _, tc := range []struct {
		name  string
		doc   func(testing.TB) []byte
		check func([]byte, compliance.Options) (*model.Result, error)
		// mayRead: the document may be readable (once the reader handles it)
		mayRead bool
	}{
		{"internal error", func(t testing.TB) []byte { return fixture(t, "pydocx-full.docx") },
			func([]byte, compliance.Options) (*model.Result, error) {
				return nil, errors.New("document: read 438 paragraphs, pre-pass wrote 439")
			}, false},
		{"panic", func(t testing.TB) []byte { return fixture(t, "pydocx-full.docx") },
			func([]byte, compliance.Options) (*model.Result, error) {
				var m map[string]int
				m["boom"]++
				return nil, nil
			}, false},
		{"result and error", func(t testing.TB) []byte { return fixture(t, "pydocx-full.docx") },
			func(d []byte, o compliance.Options) (*model.Result, error) {
				res, _ := compliance.Check(d, o)
				return res, errors.New("budget: too many runs")
			}, false},
		{"stray paragraph in a table", strayParagraphDocx, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := newPipeline(t)
			if tc.check != nil {
				p.Check = tc.check
			}
			raw := eml("anna@regionvasterbotten.se", allRecipients, "Återrapportering", at(20, 10), "doc@test", file{"rapport.docx", docxType, tc.doc(t)})
			out, err := p.Ingest(context.Background(), mailItem(raw, "doc.eml"))
			if err != nil {
				t.Fatalf("ingest returned %v; a document's failure must be stored, not returned", err)
			}
			m := p.messageRow(t, out.MessageID)
			if m.State != "processed" || out.Rejected != "" {
				t.Errorf("message %s (rejected %q), want processed: a usable e-mail goes to Behandlade", m.State, out.Rejected)
			}
			if m.Attempts != 1 {
				t.Errorf("attempts %d, want 1", m.Attempts)
			}
			checkNoInternalText(t, out.Result)
			if tc.mayRead && !hasCode(codesOf(out), "not_docx") {
				t.Logf("the document is readable now: %d headings matched", out.Result.Matched)
				return
			}
			if !hasCode(codesOf(out), "not_docx") || out.Submission.State != model.StateNotDocx {
				t.Fatalf("codes %v, state %s; want not_docx", codesOf(out), out.Submission.State)
			}
			for _, f := range out.Result.Findings {
				if f.Code == "not_docx" && !strings.Contains(f.Message, "kunde inte tolkas") {
					t.Errorf("not_docx reason %q, want a Swedish \"kunde inte tolkas\"", f.Message)
				}
			}
			if out.Submission.AttachmentID == nil {
				t.Error("the unreadable report is not kept as the report attachment")
			}
		})
	}
}

// TestTemporaryFailureIsNotCounted: the context ends while the result is
// being stored. Ingest says temporary, the message stays stored with no
// attempt counted, and the next run finishes it.
func TestTemporaryFailureIsNotCounted(t *testing.T) {
	p, _ := newPipeline(t)
	ctx, cancel := context.WithCancel(context.Background())
	p.Check = func(d []byte, o compliance.Options) (*model.Result, error) {
		cancel() // our side goes away mid-message
		return compliance.Check(d, o)
	}
	raw := eml("anna@regionvasterbotten.se", allRecipients, "Återrapportering", at(20, 10), "tmp@test", file{"rapport.docx", docxType, fixture(t, "pydocx-full.docx")})
	_, err := p.Ingest(ctx, mailItem(raw, "tmp.eml"))
	if !IsTemporary(err) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want a temporary error (context cancelled)", err)
	}
	var id int64
	p.Store.DB().Get(&id, `SELECT id FROM messages`)
	if m := p.messageRow(t, id); m.State != "stored" || m.Attempts != 0 {
		t.Fatalf("after a temporary failure: state %s, attempts %d; want stored, 0", m.State, m.Attempts)
	}
	p.Check = compliance.Check
	out, err := p.Ingest(context.Background(), mailItem(raw, "tmp.eml"))
	if err != nil || out.Submission == nil || out.Submission.State != model.StateCurrent {
		t.Fatalf("second run: %+v, %v", out, err)
	}
	if m := p.messageRow(t, id); m.State != "processed" || m.Attempts != 1 {
		t.Errorf("after the second run: state %s, attempts %d; want processed, 1", m.State, m.Attempts)
	}
}

// TestUnexpectedFailureIsCountedThenSetAside: storing the result fails for
// a reason that is not temporary (here a trigger refuses the attachments).
// Each run counts; after MaxAttempts the message is set aside as failed,
// with a submission case officers see, and the next message goes through.
func TestUnexpectedFailureIsCountedThenSetAside(t *testing.T) {
	p, _ := newPipeline(t)
	ctx := context.Background()
	raw := eml("anna@regionvasterbotten.se", allRecipients, "Återrapportering", at(20, 10), "bad@test", file{"rapport.docx", docxType, fixture(t, "pydocx-full.docx")})
	if _, err := p.Store.DB().Exec(`CREATE TRIGGER refuse BEFORE INSERT ON attachments BEGIN SELECT RAISE(ABORT, 'refused by test'); END`); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= DefaultMaxAttempts; i++ {
		_, err := p.Ingest(ctx, mailItem(raw, "bad.eml"))
		if err == nil || IsTemporary(err) {
			t.Fatalf("run %d: err %v, want a failure that is not temporary", i, err)
		}
		var attempts int
		p.Store.DB().Get(&attempts, `SELECT attempts FROM message_attempts`)
		if attempts != i {
			t.Fatalf("run %d: attempts %d", i, attempts)
		}
	}
	out, err := p.Ingest(ctx, mailItem(raw, "bad.eml"))
	if err != nil {
		t.Fatalf("run %d: %v; want the message set aside", DefaultMaxAttempts+1, err)
	}
	if !out.Quarantined || out.Rejected != ReasonQuarantined+" (3 försök)" {
		t.Fatalf("outcome %+v, want quarantined", out)
	}
	m := p.messageRow(t, out.MessageID)
	if m.State != "failed" || !strings.HasPrefix(m.Error, ReasonQuarantined) || m.Attempts != DefaultMaxAttempts {
		t.Errorf("message: state %s, error %q, attempts %d", m.State, m.Error, m.Attempts)
	}
	if out.Submission == nil || out.Submission.Organisation != "vasterbotten" || out.Submission.State != model.StateNotDocx {
		t.Errorf("submission %+v, want a not_docx one for Västerbotten", out.Submission)
	}
	if !hasCode(codesOf(out), "not_docx") || !strings.Contains(out.Result.Findings[0].Message, "avbröts") {
		t.Errorf("findings %+v", out.Result.Findings)
	}
	failed, err := p.Store.FailedMessages(ctx)
	if err != nil || len(failed) != 1 || failed[0].Attempts != DefaultMaxAttempts || failed[0].Submission == nil {
		t.Errorf("failed list %+v, %v", failed, err)
	}
	// the same bytes again are a duplicate of the failed message
	again, err := p.Ingest(ctx, mailItem(raw, "bad.eml"))
	if err != nil || !again.Duplicate {
		t.Errorf("after being set aside: %+v, %v", again, err)
	}
}

// TestAttemptChild is TestCrashedAttemptsAreCounted's child: it dies
// inside the document check of a marked report, as a process killed by
// the kernel would, after the attempt was committed.
func TestAttemptChild(t *testing.T) {
	db, dir := os.Getenv("VILLKORSINTAG_ATTEMPT_DB"), os.Getenv("VILLKORSINTAG_ATTEMPT_DIR")
	if db == "" {
		t.Skip("runs only as TestCrashedAttemptsAreCounted's child")
	}
	ctx := context.Background()
	s, err := store.Open(ctx, db, orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	p := New(s, orgs.Default(), "child")
	p.Check = func(d []byte, o compliance.Options) (*model.Result, error) {
		if o.FileName == "dodlig.docx" {
			os.Exit(3)
		}
		return compliance.Check(d, o)
	}
	if err := ingestDir(ctx, p, dir); err != nil {
		t.Fatal(err)
	}
}

// TestCrashedAttemptsAreCounted: a message that kills the process is
// counted each time; the run after MaxAttempts sets it aside and goes on
// with the next message.
func TestCrashedAttemptsAreCounted(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	dir := t.TempDir()
	deadly := eml("anna@regionvasterbotten.se", allRecipients, "Återrapportering", at(20, 10), "deadly@test", file{"dodlig.docx", docxType, fixture(t, "pydocx-full.docx")})
	good := eml("a@skane.se", allRecipients, "Återrapportering", at(20, 11), "good@test", file{"rapport.docx", docxType, fixture(t, "npmdocx-report.docx")})
	os.WriteFile(filepath.Join(dir, "m1.eml"), deadly, 0o644)
	os.WriteFile(filepath.Join(dir, "m2.eml"), good, 0o644)
	db := filepath.Join(t.TempDir(), "a.db")
	for run := 1; ; run++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestAttemptChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "VILLKORSINTAG_ATTEMPT_DB="+db, "VILLKORSINTAG_ATTEMPT_DIR="+dir)
		outb, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		crashed := errors.As(err, &ee) && ee.ExitCode() == 3
		t.Logf("run %d: exit %v, crashed %v", run, err, crashed)
		if !crashed {
			if err != nil {
				t.Fatalf("run %d: %v\n%s", run, err, outb)
			}
			if run != DefaultMaxAttempts+1 {
				t.Fatalf("finished on run %d, want %d (after %d crashes)", run, DefaultMaxAttempts+1, DefaultMaxAttempts)
			}
			break
		}
		if run > DefaultMaxAttempts {
			t.Fatalf("still crashing on run %d", run)
		}
	}
	s, err := store.Open(context.Background(), db, orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var rows []struct {
		MessageID string `db:"message_id"`
		State     string `db:"state"`
		Attempts  int    `db:"attempts"`
		Error     string `db:"error"`
	}
	if err := s.DB().Select(&rows, `SELECT message_id, state, coalesce(attempts, 0) AS attempts, error FROM messages LEFT JOIN message_attempts ON message = id ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("%v", []any{"deadly@test failed 3", "good@test processed 1"})
	got := fmt.Sprintf("%v", []any{fmt.Sprintf("%s %s %d", rows[0].MessageID, rows[0].State, rows[0].Attempts), fmt.Sprintf("%s %s %d", rows[1].MessageID, rows[1].State, rows[1].Attempts)})
	if len(rows) != 2 || got != want {
		t.Fatalf("messages %+v, want %s", rows, want)
	}
	if !strings.HasPrefix(rows[0].Error, ReasonQuarantined) {
		t.Errorf("reason %q", rows[0].Error)
	}
	var subs int
	s.DB().Get(&subs, `SELECT count(*) FROM submissions`)
	if subs != 2 {
		t.Errorf("%d submissions, want 2 (nothing stored twice)", subs)
	}
}
