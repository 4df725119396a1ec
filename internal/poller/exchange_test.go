package poller

import (
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
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
