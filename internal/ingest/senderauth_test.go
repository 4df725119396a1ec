package ingest

import (
	"context"
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
)

// withAuth puts an Authentication-Results field on top of a message, as
// the receiving server does.
func withAuth(field string, raw []byte) []byte {
	return append([]byte("Authentication-Results: "+field+"\r\n"), raw...)
}

func TestSenderAuthentication(t *testing.T) {
	const id = "mx.tillvaxtverket.se"
	ctx := context.Background()
	full := fixture(t, "pydocx-full.docx") // names Region Västerbotten in its text
	halland := "Anna Andersson <anna@regionhalland.se>"
	pass := id + "; dkim=pass header.d=regionhalland.se; spf=pass smtp.mailfrom=regionhalland.se; dmarc=pass header.from=regionhalland.se"
	forged := "mx.regionhalland.se; dkim=pass header.d=regionhalland.se; dmarc=pass header.from=regionhalland.se"
	tests := []struct {
		name     string
		require  bool
		raw      []byte
		org      string // "" unassigned
		warned   bool   // sender_unverified
		dmarcRec bool   // the stored verdict says DMARC passed
	}{
		{"authenticated, required", true,
			withAuth(pass, eml(halland, allRecipients, "Återrapportering", at(20, 9), "a1@halland", file{"rapport.docx", docxType, full})),
			"halland", false, true},
		{"only a field the sender wrote, required", true,
			withAuth(forged, eml(halland, allRecipients, "Återrapportering", at(20, 9), "a2@halland", file{"rapport.docx", docxType, full})),
			"", true, false},
		{"only a field the sender wrote, not required", false,
			withAuth(forged, eml(halland, allRecipients, "Återrapportering", at(20, 9), "a3@halland", file{"rapport.docx", docxType, full})),
			"halland", true, false},
		{"DMARC fail for a body's domain, required", true,
			withAuth(id+"; dkim=none; spf=fail smtp.mailfrom=regionhalland.se; dmarc=fail header.from=regionhalland.se",
				eml(halland, allRecipients, "Återrapportering", at(20, 9), "a4@halland", file{"rapport.docx", docxType, full})),
			"", true, false},
		{"a gmail sender naming a body in the report, required", true,
			withAuth(id+"; dmarc=pass header.from=gmail.com", eml("x@gmail.com", allRecipients, "rapport", at(20, 9), "a5@gmail", file{"rapport.docx", docxType, full})),
			"", false, true},
		{"a gmail sender naming a body in the report, not required", false,
			withAuth(id+"; dmarc=pass header.from=gmail.com", eml("x@gmail.com", allRecipients, "rapport", at(20, 9), "a6@gmail", file{"rapport.docx", docxType, full})),
			"vasterbotten", false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := newPipeline(t)
			p.AuthServID, p.RequireAuthenticated = id, tc.require
			o, err := p.Ingest(ctx, mailItem(tc.raw, "m.eml"))
			if err != nil {
				t.Fatal(err)
			}
			if o.Submission.Organisation != tc.org {
				t.Errorf("organisation %q (by %q), want %q", o.Submission.Organisation, o.Submission.MatchedBy, tc.org)
			}
			if tc.org == "" && o.Submission.State != model.StateUnassigned {
				t.Errorf("state %s, want unassigned", o.Submission.State)
			}
			if got := hasCode(codesOf(o), "sender_unverified"); got != tc.warned {
				t.Errorf("sender_unverified %v, want %v: %v", got, tc.warned, codesOf(o))
			}
			m, err := p.Store.Message(ctx, o.MessageID)
			if err != nil {
				t.Fatal(err)
			}
			if m.SenderAuth == nil || m.SenderAuth.DMARCPass != tc.dmarcRec || m.SenderAuth.AuthServID != id {
				t.Fatalf("stored sender authentication %+v, want DMARC pass %v", m.SenderAuth, tc.dmarcRec)
			}
			// checked again from the stored bytes: the same verdict
			if _, err := p.Reprocess(ctx, o.Submission.ID); err != nil {
				t.Fatal(err)
			}
			again, _ := p.Store.Message(ctx, o.MessageID)
			if again.SenderAuth == nil || again.SenderAuth.DMARCPass != tc.dmarcRec || len(again.SenderAuth.Checks) != len(m.SenderAuth.Checks) {
				t.Errorf("after a new check %+v, before %+v", again.SenderAuth, m.SenderAuth)
			}
		})
	}
}

// Without an authserv-id nothing is checked or stored, as before.
func TestSenderAuthenticationOff(t *testing.T) {
	p, _ := newPipeline(t)
	ctx := context.Background()
	raw := withAuth("mx.x; dmarc=fail", eml("Anna <anna@regionhalland.se>", allRecipients, "r", at(20, 9), "b1@halland", file{"rapport.docx", docxType, fixture(t, "pydocx-full.docx")}))
	o, err := p.Ingest(ctx, mailItem(raw, "m.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if hasCode(codesOf(o), "sender_unverified") || o.Submission.Organisation != "halland" {
		t.Errorf("findings %v, organisation %q", codesOf(o), o.Submission.Organisation)
	}
	if m, _ := p.Store.Message(ctx, o.MessageID); m.SenderAuth != nil {
		t.Errorf("stored %+v without an authserv-id", m.SenderAuth)
	}
}
