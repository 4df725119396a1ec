package poller

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/compliance"
	"github.com/tillvaxtverket/villkorsintag/internal/docxtest"
	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/memimap"
	"github.com/tillvaxtverket/villkorsintag/internal/message"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
)

// reportMail is a message from Västerbotten with one Word attachment.
func reportMail(id, filename string, docx []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: anna@regionvasterbotten.se\r\nTo: villkorsrapport@tillvaxtverket.se\r\nSubject: Återrapportering\r\n"+
		"Date: Tue, 20 Feb 2024 10:00:00 +0100\r\nMessage-ID: <%s@test>\r\nMIME-Version: 1.0\r\n"+
		"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nHej!\r\n"+
		"--b\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n"+
		"Content-Disposition: attachment; filename=\"%s\"\r\nContent-Transfer-Encoding: base64\r\n\r\n", id, filename)
	enc := base64.StdEncoding.EncodeToString(docx)
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n--b--\r\n")
	return b.Bytes()
}

// TestContentFailuresMoveOn: a document the reader fails on (an English
// internal error) or panics on is stored with a Swedish finding and moved
// to the processed folder; the poller never reconnects for it and the
// message behind it goes through.
func TestContentFailuresMoveOn(t *testing.T) {
	e := newEnv(t, memimap.Options{})
	e.pipe.Check = func(d []byte, o compliance.Options) (*model.Result, error) {
		switch o.FileName {
		case "fel.docx":
			return nil, errors.New("document: read 438 paragraphs, pre-pass wrote 439")
		case "panik.docx":
			panic("index out of range [439] with length 438")
		}
		return compliance.Check(d, o)
	}
	docx := fixtureDocx(t)
	e.srv.Deliver("INBOX", reportMail("fel", "fel.docx", docx), time.Now())
	e.srv.Deliver("INBOX", reportMail("panik", "panik.docx", docx), time.Now())
	e.srv.Deliver("INBOX", reportMail("los", "los-rad.docx", docxtest.StrayParagraph(t, docx)), time.Now())
	e.srv.Deliver("INBOX", reportMail("bra", "rapport.docx", docx), time.Now())
	p := e.poller()
	e.start(p)
	eventually(t, 10*time.Second, "all four processed", func() bool { return e.inFolder("INBOX") == 0 && e.inFolder("Behandlade") == 4 })
	if n := p.metrics.Reconnects.Value(); n != 0 {
		t.Errorf("%v reconnects: a document's failure must not end the session", n)
	}
	if err := p.metrics.Health(time.Now(), time.Minute); err != nil {
		t.Errorf("health: %v", err)
	}
	if n := e.count(`SELECT count(*) FROM messages JOIN message_attempts ON message = id WHERE state = 'processed' AND attempts = 1`); n != 4 {
		t.Errorf("%d messages processed at the first attempt, want 4", n)
	}
	// the stray paragraph is either read (once the reader handles it) or a not_docx finding
	notDocx := e.count(`SELECT count(*) FROM submissions WHERE state = 'not_docx'`)
	if notDocx != 2 && notDocx != 3 {
		t.Errorf("%d not_docx submissions, want 2 or 3", notDocx)
	}
	if n := e.count(`SELECT count(*) FROM submissions WHERE state IN ('current', 'superseded', 'resend')`); n != 4-notDocx {
		t.Errorf("%d readable submissions, want %d", n, 4-notDocx)
	}
	var texts []string
	e.st.DB().Select(&texts, `SELECT message FROM findings WHERE code = 'not_docx'`)
	for _, s := range texts {
		if strings.Contains(s, "pre-pass") || strings.Contains(s, "index out of range") || !strings.Contains(s, "kunde inte tolkas") {
			t.Errorf("finding %q", s)
		}
	}
}

// TestFailingMessageIsSetAside: storing one message's result keeps failing
// for a reason that is not temporary. Each session counts an attempt;
// after max_attempts it goes to the error folder, marked failed, and the
// message behind it is processed.
func TestFailingMessageIsSetAside(t *testing.T) {
	e := newEnv(t, memimap.Options{})
	e.pipe.MaxAttempts = 2
	if _, err := e.st.DB().Exec(`CREATE TRIGGER refuse BEFORE INSERT ON attachments WHEN NEW.filename = 'fastnar.docx'
		BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`); err != nil {
		t.Fatal(err)
	}
	docx := fixtureDocx(t)
	e.srv.Deliver("INBOX", reportMail("fastnar", "fastnar.docx", docx), time.Now())
	e.srv.Deliver("INBOX", reportMail("bra", "rapport.docx", docx), time.Now())
	p := e.poller()
	e.start(p)
	eventually(t, 15*time.Second, "both handled", func() bool { return e.inFolder("INBOX") == 0 })
	if e.inFolder("Behandlade/Fel") != 1 || e.inFolder("Behandlade") != 1 {
		t.Errorf("error folder %d, processed %d; want 1 and 1", e.inFolder("Behandlade/Fel"), e.inFolder("Behandlade"))
	}
	var st struct {
		State    string `db:"state"`
		Error    string `db:"error"`
		Attempts int    `db:"attempts"`
	}
	if err := e.st.DB().Get(&st, `SELECT state, error, attempts FROM messages JOIN message_attempts ON message = id WHERE message_id = 'fastnar@test'`); err != nil {
		t.Fatal(err)
	}
	if st.State != "failed" || !strings.HasPrefix(st.Error, ingest.ReasonQuarantined) || st.Attempts != 2 {
		t.Errorf("set-aside message: %+v", st)
	}
	if n := p.metrics.Reconnects.Value(); n != 2 {
		t.Errorf("%v reconnects, want 2 (one per failed attempt)", n)
	}
	if n := p.metrics.Failed.Value(); n != 1 {
		t.Errorf("failed counter %v, want 1", n)
	}
}

// TestDatabaseFullIsRetriedNotCounted: the database cannot grow (SQLite's
// "database or disk is full"). The message stays in the inbox, no attempt
// is counted, and once there is room it is processed.
func TestDatabaseFullIsRetriedNotCounted(t *testing.T) {
	e := newEnv(t, memimap.Options{})
	db := e.st.DB()
	db.SetMaxOpenConns(1) // the page limit below is per connection
	var pages int
	db.Get(&pages, `PRAGMA page_count`)
	raw := reportMail("full", "rapport.docx", fixtureDocx(t))
	// room for the raw message and its attempt, not for the attachment and results
	if _, err := db.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages+len(raw)/4096+16)); err != nil {
		t.Fatal(err)
	}
	e.srv.Deliver("INBOX", raw, time.Now())
	p := e.poller()
	e.start(p)
	eventually(t, 10*time.Second, "a few failed sessions", func() bool { return p.metrics.Reconnects.Value() >= 3 })
	if e.inFolder("INBOX") != 1 {
		t.Fatalf("inbox %d while the database is full, want 1", e.inFolder("INBOX"))
	}
	if n := e.count(`SELECT count(*) FROM messages LEFT JOIN message_attempts ON message = id WHERE state = 'stored' AND coalesce(attempts, 0) = 0`); n != 1 {
		t.Fatalf("%d messages stored with no attempt counted while the database was full, want 1 (raw committed, attempt taken back)", n)
	}
	if _, err := db.Exec(`PRAGMA max_page_count = 1073741823`); err != nil {
		t.Fatal(err)
	}
	eventually(t, 15*time.Second, "the message after room was made", func() bool { return e.inFolder("Behandlade") == 1 })
	if n := e.count(`SELECT count(*) FROM messages JOIN message_attempts ON message = id WHERE state = 'processed' AND attempts = 1`); n != 1 {
		t.Errorf("%d processed at attempt 1, want 1", n)
	}
}

// TestPanicAfterCommitIsSurvived: a panic that escapes the pipeline (here
// in the after-commit hook, where receipts are queued) does not take the
// poller down: the session ends, and the next one finds the message
// stored and moves it.
func TestPanicAfterCommitIsSurvived(t *testing.T) {
	e := newEnv(t, memimap.Options{})
	var once sync.Once
	e.pipe.After = func(context.Context, *ingest.Outcome, *message.Message) {
		once.Do(func() { panic("receipt hook exploded") })
	}
	e.srv.Deliver("INBOX", reportMail("hook", "rapport.docx", fixtureDocx(t)), time.Now())
	p := e.poller()
	e.start(p)
	eventually(t, 10*time.Second, "the message moved", func() bool { return e.inFolder("INBOX") == 0 && e.inFolder("Behandlade") == 1 })
	if n := p.metrics.Reconnects.Value(); n != 1 {
		t.Errorf("%v reconnects, want 1 (the session with the panic)", n)
	}
	if n := e.count(`SELECT count(*) FROM submissions`); n != 1 {
		t.Errorf("%d submissions, want 1", n)
	}
}
