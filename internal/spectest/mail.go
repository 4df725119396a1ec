package spectest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"mime/multipart"
	"net/textproto"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Message is one e-mail of the two-year scenario, with the year the rule
// must file it under and how the year is found.
type Message struct {
	Name     string // file name, e.g. "vasterbotten-2024.eml"
	Raw      []byte
	Org      string // the reporting body's id
	Year     int
	From     string // compliance.Year* value
	Late     bool
	Received time.Time
}

// File is an attachment.
type File struct {
	Name, ContentType string
	Data              []byte
}

const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// Docx reads a fixture from testdata/docx.
func Docx(tb testing.TB, name string) File {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(Root(), "testdata", "docx", name))
	if err != nil {
		tb.Fatal(err)
	}
	return File{Name: name, ContentType: docxType, Data: b}
}

// Mail builds a multipart message to all three recipients of the template,
// received (topmost Received: header) at the given time.
func Mail(from, subject, body string, at time.Time, msgID string, files ...File) []byte {
	var parts bytes.Buffer
	mw := multipart.NewWriter(&parts)
	tw, _ := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {"text/plain; charset=utf-8"}, "Content-Transfer-Encoding": {"8bit"}})
	fmt.Fprintf(tw, "%s\r\n", body)
	for _, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Type", f.ContentType)
		h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, f.Name))
		h.Set("Content-Transfer-Encoding", "base64")
		pw, _ := mw.CreatePart(h)
		enc := base64.StdEncoding.EncodeToString(f.Data)
		for len(enc) > 76 {
			fmt.Fprintf(pw, "%s\r\n", enc[:76])
			enc = enc[76:]
		}
		fmt.Fprintf(pw, "%s\r\n", enc)
	}
	mw.Close()
	var m bytes.Buffer
	fmt.Fprintf(&m, "Received: from mx.example.se by mx1.tillvaxtverket.se; %s\r\n", at.Format(time.RFC1123Z))
	fmt.Fprintf(&m, "From: %s\r\nTo: li.registrator@regeringskansliet.se, tillvaxtverket@tillvaxtverket.se, villkorsrapport@tillvaxtverket.se\r\n", from)
	fmt.Fprintf(&m, "Subject: =?utf-8?B?%s?=\r\nDate: %s\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\n",
		base64.StdEncoding.EncodeToString([]byte(subject)), at.Add(-2*time.Minute).Format(time.RFC1123Z), msgID)
	fmt.Fprintf(&m, "Content-Type: multipart/mixed; boundary=%s\r\n\r\n", mw.Boundary())
	m.Write(parts.Bytes())
	return m.Bytes()
}

// SecondYearMail is the mail of the two-year scenario beside
// testdata/mail (the 2023 reports of February 2024): 2024 reports, 2023
// corrections that arrive while the 2024 intake is open, and messages
// without a readable report.
func SecondYearMail(tb testing.TB) []Message {
	tb.Helper()
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, Stockholm) }
	pdf, err := os.ReadFile(filepath.Join(Root(), "testdata", "bad", "report.pdf"))
	if err != nil {
		tb.Fatal(err)
	}
	msgs := []Message{
		{Name: "vasterbotten-2024.eml", Org: "vasterbotten", Year: 2024, From: "title", Received: at(2025, 2, 18, 10, 5),
			Raw: Mail("Anna Lindqvist <anna.lindqvist@regionvasterbotten.se>", "Återrapportering av villkorsbeslut 2024 – Region Västerbotten",
				"Hej! Här kommer Region Västerbottens återrapportering.", at(2025, 2, 18, 10, 5), "vb2024@regionvasterbotten.se",
				Docx(tb, "pydocx-2024-full.docx"))},
		{Name: "skane-2024-untitled.eml", Org: "skane", Year: 2024, From: "questions", Received: at(2025, 2, 19, 14, 30),
			Raw: Mail("Per Nilsson <per.nilsson@skane.se>", "Rapport från Region Skåne",
				"Hej, rapporten bifogas.", at(2025, 2, 19, 14, 30), "sk2024@skane.se", Docx(tb, "pydocx-2024-untitled.docx"))},
		{Name: "halland-2023-untitled.eml", Org: "halland", Year: 2023, From: "questions", Late: true, Received: at(2025, 2, 10, 9, 0),
			Raw: Mail("Eva Berg <eva.berg@regionhalland.se>", "Korrigerad rapport",
				"Hej, här är vår korrigerade rapport.", at(2025, 2, 10, 9, 0), "ha2023@regionhalland.se", Docx(tb, "pydocx-untitled.docx"))},
		{Name: "jonkoping-2023-noreport.eml", Org: "jonkoping", Year: 2023, From: "mail", Late: true, Received: at(2025, 2, 12, 11, 0),
			Raw: Mail("Lena Ek <lena.ek@rjl.se>", "Återrapportering av villkorsbeslut 2023 – komplettering",
				"Vi återkommer med en komplettering.", at(2025, 2, 12, 11, 0), "jk2023@rjl.se")},
		{Name: "dalarna-2024-noreport.eml", Org: "dalarna", Year: 2024, From: "received", Received: at(2025, 2, 14, 16, 0),
			Raw: Mail("Olof Dahl <olof.dahl@regiondalarna.se>", "Rapporten kommer",
				"Rapporten kommer i nästa vecka.", at(2025, 2, 14, 16, 0), "da2024@regiondalarna.se")},
		{Name: "orebro-2023-late-pdf.eml", Org: "orebro", Year: 2023, From: "received", Late: true, Received: at(2024, 3, 4, 8, 45),
			Raw: Mail("Karin Ö <karin@regionorebrolan.se>", "Vår rapport",
				"Bifogat som PDF.", at(2024, 3, 4, 8, 45), "or2023@regionorebrolan.se", File{Name: "rapport.pdf", ContentType: "application/pdf", Data: pdf})},
	}
	return msgs
}
