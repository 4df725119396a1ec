// Package message reads a received e-mail (RFC 5322): who sent it to whom,
// when it arrived, its text, and every attachment, also those inside a
// forwarded message. The raw bytes are the caller's to keep: this package
// only reads them.
package message

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	netmail "net/mail"
	"path"
	"strings"
	"time"

	gomessage "github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // non-UTF-8 mail
	"github.com/emersion/go-message/mail"
	"golang.org/x/text/unicode/norm"
)

// Limits bound what one message may make us read.
type Limits struct {
	Parts     int   // entities, counted over all nesting
	PartSize  int64 // decoded bytes of one part
	Depth     int   // nesting of multiparts and forwarded messages
	TextBytes int   // body text kept for searching (diarienummer)
}

// DefaultLimits are the bounds Parse uses.
var DefaultLimits = Limits{Parts: 500, PartSize: 50 << 20, Depth: 8, TextBytes: 256 << 10}

// Attachment kinds.
const (
	KindDocx  = "docx"
	KindTNEF  = "tnef"  // Outlook's winmail.dat: not supported
	KindOther = "other" // anything else (PDF, images, …)
)

// Message is a parsed e-mail.
type Message struct {
	MessageID string
	From      string // the sender's address
	FromName  string
	To, Cc    []string
	Subject   string
	// Headers that decide whether an automatic reply may be sent (RFC 3834).
	AutoSubmitted, ListID, Precedence string
	References                        string    // References and Message-ID, for a reply's References
	Date                              time.Time // the Date: header, zero if missing
	Received                          time.Time // the newest Received: header's date, else Date
	Text                              string    // plain text of the body (and forwarded bodies)
	// AuthResults are the Authentication-Results field values, topmost
	// first (see internal/mailauth for which of them are believed).
	AuthResults []string
	Attachments []Attachment
	// Problems are parts that could not be read, in Swedish; the rest of
	// the message was.
	Problems []string
	// TooManyParts and TooDeep say that the walk stopped at a limit:
	// attachments further in were not read.
	TooManyParts, TooDeep bool
}

// Attachment is a file in the message.
type Attachment struct {
	Filename    string
	ContentType string
	Kind        string
	Data        []byte
}

// ErrUnreadable is returned when not even the message header can be read.
var ErrUnreadable = errors.New("message unreadable")

// Parse reads a raw message.
func Parse(raw []byte) (*Message, error) { return ParseWithLimits(raw, DefaultLimits) }

// ParseWithLimits is Parse with other bounds.
func ParseWithLimits(raw []byte, lim Limits) (*Message, error) {
	m, e, err := header(raw)
	if err != nil {
		return nil, err
	}
	w := &walker{m: m, lim: lim}
	w.entity(e, 0)
	if m.Text == "" {
		m.Text = w.html // an HTML-only message
	}
	if len(m.Text) > lim.TextBytes {
		m.Text = m.Text[:lim.TextBytes]
	}
	return m, nil
}

// ParseHeader reads only the header: who sent the message to whom, its
// subject, Message-ID and dates. The body is not looked at, so this is
// cheap and safe whatever the body holds.
func ParseHeader(raw []byte) (*Message, error) {
	m, _, err := header(raw)
	return m, err
}

func header(raw []byte) (*Message, *gomessage.Entity, error) {
	e, err := gomessage.Read(bytes.NewReader(raw))
	if e == nil || (err != nil && !gomessage.IsUnknownCharset(err) && !gomessage.IsUnknownEncoding(err)) {
		return nil, nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	m := &Message{}
	h := mail.Header{Header: e.Header}
	if !h.Has("From") && !h.Has("Date") && !h.Has("Message-Id") && !h.Has("Received") {
		return nil, nil, fmt.Errorf("%w: no From, Date, Message-ID or Received header", ErrUnreadable)
	}
	m.MessageID, _ = h.MessageID()
	if m.MessageID == "" {
		m.MessageID = strings.Trim(strings.TrimSpace(h.Get("Message-Id")), "<>")
	}
	if from, err := h.AddressList("From"); err == nil && len(from) > 0 {
		m.From, m.FromName = strings.ToLower(from[0].Address), from[0].Name
	} else if f := h.Get("From"); f != "" {
		m.From = strings.ToLower(strings.Trim(f[strings.LastIndex(f, " ")+1:], "<>"))
	}
	m.To = addresses(h, "To")
	m.Cc = addresses(h, "Cc")
	m.Subject, _ = h.Subject()
	if m.Subject == "" {
		m.Subject = h.Get("Subject")
	}
	m.AutoSubmitted = strings.ToLower(strings.TrimSpace(h.Get("Auto-Submitted")))
	m.ListID = strings.TrimSpace(h.Get("List-Id"))
	m.Precedence = strings.ToLower(strings.TrimSpace(h.Get("Precedence")))
	m.References = strings.TrimSpace(h.Get("References"))
	m.Date, _ = h.Date()
	m.AuthResults = e.Header.Values("Authentication-Results") // topmost first
	m.Received = newestReceived(e.Header)
	if m.Received.IsZero() {
		m.Received = m.Date
	}
	return m, e, nil
}

func addresses(h mail.Header, key string) []string {
	list, err := h.AddressList(key)
	if err != nil {
		return nil
	}
	out := make([]string, 0, len(list))
	for _, a := range list {
		out = append(out, strings.ToLower(a.Address))
	}
	return out
}

// Arrival reads only a message's header and returns when it arrived: the
// newest Received: header's date, else Date:, else the zero time.
func Arrival(r io.Reader) time.Time {
	e, _ := gomessage.Read(bufio.NewReader(r))
	if e == nil {
		return time.Time{}
	}
	if t := newestReceived(e.Header); !t.IsZero() {
		return t
	}
	h := mail.Header{Header: e.Header}
	t, _ := h.Date()
	return t
}

// newestReceived returns the date of the topmost Received: header.
func newestReceived(h gomessage.Header) time.Time {
	fields := h.FieldsByKey("Received")
	for fields.Next() {
		v := fields.Value()
		i := strings.LastIndexByte(v, ';')
		if i < 0 {
			continue
		}
		if t, err := netmail.ParseDate(strings.TrimSpace(v[i+1:])); err == nil {
			return t
		}
	}
	return time.Time{}
}

type walker struct {
	m     *Message
	lim   Limits
	parts int
	html  string
}

func (w *walker) problem(format string, args ...any) {
	w.m.Problems = append(w.m.Problems, fmt.Sprintf(format, args...))
}

func (w *walker) entity(e *gomessage.Entity, depth int) {
	w.parts++
	if w.parts > w.lim.Parts {
		if !w.m.TooManyParts {
			w.m.TooManyParts = true
			w.problem("meddelandet har fler delar än %d; bilagor längre in har inte lästs", w.lim.Parts)
		}
		return
	}
	if depth > w.lim.Depth {
		if !w.m.TooDeep {
			w.m.TooDeep = true
			w.problem("meddelandet är för djupt nästlat (fler än %d nivåer); bilagor längre in har inte lästs", w.lim.Depth)
		}
		return
	}
	mediaType, params, _ := e.Header.ContentType()
	mediaType = strings.ToLower(mediaType)
	if mr := e.MultipartReader(); mr != nil {
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil && part == nil {
				w.problem("en del av meddelandet kunde inte läsas (felaktig uppdelning i delar)")
				break
			}
			w.entity(part, depth+1)
		}
		return
	}
	data, err := io.ReadAll(io.LimitReader(e.Body, w.lim.PartSize+1))
	if err != nil {
		w.problem("en del av meddelandet är skadad (felaktig kodning); det som gick att läsa är kvar")
		if len(data) == 0 {
			return
		}
	}
	if int64(len(data)) > w.lim.PartSize {
		w.problem("en del av meddelandet är större än %d MB och har inte lästs", w.lim.PartSize>>20)
		return
	}
	disp, dparams, _ := e.Header.ContentDisposition()
	name := filename(dparams["filename"], params["name"])
	switch {
	case mediaType == "message/rfc822" || mediaType == "message/global":
		inner, _ := gomessage.Read(bytes.NewReader(data))
		if inner == nil {
			w.problem("ett vidarebefordrat meddelande kunde inte läsas")
			return
		}
		w.entity(inner, depth+1)
		return
	case name == "" && disp != "attachment" && strings.HasPrefix(mediaType, "text/plain"):
		w.m.Text += string(data) + "\n"
		return
	case name == "" && disp != "attachment" && strings.HasPrefix(mediaType, "text/html"):
		w.html += stripTags(string(data)) + "\n"
		return
	case name == "" && disp != "attachment" && (strings.HasPrefix(mediaType, "text/") || strings.HasPrefix(mediaType, "multipart/")):
		return
	}
	w.m.Attachments = append(w.m.Attachments, Attachment{
		Filename:    name,
		ContentType: mediaType,
		Kind:        kindOf(name, mediaType, data),
		Data:        data,
	})
}

// filename picks the disposition's filename, else the type's name, decoded
// (RFC 2231 and RFC 2047 by go-message; a few fallbacks here) and in NFC.
func filename(candidates ...string) string {
	for _, n := range candidates {
		if n == "" {
			continue
		}
		if strings.Contains(n, "=?") {
			if d, err := new(mime.WordDecoder).DecodeHeader(n); err == nil {
				n = d
			}
		}
		return norm.NFC.String(path.Base(strings.ReplaceAll(n, `\`, "/")))
	}
	return ""
}

var (
	sigZip  = []byte("PK\x03\x04")
	sigTNEF = []byte{0x78, 0x9F, 0x3E, 0x22}
)

// kindOf tells a Word document by name, type or content (a zip holding
// word/document.xml), and Outlook's TNEF.
func kindOf(name, mediaType string, data []byte) string {
	lower := strings.ToLower(name)
	switch {
	case bytes.HasPrefix(data, sigTNEF) || mediaType == "application/ms-tnef" || lower == "winmail.dat":
		return KindTNEF
	case strings.HasSuffix(lower, ".docx") || mediaType == "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return KindDocx
	case bytes.HasPrefix(data, sigZip) && holdsWordDocument(data):
		return KindDocx
	}
	return KindOther
}

func holdsWordDocument(data []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			return true
		}
	}
	return false
}

// IsWordLike tells an attachment a region meant as its report even if it is
// not a .docx: .doc, .docm, .odt, .pdf, .rtf by name.
func (a Attachment) IsWordLike() bool {
	switch strings.ToLower(path.Ext(a.Filename)) {
	case ".doc", ".docm", ".dot", ".dotx", ".odt", ".pdf", ".rtf":
		return true
	}
	return false
}

func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
			b.WriteByte(' ')
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// AllRecipients returns To and Cc together.
func (m *Message) AllRecipients() []string { return append(append([]string{}, m.To...), m.Cc...) }
