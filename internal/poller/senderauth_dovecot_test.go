package poller

import (
	"testing"
	"time"
)

// Authentication-Results fields, folded over lines as receiving servers
// write them, come through a real IMAP server intact: with
// mail.require_authenticated the authenticated report is tied to its body,
// the one with only a field its sender wrote waits unassigned, warned.
func TestDovecotSenderAuthentication(t *testing.T) {
	t.Parallel() // each has its own Dovecot; they mostly wait on it and on fsync
	d, e := dovecotEnv(t)
	e.pipe.AuthServID, e.pipe.RequireAuthenticated = "mx.tillvaxtverket.se", true
	raw := mail(t, "skane-late.eml")
	pass := append([]byte("Authentication-Results: mx.tillvaxtverket.se;\r\n\tdkim=pass (2048-bit key; unprotected) header.d=skane.se header.s=sel1;\r\n"+
		"\tspf=pass (mx.tillvaxtverket.se: domain of asa.lindqvist@skane.se designates 192.0.2.7 as permitted sender) smtp.mailfrom=asa.lindqvist@skane.se;\r\n"+
		"\tdmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=skane.se\r\n"), variantMessage(raw, 1)...)
	forged := append([]byte("Received: from relay.example by mx.tillvaxtverket.se; Fri, 23 Feb 2024 09:15:04 +0100\r\n"+
		"Authentication-Results: relay.example; dkim=pass header.d=skane.se; dmarc=pass header.from=skane.se\r\n"), variantMessage(raw, 2)...)
	d.Append("INBOX", [][]byte{pass, forged}, time.Date(2024, 2, 23, 9, 0, 0, 0, time.UTC))
	e.start(e.poller())
	eventually(t, 20*time.Second, "both messages", func() bool { return d.Count("INBOX") == 0 })
	if n := e.count(`SELECT count(*) FROM submissions WHERE organisation = 'skane'`); n != 1 {
		t.Errorf("%d submissions tied to Region Skåne, want 1 (the authenticated one)", n)
	}
	if n := e.count(`SELECT count(*) FROM submissions WHERE state = 'unassigned'`); n != 1 {
		t.Errorf("%d unassigned, want 1 (the one with a field its sender wrote)", n)
	}
	if n := e.count(`SELECT count(*) FROM findings WHERE code = 'sender_unverified'`); n != 1 {
		t.Errorf("%d sender_unverified findings, want 1", n)
	}
	if n := e.count(`SELECT count(*) FROM message_sender_auth WHERE json_extract(verdict, '$.dmarc_pass') = 1 AND json_array_length(verdict, '$.checks') = 3`); n != 1 {
		t.Errorf("%d stored verdicts with DMARC pass and three checks, want 1", n)
	}
}
