package message

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

type expect struct {
	MessageID   string   `json:"message_id"`
	From        string   `json:"from"`
	To          []string `json:"to"`
	Cc          []string `json:"cc"`
	Subject     string   `json:"subject"`
	Received    string   `json:"received"`
	Attachments []struct {
		Filename    string `json:"filename"`
		ContentType string `json:"content_type"`
		SHA256      string `json:"sha256"`
		Docx        bool   `json:"docx"`
	} `json:"attachments"`
}

// TestFixtures parses every message in testdata/mail (made by
// testdata/make/mail/make.py) and compares with what Python's parser saw.
func TestFixtures(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/mail/*.eml")
	if len(files) < 10 {
		t.Fatalf("%d fixtures", len(files))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".eml")
		t.Run(name, func(t *testing.T) {
			var want expect
			raw, _ := os.ReadFile(strings.TrimSuffix(f, ".eml") + ".expect.json")
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatal(err)
			}
			data, _ := os.ReadFile(f)
			m, err := Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			if m.MessageID != want.MessageID || m.From != want.From || m.Subject != want.Subject {
				t.Errorf("header: %q %q %q, want %q %q %q", m.MessageID, m.From, m.Subject, want.MessageID, want.From, want.Subject)
			}
			if !slices.Equal(m.To, want.To) || !slices.Equal(m.Cc, nilIfEmpty(want.Cc)) && !(len(m.Cc) == 0 && len(want.Cc) == 0) {
				t.Errorf("recipients: %v %v, want %v %v", m.To, m.Cc, want.To, want.Cc)
			}
			wr, _ := time.Parse(time.RFC3339, want.Received)
			if !m.Received.Equal(wr) {
				t.Errorf("received %v, want %v", m.Received, wr)
			}
			if len(m.Attachments) != len(want.Attachments) {
				t.Fatalf("%d attachments, want %d", len(m.Attachments), len(want.Attachments))
			}
			for i, a := range m.Attachments {
				w := want.Attachments[i]
				sum := sha256.Sum256(a.Data)
				if a.Filename != w.Filename || a.ContentType != w.ContentType || (a.Kind == KindDocx) != w.Docx {
					t.Errorf("attachment %d: %q %q %s, want %q %q docx=%v", i, a.Filename, a.ContentType, a.Kind, w.Filename, w.ContentType, w.Docx)
				}
				if hex.EncodeToString(sum[:]) != w.SHA256 {
					t.Errorf("attachment %d: bytes differ", i)
				}
			}
		})
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestTNEFAndText(t *testing.T) {
	data, err := os.ReadFile("../../testdata/mail/winmail.eml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Attachments) != 1 || m.Attachments[0].Kind != KindTNEF {
		t.Errorf("winmail.dat: %+v", m.Attachments)
	}
	data, _ = os.ReadFile("../../testdata/mail/latin1.eml")
	m, _ = Parse(data)
	if !strings.Contains(m.Text, "Ä 2023-2905") || !strings.Contains(m.Subject, "å") && !strings.Contains(m.Subject, "ä") && !strings.Contains(m.Subject, "Å") {
		t.Errorf("latin-1 text not decoded: subject %q text %.200q", m.Subject, m.Text)
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/mail/*.eml")
	for _, name := range files {
		data, _ := os.ReadFile(name)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseWithLimits(data, Limits{Parts: 50, PartSize: 1 << 20, Depth: 4, TextBytes: 4096})
		if err == nil && m == nil {
			t.Fatal("nil message without error")
		}
	})
}

// TestAuthResultsOrder: the Authentication-Results fields come topmost
// first, as internal/mailauth needs (the receiving server's own is on top).
func TestAuthResultsOrder(t *testing.T) {
	raw := "Authentication-Results: mx.tillvaxtverket.se; dmarc=pass header.from=regionhalland.se\r\n" +
		"Received: from mail.regionhalland.se by mx.tillvaxtverket.se; Tue, 20 Feb 2024 14:03:07 +0100\r\n" +
		"Authentication-Results: mx.tillvaxtverket.se; dmarc=fail\r\n" +
		"Authentication-Results: mx.regionhalland.se;\r\n\tdkim=pass header.d=regionhalland.se\r\n" +
		"From: Anna <anna@regionhalland.se>\r\nSubject: x\r\nDate: Tue, 20 Feb 2024 14:00:00 +0100\r\n\r\nText\r\n"
	m, err := Parse([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"mx.tillvaxtverket.se; dmarc=pass header.from=regionhalland.se", "mx.tillvaxtverket.se; dmarc=fail", "mx.regionhalland.se;"}
	if len(m.AuthResults) != 3 {
		t.Fatalf("AuthResults = %q", m.AuthResults)
	}
	for i, w := range want {
		if !strings.HasPrefix(m.AuthResults[i], w) {
			t.Errorf("AuthResults[%d] = %q, want it to start %q", i, m.AuthResults[i], w)
		}
	}
}
