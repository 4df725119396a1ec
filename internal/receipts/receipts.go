// Package receipts sends an automatic receipt (kvittens) to whoever sent
// a report: when it arrived, which body it was taken to be from, its
// version and the findings in Swedish, and that a corrected report may be
// sent to the same address.
//
// Replies follow RFC 3834: never to automatic messages, mailing lists or
// system senders, at most a few per sender and hour, with
// Auto-Submitted: auto-replied, In-Reply-To and References, and an empty
// envelope sender so that a bounce cannot loop. Receipts go through an
// outbox table: sending never blocks or fails an ingest, and failed
// attempts are retried with back-off and stay visible.
package receipts

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"strings"
	"sync"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/config"
	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/message"
	"github.com/tillvaxtverket/villkorsintag/internal/metrics"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/oauth"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

// Receipts queues and sends receipts.
type Receipts struct {
	cfg     config.SMTP
	store   *store.Store
	log     *slog.Logger
	now     func() time.Time
	wake    chan struct{}
	sent    *metrics.Counter
	failed  *metrics.Counter
	retried *metrics.Counter
	pending *metrics.Gauge

	// tokens gives the OAuth token with smtp.auth oauth2 (nil: password).
	tokens *oauth.Source

	mu           sync.Mutex
	problem      error     // why the last login failed on the sender's side; nil once one worked
	holdFailures int       // sender problems in a row
	holdUntil    time.Time // no attempt before this after a sender problem
}

// New returns the receipts service; its metrics go to reg (if not nil).
func New(cfg config.SMTP, st *store.Store, log *slog.Logger, reg *metrics.Registry) *Receipts {
	if reg == nil {
		reg = metrics.NewRegistry() // counted, but served nowhere
	}
	return &Receipts{cfg: cfg, store: st, log: log, now: time.Now, wake: make(chan struct{}, 1), tokens: NewTokenSource(cfg),
		sent:    reg.Counter("villkorsintag_receipts_sent_total", "Receipts delivered to the SMTP server."),
		failed:  reg.Counter("villkorsintag_receipts_failed_total", "Receipts given up after the last attempt."),
		retried: reg.Counter("villkorsintag_receipt_attempts_failed_total", "Failed attempts to send a receipt."),
		pending: reg.Gauge("villkorsintag_receipts_pending", "Receipts waiting in the outbox."),
	}
}

// SkipReason tells why no receipt may be sent to a message, or "".
func SkipReason(m *message.Message) string {
	local := m.From
	if i := strings.LastIndexByte(local, '@'); i >= 0 {
		local = local[:i]
	}
	local = strings.ToLower(local)
	switch {
	case m.From == "":
		return "ingen avsändaradress"
	case m.AutoSubmitted != "" && m.AutoSubmitted != "no":
		return "automatiskt meddelande (Auto-Submitted: " + m.AutoSubmitted + ")"
	case m.ListID != "":
		return "e-postlista (List-Id)"
	case m.Precedence == "bulk" || m.Precedence == "list" || m.Precedence == "junk":
		return "massutskick (Precedence: " + m.Precedence + ")"
	case local == "mailer-daemon" || local == "postmaster" || strings.HasPrefix(local, "noreply") || strings.HasPrefix(local, "no-reply") ||
		strings.HasPrefix(local, "donotreply") || strings.HasPrefix(local, "do-not-reply") || strings.HasPrefix(local, "bounce"):
		return "systemavsändare (" + m.From + ")"
	}
	return ""
}

// AfterIngest is the ingest pipeline's hook: it queues a receipt for a
// newly stored message, or records why none is sent. Errors are logged,
// never returned: a receipt must not fail an ingest.
func (r *Receipts) AfterIngest(ctx context.Context, out *ingest.Outcome, m *message.Message) {
	if out.Duplicate || m == nil || out.Submission == nil {
		return
	}
	it := &store.OutboxItem{Submission: &out.Submission.ID, Message: out.MessageID, To: m.From, CreatedAt: r.now(), NextAttempt: r.now(),
		State: store.OutboxPending, Body: []byte{}}
	if reason := SkipReason(m); reason != "" {
		it.State, it.Reason = store.OutboxSkipped, reason
	} else if n, err := r.store.RecentReceipts(ctx, m.From, r.now().Add(-time.Hour)); err != nil {
		r.log.Error("receipt: rate check", "err", err)
		return
	} else if n >= r.cfg.MaxPerSenderHour {
		it.State, it.Reason = store.OutboxSkipped, fmt.Sprintf("fler än %d kvittenser till avsändaren den senaste timmen", r.cfg.MaxPerSenderHour)
	}
	if it.State == store.OutboxPending {
		it.Subject, it.Body = r.compose(out, m)
	}
	if _, err := r.store.Enqueue(ctx, it); err != nil && !errors.Is(err, store.ErrDuplicate) {
		r.log.Error("receipt: enqueue", "message", out.MessageID, "err", err)
		return
	}
	if it.State == store.OutboxSkipped {
		r.log.Info("receipt not sent", "message", out.MessageID, "reason", it.Reason)
		return
	}
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

var severityWord = map[model.Severity]string{model.Error: "FEL", model.Warning: "VARNING", model.Info: "TIPS"}

// compose writes the receipt as an RFC 5322 message in Swedish.
func (r *Receipts) compose(out *ingest.Outcome, m *message.Message) (string, []byte) {
	res, sub := out.Result, out.Submission
	title := "Återrapportering av villkorsbeslut " + res.Template
	if y, err := spec.Load(sub.Year); err == nil {
		title = y.Title
	}
	org := "okänd avsändare"
	if out.Org != nil {
		org = out.Org.Name
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Hej!\n\nTillväxtverket har tagit emot er %s.\n\n", sv.LowerFirst(title))
	fmt.Fprintf(&b, "Mottagen: %s (svensk tid)\n", sv.Time(sub.ReceivedAt))
	switch sub.State {
	case model.StateCurrent:
		fmt.Fprintf(&b, "Avsändare: %s\nVersion: %d\n", org, sub.Version)
	case model.StateResend:
		fmt.Fprintf(&b, "Avsändare: %s\nRapporten är identisk med en tidigare inskickad version; ingen ny version har skapats.\n", org)
	case model.StateUnassigned:
		b.WriteString("Vi kunde inte avgöra vilken region rapporten kommer från. En handläggare går igenom den.\n")
	case model.StateNotDocx:
		fmt.Fprintf(&b, "Avsändare: %s\nMeddelandet innehöll ingen läsbar rapport i Wordformat (.docx).\n", org)
	}
	e, w, i := res.Counts()
	fmt.Fprintf(&b, "\nDen automatiska kontrollen mot mallen gav %s, %s och %s.\n", sv.Plural(e, "fel", "fel"), sv.Plural(w, "varning", "varningar"), sv.Plural(i, "tips", "tips"))
	for _, f := range res.Findings {
		q := ""
		if f.Question != "" {
			q = f.Question + ": "
		}
		fmt.Fprintf(&b, "\n- %s %s%s", severityWord[f.Severity], q, f.Message)
	}
	if len(res.Findings) > 0 {
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\nEn rättad rapport kan skickas till samma adress, %s. Den blir då en ny version och ersätter den tidigare.\n", r.cfg.From)
	b.WriteString("\nDetta är ett automatiskt svar från Tillväxtverkets mottagning av villkorsrapporter.\n")

	subject := "Kvittens: " + title
	if out.Org != nil {
		subject += " – " + out.Org.Name
	}
	if sub.Version > 0 {
		subject += fmt.Sprintf(", version %d", sub.Version)
	}
	var msg bytes.Buffer
	h := func(k, v string) { fmt.Fprintf(&msg, "%s: %s\r\n", k, v) }
	h("From", r.cfg.From)
	h("To", m.From)
	h("Subject", mime.QEncoding.Encode("utf-8", subject))
	h("Date", r.now().Format(time.RFC1123Z))
	h("Message-ID", "<"+randomID()+"@"+domainOf(r.cfg.From)+">")
	h("Auto-Submitted", "auto-replied")
	if m.MessageID != "" {
		h("In-Reply-To", "<"+m.MessageID+">")
		refs := strings.TrimSpace(m.References + " <" + m.MessageID + ">")
		h("References", refs)
	}
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=utf-8")
	h("Content-Transfer-Encoding", "quoted-printable")
	msg.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&msg)
	qp.Write([]byte(strings.ReplaceAll(b.String(), "\n", "\r\n")))
	qp.Close()
	return subject, msg.Bytes()
}

func randomID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return "localhost"
}

// Run sends due receipts until ctx is cancelled: on every interval and
// whenever one is queued.
func (r *Receipts) Run(ctx context.Context) {
	t := time.NewTicker(r.cfg.Interval)
	defer t.Stop()
	for {
		r.SendDue(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-r.wake:
		}
	}
}

// SendDue sends every receipt whose attempt is due.
func (r *Receipts) SendDue(ctx context.Context) {
	if r.held() {
		return
	}
	due, err := r.store.DueReceipts(ctx, r.now(), 50)
	if err != nil {
		r.log.Error("receipts: outbox", "err", err)
		return
	}
	for _, it := range due {
		if ctx.Err() != nil {
			return
		}
		err := r.send(ctx, it)
		if err != nil && r.senderProblem(err) {
			break // the outbox waits; no receipt's attempt counts
		}
		if err != nil {
			attempt := it.Attempts + 1
			giveUp := attempt >= r.cfg.MaxAttempts
			next := r.now().Add(min(r.cfg.RetryBase<<min(attempt-1, 10), 6*time.Hour))
			r.store.MarkAttemptFailed(ctx, it.ID, err.Error(), next, giveUp)
			r.retried.Inc()
			if giveUp {
				r.failed.Inc()
				r.log.Error("receipt given up", "id", it.ID, "to", it.To, "attempts", attempt, "err", err)
			} else {
				r.log.Warn("receipt not sent; will retry", "id", it.ID, "to", it.To, "attempt", attempt, "retry_at", next, "err", err)
			}
			continue
		}
		r.loggedIn()
		r.store.MarkSent(ctx, it.ID, r.now())
		r.sent.Inc()
		r.log.Info("receipt sent", "id", it.ID, "to", it.To)
	}
	if n, err := r.store.OutboxCounts(ctx); err == nil {
		r.pending.Set(float64(n[store.OutboxPending]))
	}
}

// send delivers one receipt with an empty envelope sender (RFC 3834).
func (r *Receipts) send(ctx context.Context, it store.OutboxItem) error {
	c, err := connect(ctx, r.cfg, r.tokens)
	if err != nil {
		return err
	}
	defer c.Close()
	envelope := "" // a receipt: RFC 3834's empty envelope sender
	if it.Kind != "" && it.Kind != "receipt" {
		envelope = r.cfg.From // a case officer's letter: bounces come back
	}
	if err := c.Mail(envelope, nil); err != nil {
		return fmt.Errorf("MAIL FROM: %w", err)
	}
	if err := c.Rcpt(it.To, nil); err != nil {
		return fmt.Errorf("RCPT TO %s: %w", it.To, err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write(it.Body); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	return c.Quit()
}

// AuthProblem is why the last login to the SMTP server with a token did
// not authenticate (in Swedish, for /healthz), or nil.
func (r *Receipts) AuthProblem() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.problem
}

// senderProblem tells whether err is the sender's own (the token endpoint
// or a refused token) rather than the receipt's: then no receipt's
// attempt is counted, the outbox waits with back-off, and /healthz says
// why.
func (r *Receipts) senderProblem(err error) bool {
	var refused *TokenRefusedError
	var tokenErr *oauth.TokenError
	var problem error
	switch {
	case errors.As(err, &refused):
		problem = fmt.Errorf("SMTP: token avvisades: %v", refused.Err)
		r.log.Error("smtp: the server refused the OAuth token; a new one is fetched for the next attempt",
			"user", r.cfg.User, "mechanism", refused.Mechanism, "err", refused.Err)
	case errors.As(err, &tokenErr):
		problem = fmt.Errorf("SMTP: token kunde inte hämtas: %v", tokenErr)
	default:
		return false
	}
	r.mu.Lock()
	r.problem = problem
	r.holdFailures++
	delay := min(r.cfg.RetryBase<<min(r.holdFailures-1, 10), 5*time.Minute)
	r.holdUntil = r.now().Add(delay)
	r.mu.Unlock()
	r.log.Warn("receipts wait: no receipt is sent until the SMTP login works", "retry_at", r.holdUntil, "err", err)
	return true
}

// loggedIn clears the sender's problem after a successful session.
func (r *Receipts) loggedIn() {
	r.mu.Lock()
	r.problem, r.holdFailures, r.holdUntil = nil, 0, time.Time{}
	r.mu.Unlock()
}

// held tells whether the outbox waits after a sender problem.
func (r *Receipts) held() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.now().Before(r.holdUntil)
}

// From is the address receipts and requests are sent from.
func (r *Receipts) From() string { return r.cfg.From }

// Wake makes the sender look at the outbox now.
func (r *Receipts) Wake() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Letter writes a case officer's message (a completion request) as an
// RFC 5322 message from the intake address to the recipients, as a reply
// to the message with inReplyTo (its Message-ID without brackets) if any.
func (r *Receipts) Letter(to []string, subject, body, inReplyTo, references string) []byte {
	var msg bytes.Buffer
	h := func(k, v string) { fmt.Fprintf(&msg, "%s: %s\r\n", k, v) }
	h("From", r.cfg.From)
	h("To", strings.Join(to, ", "))
	h("Subject", mime.QEncoding.Encode("utf-8", subject))
	h("Date", r.now().Format(time.RFC1123Z))
	h("Message-ID", "<"+randomID()+"@"+domainOf(r.cfg.From)+">")
	if inReplyTo != "" {
		h("In-Reply-To", "<"+inReplyTo+">")
		h("References", strings.TrimSpace(references+" <"+inReplyTo+">"))
	}
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=utf-8")
	h("Content-Transfer-Encoding", "quoted-printable")
	msg.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&msg)
	qp.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n")))
	qp.Close()
	return msg.Bytes()
}
