package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

type failedFixture struct {
	quarantined, rejected, limited int64 // message ids
	quarantinedRaw                 []byte
	limitedSub                     int64
}

// addFailed stores what the error folder gets: a message set aside after
// three attempts that never finished, one that is no e-mail at all, and a
// message too large to load; and a message over the depth limit.
func addFailed(t testing.TB, e *testEnv) failedFixture {
	t.Helper()
	ctx := context.Background()
	var f failedFixture
	f.quarantinedRaw, _ = os.ReadFile("../../testdata/mail/halland-octet.eml")
	f.quarantinedRaw = append([]byte("X-Test: satt-at-sidan\r\n"), f.quarantinedRaw...)
	// three attempts that died: the raw bytes and the count are committed, nothing else
	err := e.st.InTx(ctx, func(tx *sqlx.Tx) error {
		id, err := store.CreateMessage(ctx, tx, &model.Message{SHA256: sha(f.quarantinedRaw), Format: "rfc5322", Source: "imap", SourceRef: "INBOX/1/7",
			From: "eva@regionhalland.se", Subject: "Återrapportering Halland", ReceivedAt: time.Date(2024, 2, 19, 9, 0, 0, 0, time.UTC), StoredAt: time.Now()}, f.quarantinedRaw)
		f.quarantined = id
		for i := 0; i < 3 && err == nil; i++ {
			_, err = store.BeginAttempt(ctx, tx, id, time.Now())
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	item := func(raw []byte, ref string) ingest.Item {
		return ingest.Item{Raw: raw, Format: ingest.FormatMail, Source: "imap", SourceRef: ref}
	}
	out, err := e.pipe.Ingest(ctx, item(f.quarantinedRaw, "INBOX/1/7"))
	if err != nil || !out.Quarantined {
		t.Fatalf("quarantine: %+v, %v", out, err)
	}
	out, err = e.pipe.Ingest(ctx, item([]byte("Det här är ingen e-post\r\nutan rubrikrader\r\n"), "INBOX/1/8"))
	if err != nil || out.Rejected == "" {
		t.Fatalf("rejected: %+v, %v", out, err)
	}
	f.rejected = out.MessageID
	if err := e.st.RecordMailboxError(ctx, store.MailboxError{Mailbox: "villkorsrapport@imap/INBOX", UIDValidity: 1, UID: 9, InternalDate: time.Now(),
		Size: 80 << 20, Reason: "meddelandet är 83886080 byte, mer än gränsen 52428800; det har inte lästs in", Folder: "Behandlade/Fel"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	out, err = e.pipe.Ingest(ctx, item(deepMessage(t), "INBOX/1/10"))
	if err != nil {
		t.Fatal(err)
	}
	f.limited, f.limitedSub = out.MessageID, out.Submission.ID
	return f
}

// deepMessage has its report 12 multiparts down, past the depth limit.
func deepMessage(t testing.TB) []byte {
	docx, err := os.ReadFile("../../testdata/docx/pydocx-full.docx")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteString("From: anna@regionvasterbotten.se\r\nTo: villkorsrapport@tillvaxtverket.se\r\nSubject: Djupt\r\nDate: Tue, 20 Feb 2024 10:00:00 +0100\r\nMessage-ID: <deep@test>\r\nMIME-Version: 1.0\r\n")
	for i := 1; i <= 12; i++ {
		fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n", i, i)
	}
	fmt.Fprintf(&b, "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\nContent-Disposition: attachment; filename=rapport.docx\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n", base64.StdEncoding.EncodeToString(docx))
	for i := 12; i >= 1; i-- {
		fmt.Fprintf(&b, "--b%d--\r\n", i)
	}
	return b.Bytes()
}

func TestFailedMessagesPage(t *testing.T) {
	e := newTestEnv(t)
	f := addFailed(t, e)

	anon := e.client(t)
	for _, path := range []string{"/fel", fmt.Sprintf("/meddelande/%d/original", f.quarantined), "/api/failed"} {
		if resp, _ := anon.get(path); resp.StatusCode == http.StatusOK {
			t.Errorf("%s answers without login", path)
		}
	}

	c := e.clientAs(t, "lars") // a reader sees them too
	resp, body := c.get("/fel")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/fel: %d", resp.StatusCode)
	}
	for _, want := range []string{"Ej behandlade meddelanden", "behandlingen avbröts upprepade gånger (3 försök)", "3 försök",
		"eva@regionhalland.se", "Återrapportering Halland", "2024-02-19 kl. 10.00", "meddelandet kunde inte läsas som e-post",
		"inte inläst", "83886080 byte", fmt.Sprintf(`href="/meddelande/%d/original"`, f.quarantined), `aria-current="page">Ej behandlade`} {
		if !strings.Contains(body, want) {
			t.Errorf("/fel lacks %q", want)
		}
	}
	if strings.Index(body, "83886080") > strings.Index(body, "eva@regionhalland.se") {
		t.Error("not newest first: the mailbox error was recorded last")
	}
	resp, raw := c.get(fmt.Sprintf("/meddelande/%d/original", f.quarantined))
	if resp.StatusCode != http.StatusOK || raw != string(f.quarantinedRaw) || resp.Header.Get("Content-Type") != "message/rfc822" {
		t.Errorf("download: %d %s, %d bytes, want the %d bytes as received", resp.StatusCode, resp.Header.Get("Content-Type"), len(raw), len(f.quarantinedRaw))
	}
	if resp, _ := c.get("/meddelande/999999/original"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown message: %d", resp.StatusCode)
	}

	_, body = c.get("/api/failed")
	var list []store.FailedMessage
	if err := json.Unmarshal([]byte(body), &list); err != nil || len(list) != 3 {
		t.Fatalf("/api/failed: %v, %d entries: %s", err, len(list), body)
	}
	var q *store.FailedMessage
	for i := range list {
		if list[i].MessageID == f.quarantined {
			q = &list[i]
		}
	}
	if q == nil || q.Attempts != 3 || q.Submission == nil || !strings.HasPrefix(q.Reason, ingest.ReasonQuarantined) {
		t.Errorf("quarantined entry %+v", q)
	}

	// the set-aside message's report page says why, and how often it was tried
	_, body = c.get(fmt.Sprintf("/inlamning/%d", *q.Submission))
	for _, want := range []string{"Felmappen", "behandlingen avbröts upprepade gånger (3 försök)", "Lades åt sidan i felmappen", "avbröts 3 gånger i rad"} {
		if !strings.Contains(body, want) {
			t.Errorf("the set-aside submission's page lacks %q", want)
		}
	}
}

func TestMailProblemsShown(t *testing.T) {
	e := newTestEnv(t)
	f := addFailed(t, e)
	c := e.clientAs(t, "lars")
	problem := "meddelandet är för djupt nästlat (fler än 8 nivåer); bilagor längre in har inte lästs"
	_, body := c.get(fmt.Sprintf("/inlamning/%d", f.limitedSub))
	if !strings.Contains(body, "Oläst i meddelandet") || !strings.Contains(body, problem) {
		t.Errorf("the report page does not show the MIME problem %q", problem)
	}
	if strings.Contains(body, "ingen bifogad fil") {
		t.Error("the report page says there was no attachment")
	}
	_, body = c.get(fmt.Sprintf("/api/submissions/%d", f.limitedSub))
	var api struct {
		Message model.Message `json:"message"`
		Result  model.Result  `json:"result"`
	}
	if err := json.Unmarshal([]byte(body), &api); err != nil {
		t.Fatal(err)
	}
	if len(api.Message.Problems) != 1 || api.Message.Problems[0] != problem || api.Message.Attempts != 1 {
		t.Errorf("API message problems %q, attempts %d", api.Message.Problems, api.Message.Attempts)
	}
	codes := map[string]bool{}
	for _, fd := range api.Result.Findings {
		codes[fd.Code] = true
	}
	if !codes["not_docx"] || !codes["mail_incomplete"] {
		t.Errorf("findings %v, want not_docx and mail_incomplete", codes)
	}
	// a message without problems has an empty list, not null
	var ok int64
	mustGet(t, e.st.DB(), &ok, `SELECT id FROM submissions WHERE organisation = 'vastragotaland'`)
	_, body = c.get(fmt.Sprintf("/api/submissions/%d", ok))
	if !strings.Contains(body, `"problems":[]`) {
		t.Errorf("a clean message's problems are not []: %.300s", body)
	}
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
