package ingest

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"mime/multipart"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/spectest"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

func fixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("../../testdata/docx", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

type file struct {
	name, contentType string
	data              []byte
}

// eml builds a multipart/mixed message with a text body and attachments.
func eml(from, to, subject string, date time.Time, msgID string, files ...file) []byte {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	tw, _ := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {"text/plain; charset=utf-8"}})
	fmt.Fprintf(tw, "Hej,\r\nHär kommer återrapporteringen.\r\n")
	for _, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Type", f.contentType)
		h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, f.name))
		h.Set("Content-Transfer-Encoding", "base64")
		pw, _ := mw.CreatePart(h)
		enc := base64.StdEncoding.EncodeToString(f.data)
		for len(enc) > 76 {
			fmt.Fprintf(pw, "%s\r\n", enc[:76])
			enc = enc[76:]
		}
		fmt.Fprintf(pw, "%s\r\n", enc)
	}
	mw.Close()
	var m bytes.Buffer
	fmt.Fprintf(&m, "Received: from mx.example by mail.tillvaxtverket.se; %s\r\n", date.Format(time.RFC1123Z))
	fmt.Fprintf(&m, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\n",
		from, to, subject, date.Add(-time.Minute).Format(time.RFC1123Z), msgID)
	fmt.Fprintf(&m, "Content-Type: multipart/mixed; boundary=%s\r\n\r\n", mw.Boundary())
	m.Write(body.Bytes())
	return m.Bytes()
}

const allRecipients = "li.registrator@regeringskansliet.se, tillvaxtverket@tillvaxtverket.se, villkorsrapport@tillvaxtverket.se"

var sthlm, _ = time.LoadLocation("Europe/Stockholm")

func at(day, hour int) time.Time { return time.Date(2024, 2, day, hour, 0, 0, 0, sthlm) }

func newPipeline(t testing.TB) (*Pipeline, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	s, err := store.Open(context.Background(), path, orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	p := New(s, orgs.Default(), "test")
	p.Templates = spectest.Set(t, 2023)
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	p.Now = func() time.Time { now = now.Add(time.Second); return now }
	return p, path
}

func mailItem(raw []byte, ref string) Item {
	return Item{Raw: raw, Format: FormatMail, Source: "file", SourceRef: ref}
}

func hasCode(codes []string, code string) bool {
	for _, c := range codes {
		if c == code {
			return true
		}
	}
	return false
}

func codesOf(out *Outcome) []string {
	var cs []string
	for _, f := range out.Result.Findings {
		cs = append(cs, f.Code)
	}
	return cs
}

var _ = strings.TrimSpace
