package ingest

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
)

// nested builds a message whose docx sits under depth multiparts, after
// filler text parts.
func nested(depth, filler int, docx []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: anna@regionvasterbotten.se\r\nTo: %s\r\nSubject: Återrapportering\r\nDate: Tue, 20 Feb 2024 10:00:00 +0100\r\nMessage-ID: <limits-%d-%d@test>\r\nMIME-Version: 1.0\r\n", allRecipients, depth, filler)
	var open func(level int)
	open = func(level int) {
		bd := fmt.Sprintf("b%d", level)
		fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=%s\r\n\r\n", bd)
		if level == 1 {
			for i := 0; i < filler; i++ {
				fmt.Fprintf(&b, "--%s\r\nContent-Type: text/plain\r\n\r\ndel %d\r\n", bd, i)
			}
		}
		fmt.Fprintf(&b, "--%s\r\n", bd)
		if level < depth {
			open(level + 1)
		} else {
			fmt.Fprintf(&b, "Content-Type: %s\r\nContent-Disposition: attachment; filename=\"rapport.docx\"\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n", docxType, base64.StdEncoding.EncodeToString(docx))
		}
		fmt.Fprintf(&b, "--%s--\r\n", bd)
	}
	open(1)
	return b.Bytes()
}

// TestMailLimitsAreToldHonestly: a report attached past the part or depth
// limit is not read; the finding says why instead of "no attachment", and
// the problems are stored with the message.
func TestMailLimitsAreToldHonestly(t *testing.T) {
	docx := fixture(t, "pydocx-full.docx")
	for _, tc := range []struct {
		name          string
		raw           []byte
		want, problem string
	}{
		{"too many parts", nested(1, 600, docx), "fler delar än 500", "meddelandet har fler delar än 500; bilagor längre in har inte lästs"},
		{"too deep", nested(12, 0, docx), "för djupt nästlat", "meddelandet är för djupt nästlat (fler än 8 nivåer); bilagor längre in har inte lästs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := newPipeline(t)
			out, err := p.Ingest(context.Background(), mailItem(tc.raw, "limits.eml"))
			if err != nil {
				t.Fatal(err)
			}
			var notDocx, incomplete string
			for _, f := range out.Result.Findings {
				switch f.Code {
				case "not_docx":
					notDocx = f.Message
				case "mail_incomplete":
					incomplete = f.Message
				}
			}
			if !strings.Contains(notDocx, tc.want) || !strings.Contains(notDocx, "bilagor längre in har inte lästs") || strings.Contains(notDocx, "ingen bifogad fil") {
				t.Errorf("not_docx %q, want it to say %q", notDocx, tc.want)
			}
			if !strings.Contains(incomplete, tc.problem) {
				t.Errorf("mail_incomplete %q, want %q", incomplete, tc.problem)
			}
			m := p.messageRow(t, out.MessageID)
			if len(m.Problems) != 1 || m.Problems[0] != tc.problem {
				t.Errorf("stored problems %q, want [%q]", m.Problems, tc.problem)
			}
			if m.State != "processed" {
				t.Errorf("state %s", m.State)
			}
		})
	}
	// within the limits the report is read and nothing is told
	p, _ := newPipeline(t)
	out, err := p.Ingest(context.Background(), mailItem(nested(6, 100, docx), "ok.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if hasCode(codesOf(out), "not_docx") || hasCode(codesOf(out), "mail_incomplete") {
		t.Errorf("a message within the limits: %v", codesOf(out))
	}
	if m := p.messageRow(t, out.MessageID); len(m.Problems) != 0 {
		t.Errorf("problems %q", m.Problems)
	}
}
