package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/memimap"
)

func imapEnv(t *testing.T, srv *memimap.Server, password string) {
	noDefaultDB(t)
	t.Setenv("VILLKORSINTAG_IMAP_ADDR", srv.Addr)
	t.Setenv("VILLKORSINTAG_IMAP_TLS", "none")
	t.Setenv("VILLKORSINTAG_IMAP_USER", srv.User)
	t.Setenv("VILLKORSINTAG_IMAP_PASSWORD", password)
	t.Setenv("VILLKORSINTAG_CONFIG", "")
}

// imap test logs in, reports the capabilities and the folders, and changes
// nothing: the missing processed folder is not created, no message moves.
func TestIMAPTest(t *testing.T) {
	srv, err := memimap.Start("villkorsrapport", "hemligt", memimap.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for i := 0; i < 2; i++ {
		if _, err := srv.Deliver("INBOX", []byte("From: a@b.se\r\nSubject: x\r\n\r\nhej\r\n"), time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	imapEnv(t, srv, srv.Password)
	code, out, errOut := run(t, "imap", "test")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"Server: " + srv.Addr + " (utan TLS)", "Inloggning: LOGIN som villkorsrapport", "Förmågor: ", "IDLE", "MOVE",
		"brevlådan  INBOX: finns, 2 meddelanden", "behandlade Behandlade: finns inte; skapas när tjänsten startar",
		"Ingenting har ändrats på servern."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n, err := srv.Count("Behandlade"); err == nil {
		t.Errorf("imap test created Behandlade (%d messages)", n)
	}
	if n, _ := srv.Count("INBOX"); n != 2 {
		t.Errorf("%d in INBOX, want 2", n)
	}

	// a wrong password: a Swedish line naming the problem, exit 2
	imapEnv(t, srv, "fel")
	code, out, errOut = run(t, "imap", "test")
	if code != ExitFailure || !strings.Contains(errOut, "villkorsintag imap test: anslutningen misslyckades: login as villkorsrapport") {
		t.Errorf("wrong password: exit %d\n%s\n%s", code, out, errOut)
	}
	// a missing mailbox is a finding, exit 1
	imapEnv(t, srv, srv.Password)
	t.Setenv("VILLKORSINTAG_IMAP_MAILBOX", "Återrapporter")
	code, out, errOut = run(t, "imap", "test")
	if code != ExitFindings || !strings.Contains(out, "Återrapporter: FINNS INTE") || !strings.Contains(errOut, `brevlådan "Återrapporter" finns inte`) {
		t.Errorf("missing mailbox: exit %d\n%s\n%s", code, out, errOut)
	}
}
