package poller

import (
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/imapscript"
)

// Older Exchange has no MOVE: the poller copies, marks \Deleted and
// expunges, with UID EXPUNGE (UIDPLUS) or, without UIDPLUS, a plain
// EXPUNGE. Each message ends up once in the processed folder and is gone
// from the inbox; MOVE is never sent.
func TestWithoutMoveCopyAndExpunge(t *testing.T) {
	for _, tt := range []struct {
		caps, expunge string
	}{{"IMAP4rev1 IDLE UIDPLUS", "UID EXPUNGE"}, {"IMAP4rev1 IDLE", "EXPUNGE"}} {
		t.Run(tt.caps, func(t *testing.T) {
			msgs := []imapscript.Message{{UID: 3, Raw: mailBytes(t, "skane-late.eml")}, {UID: 4, Raw: mailBytes(t, "vasterbotten-ontime.eml")},
				{UID: 9, Raw: mailBytes(t, "noattachment.eml")}}
			h := newHostile(t, imapscript.Options{Caps: tt.caps}, msgs...)
			stop := h.run(h.poller())
			h.waitFor(10*time.Second, "all three expunged", func() bool {
				return h.srv.Expunged(3) && h.srv.Expunged(4) && h.srv.Expunged(9)
			})
			stop(5 * time.Second)
			for _, m := range msgs {
				if want := "Behandlade"; !slices.Equal(h.srv.Copies(m.UID), []string{want}) {
					t.Errorf("UID %d copied to %v, want once to %s", m.UID, h.srv.Copies(m.UID), want)
				}
			}
			if n := h.srv.Count("UID MOVE"); n != 0 {
				t.Errorf("%d UID MOVE commands to a server without MOVE", n)
			}
			if n := h.srv.Count(tt.expunge); n != 3 {
				t.Errorf("%d %s commands, want 3", n, tt.expunge)
			}
			if n := h.count(`SELECT count(*) FROM messages`); n != 3 {
				t.Errorf("%d messages stored, want 3", n)
			}
		})
	}
}

// Without UIDPLUS, a plain EXPUNGE would also remove what someone else
// marked \Deleted: then the message is copied and flagged, not expunged,
// and the other message keeps its flag and stays.
func TestWithoutUIDPlusOthersDeletedAreNotExpunged(t *testing.T) {
	h := newHostile(t, imapscript.Options{Caps: "IMAP4rev1 IDLE"},
		imapscript.Message{UID: 1, Raw: []byte(tinyMail)}, imapscript.Message{UID: 2, Raw: mailBytes(t, "skane-late.eml")})
	h.srv.SetFlag(1, `\Deleted`) // a person's, in a mail client that does not expunge
	st, err := h.st.MailboxState(t.Context(), h.cfg.User+"@"+h.cfg.Addr+"/INBOX")
	if err != nil {
		t.Fatal(err)
	}
	st.Mailbox, st.UIDValidity, st.LastUID = h.cfg.User+"@"+h.cfg.Addr+"/INBOX", 7, 1 // UID 1 is older than the poller
	if err := h.st.SaveMailboxState(t.Context(), st, time.Now()); err != nil {
		t.Fatal(err)
	}
	stop := h.run(h.poller())
	h.waitFor(10*time.Second, "the keyword on UID 2", func() bool { return h.srv.HasFlag(2, h.cfg.Keyword) })
	stop(5 * time.Second)
	if h.srv.Count("EXPUNGE") != 0 || h.srv.Expunged(1) || h.srv.Expunged(2) {
		t.Errorf("expunged: %d EXPUNGE, UID 1 %v, UID 2 %v", h.srv.Count("EXPUNGE"), h.srv.Expunged(1), h.srv.Expunged(2))
	}
	if !h.srv.HasFlag(1, `\Deleted`) || h.srv.HasFlag(2, `\Deleted`) {
		t.Errorf("\\Deleted: UID 1 %v (want kept), UID 2 %v (want taken off)", h.srv.HasFlag(1, `\Deleted`), h.srv.HasFlag(2, `\Deleted`))
	}
	if got := h.srv.Copies(2); !slices.Equal(got, []string{"Behandlade"}) {
		t.Errorf("UID 2 copied to %v", got)
	}
	if !strings.Contains(h.logs.String(), "EXPUNGE would remove them too") {
		t.Errorf("log lacks the reason:\n%s", h.logs.String())
	}
}

// Folder names with spaces, "&" and non-ASCII letters, as the inbox, the
// processed and the error folder, against Dovecot: go-imap encodes them
// in modified UTF-7 (RFC 3501 5.1.3) on the wire and decodes the server's
// answers, so the folders are created, selected and moved to by name.
func TestDovecotNonASCIIFolders(t *testing.T) {
	t.Parallel() // each has its own Dovecot; they mostly wait on it and on fsync
	d, e := dovecotEnv(t)
	const inbox, processed, failed = "Återrapporter", "Behandlade rapporter", "Behandlade rapporter/Fel & fråga"
	c := d.client()
	if err := c.Create(inbox, nil).Wait(); err != nil {
		t.Fatal(err)
	}
	c.Close()
	raw := mail(t, "skane-late.eml")
	d.Append(inbox, [][]byte{raw, variantMessage(mail(t, "vasterbotten-ontime.eml"), 1), []byte("Det här är ingen e-post\r\nutan rubrikrader\r\n")}, time.Now())
	e.cfg.Mailbox, e.cfg.ProcessedFolder, e.cfg.ErrorFolder = inbox, processed, failed
	e.start(e.poller())
	dovecotFailedName := strings.ReplaceAll(failed, "/", ".") // Maildir's separator
	eventually(t, 20*time.Second, "all three moved", func() bool { return d.Count(inbox) == 0 })
	if d.Count(processed) != 2 || d.Count(dovecotFailedName) != 1 {
		t.Errorf("%s %d (want 2), %s %d (want 1)", processed, d.Count(processed), dovecotFailedName, d.Count(dovecotFailedName))
	}
	if n := e.count(`SELECT count(*) FROM messages WHERE source_ref LIKE 'Återrapporter/%'`); n != 3 {
		t.Errorf("%d messages stored from %s, want 3", n, inbox)
	}

	// on the wire the names are modified UTF-7: & is "&-", Å "&AMU-", å "&AOU-"
	conn, err := net.Dial("tcp", d.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "a LOGIN %s %s\r\nb LIST \"\" \"*\"\r\nc LOGOUT\r\n", dovecotUser, dovecotPassword)
	wire, _ := io.ReadAll(conn)
	for _, want := range []string{`"." &AMU-terrapporter` + "\r\n", `"Behandlade rapporter"`, `"Behandlade rapporter.Fel &- fr&AOU-ga"`} {
		if !strings.Contains(string(wire), want) {
			t.Errorf("LIST on the wire lacks %s:\n%s", want, wire)
		}
	}
	// and imap test (Probe) finds them by name
	res, err := Probe(t.Context(), e.cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := []ProbeFolder{{"mailbox", inbox, true, 0}, {"processed", processed, true, 0}, {"failed", dovecotFailedName, true, 0}}
	if !slices.Equal(res.Folders, want) {
		t.Errorf("probe folders %+v, want %+v", res.Folders, want)
	}
}

// idleLimit is a scripted IDLE that the server ends with BYE and a
// hang-up when the client has not said DONE within limit; drops, when
// not nil, counts the IDLEs it ended so.
func idleLimit(limit time.Duration, drops *atomic.Int32) imapscript.Handler {
	return func(s *imapscript.Session, tag, name, args string) bool {
		if name != "IDLE" {
			return false
		}
		s.Send("+ idling")
		done := make(chan error, 1)
		go func() { _, err := s.ReadLine(); done <- err }()
		select {
		case err := <-done:
			if err == nil {
				s.Send("%s OK IDLE terminated", tag)
			}
		case <-time.After(limit):
			if drops != nil {
				drops.Add(1)
			}
			s.Send("* BYE Session timed out during IDLE")
			s.Close()
		}
		return true
	}
}

// A server that drops the session during IDLE (Exchange after about 30
// minutes): the poller reconnects, logs why, and takes what arrived.
func TestIdleDroppedByServer(t *testing.T) {
	h := newHostile(t, imapscript.Options{Handle: idleLimit(300*time.Millisecond, nil)}, imapscript.Message{UID: 1, Raw: mailBytes(t, "skane-late.eml")})
	h.cfg.PollInterval = time.Hour // only IDLE ends the wait
	p := h.poller()
	p.idleMax = time.Hour
	stop := h.run(p)
	h.waitFor(10*time.Second, "the first message and a dropped IDLE", func() bool { return h.srv.Moved(1) != "" && h.srv.Sessions() >= 2 })
	h.srv.Deliver(imapscript.Message{UID: 2, Raw: mailBytes(t, "vasterbotten-ontime.eml")})
	h.waitFor(10*time.Second, "the message delivered after the drop", func() bool { return h.srv.Moved(2) != "" })
	stop(5 * time.Second)
	if !strings.Contains(h.logs.String(), "the server ended the session during IDLE") {
		t.Errorf("log lacks the dropped IDLE:\n%s", h.logs.String())
	}
	if n := h.count(`SELECT count(*) FROM messages`); n != 2 {
		t.Errorf("%d messages stored, want 2", n)
	}
}

// A server that drops IDLE after a limit: the poller ends each IDLE with
// DONE and issues a new one before it, and the session outlives the
// limit by half again; with a restart interval past the limit the same
// server drops it.
func TestIdleReissuedBeforeServerLimit(t *testing.T) {
	const limit = time.Second
	for _, tt := range []struct {
		restart time.Duration
		dropped bool
	}{{limit / 10, false}, {time.Minute, true}} {
		t.Run(tt.restart.String(), func(t *testing.T) {
			t.Parallel() // each waits on the server's limit
			var drops atomic.Int32
			h := newHostile(t, imapscript.Options{Handle: idleLimit(limit, &drops)})
			h.cfg.PollInterval = time.Hour
			p := h.poller()
			p.idleMax = tt.restart
			stop := h.run(p)
			if tt.dropped {
				h.waitFor(10*time.Second, "the server's drop of an IDLE and a new session", func() bool { return drops.Load() > 0 && h.srv.Sessions() >= 2 })
			} else {
				// an IDLE lasts at least the restart interval: 16 of
				// them span 1.5 times the server's limit
				h.waitFor(10*time.Second, "16 IDLE commands", func() bool { return h.srv.Count("IDLE") >= 16 })
			}
			stop(5 * time.Second)
			sessions, idles := h.srv.Sessions(), h.srv.Count("IDLE")
			if dropped := drops.Load() > 0 || sessions > 1; dropped != tt.dropped {
				t.Errorf("IDLE restarted every %v: %d sessions, %d IDLE, %d dropped by the server; dropped %v, want %v\n%s",
					tt.restart, sessions, idles, drops.Load(), dropped, tt.dropped, h.logs.String())
			}
		})
	}
}

// The poller's IDLE restart is within RFC 2177's 29 minutes.
func TestIdleRestartWithinRFC2177(t *testing.T) {
	h := newHostile(t, imapscript.Options{})
	if p := h.poller(); p.idleMax <= 0 || p.idleMax >= 29*time.Minute {
		t.Errorf("IDLE restarted every %v, want under 29m", p.idleMax)
	}
}
