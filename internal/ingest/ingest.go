// Package ingest is the pipeline every received message goes through, from
// a file or from the mailbox: store the raw bytes, extract the attachments,
// identify the organisation, parse and check the report, store the results.
//
// The raw message is committed first, on its own: nothing that follows can
// lose it. Everything else about the message is stored in one transaction,
// so a crash leaves either nothing or all of it, and running the pipeline
// again on the same bytes completes the work.
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tillvaxtverket/villkorsintag/internal/compliance"
	"github.com/tillvaxtverket/villkorsintag/internal/document"
	"github.com/tillvaxtverket/villkorsintag/internal/mailauth"
	"github.com/tillvaxtverket/villkorsintag/internal/message"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

// Formats of what is ingested.
const (
	FormatMail = "rfc5322"
	FormatDocx = "docx"
)

// Pipeline ingests messages into a store.
type Pipeline struct {
	Store *store.Store
	Orgs  *orgs.List
	Now   func() time.Time
	Actor string // who is acting, for the audit log ("ingest", "poller")
	Log   *slog.Logger
	// After, if set, runs after a new message is committed (receipts). It
	// must not fail the ingest: it returns nothing.
	After func(ctx context.Context, out *Outcome, m *message.Message)
	// Templates are the specs reports are checked against; nil: the
	// embedded ones.
	Templates *spec.Set
	// MaxAttempts is how many times processing a message may begin without
	// finishing (a crash, a failure that is not temporary) before the
	// message is set aside as failed.
	MaxAttempts int
	// Check checks one Word file; compliance.Check unless a test replaces it.
	Check func(data []byte, opt compliance.Options) (*model.Result, error)
	// AuthServID is the agency's receiving server's authserv-id (config
	// mail.authserv_id): its Authentication-Results fields tell who really
	// sent a message. Empty: not checked.
	AuthServID string
	// RequireAuthenticated ties an e-mail to a body only by an
	// authenticated From domain of that body; any other e-mail waits
	// unassigned (config mail.require_authenticated).
	RequireAuthenticated bool
}

// DefaultMaxAttempts is MaxAttempts unless configured.
const DefaultMaxAttempts = 3

// ReasonQuarantined is the reason a message set aside after repeated
// attempts is marked failed with.
const ReasonQuarantined = "behandlingen avbröts upprepade gånger"

// New returns a pipeline with the usual defaults.
func New(s *store.Store, list *orgs.List, actor string) *Pipeline {
	return &Pipeline{Store: s, Orgs: list, Now: time.Now, Actor: actor, Log: slog.Default(), MaxAttempts: DefaultMaxAttempts, Check: compliance.Check}
}

// Item is one thing to ingest.
type Item struct {
	Raw       []byte
	Format    string    // FormatMail or FormatDocx
	Source    string    // "imap" or "file"
	SourceRef string    // the file's path, or mailbox and UID
	FileName  string    // for a Word file on its own
	Received  time.Time // arrival (IMAP INTERNALDATE, a file's time); zero: read from the message
}

// Outcome is what happened to an item.
type Outcome struct {
	MessageID  int64
	Duplicate  bool // the same bytes were already processed
	Submission *model.Submission
	Org        *orgs.Organisation
	Result     *model.Result
	// Rejected says why the message itself is unusable (it could not be
	// read as an e-mail, or it was set aside after repeated attempts). It
	// is stored all the same; the poller moves it to the error folder.
	Rejected string
	// Quarantined: processing had begun MaxAttempts times without
	// finishing; the message was set aside unread (Rejected starts with
	// ReasonQuarantined).
	Quarantined bool
	// Attempt is which attempt this was (1 for the first).
	Attempt int
}

// ProgramVersion names this build, for the check runs.
func ProgramVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v = strings.TrimSuffix(v+" "+s.Value[:12], " ")
		}
	}
	if v == "" || v == "(devel)" {
		return "devel"
	}
	return v
}

// Ingest stores and processes one item.
//
// The raw bytes and one more attempt are committed before anything reads
// the body. What the content causes (an unreadable message or document, a
// panic while reading it) is stored as the result, with a Swedish finding.
// A returned error is a *TemporaryError for a failure of our own side (the
// attempt is then not counted), or an unexpected one (counted).
func (p *Pipeline) Ingest(ctx context.Context, it Item) (*Outcome, error) {
	sum := sha256.Sum256(it.Raw)
	sha := hex.EncodeToString(sum[:])
	var hdr *message.Message
	var herr error
	if it.Format == FormatMail {
		hdr, herr = safeHeader(it.Raw)
	}
	m := &model.Message{SHA256: sha, Format: it.Format, Source: it.Source, SourceRef: it.SourceRef, StoredAt: p.Now()}
	if hdr != nil {
		m.MessageID, m.From, m.To, m.Cc, m.Subject = hdr.MessageID, hdr.From, hdr.To, hdr.Cc, hdr.Subject
	}
	m.ReceivedAt = p.received(it, hdr)

	out := &Outcome{}
	var prev *model.Message
	err := p.Store.InTx(ctx, func(tx *sqlx.Tx) error {
		existing, err := store.MessageBySHA(ctx, tx, sha)
		switch {
		case err == nil && existing.State != "stored":
			out.MessageID, out.Duplicate = existing.ID, true
			return nil
		case err == nil:
			out.MessageID, prev = existing.ID, existing // stored before, not processed: finish it
			if existing.Attempts >= p.maxAttempts() {
				out.Quarantined = true
				return nil
			}
		case !errors.Is(err, store.ErrNotFound):
			return err
		default:
			id, err := store.CreateMessage(ctx, tx, m, it.Raw)
			if err != nil {
				return err
			}
			out.MessageID = id
			if err := store.Audit(ctx, tx, p.Now(), p.Actor, "store_message", &id, nil, describeSource(it, m)); err != nil {
				return err
			}
		}
		out.Attempt, err = store.BeginAttempt(ctx, tx, out.MessageID, p.Now())
		return err
	})
	if err != nil {
		return nil, classify(fmt.Errorf("ingest %s: store raw: %w", it.SourceRef, err))
	}
	if out.Duplicate {
		return out, nil
	}
	if out.Quarantined {
		if err := p.quarantine(ctx, out, prev); err != nil {
			return nil, classify(fmt.Errorf("ingest %s: set aside: %w", it.SourceRef, err))
		}
		return out, nil
	}
	msg, err := p.processGuarded(ctx, out, it, hdr, herr, m.ReceivedAt)
	if err != nil {
		err = classify(fmt.Errorf("ingest %s: %w", it.SourceRef, err))
		if IsTemporary(err) {
			// our side failed, not the message: this attempt does not count
			if uerr := p.Store.UndoAttempt(context.WithoutCancel(ctx), out.MessageID); uerr != nil {
				p.log().Warn("could not take back the attempt", "message", out.MessageID, "err", uerr)
			}
		} else {
			p.log().Error("processing a message failed; the attempt counts", "message", out.MessageID,
				"attempt", out.Attempt, "max_attempts", p.maxAttempts(), "err", err)
		}
		return nil, err
	}
	if p.After != nil {
		p.After(ctx, out, msg)
	}
	return out, nil
}

func (p *Pipeline) maxAttempts() int {
	if p.MaxAttempts < 1 {
		return DefaultMaxAttempts
	}
	return p.MaxAttempts
}

func (p *Pipeline) log() *slog.Logger {
	if p.Log == nil {
		return slog.Default()
	}
	return p.Log
}

// safeHeader reads a message's header; a panic in the reader is an
// unreadable message.
func safeHeader(raw []byte) (m *message.Message, err error) {
	defer func() {
		if v := recover(); v != nil {
			m, err = nil, &ContentError{Reason: "meddelandets rubrikrader kunde inte läsas", Err: &PanicError{Value: v, Stack: debug.Stack()}}
		}
	}()
	return message.ParseHeader(raw)
}

// safeParse reads a whole message; a panic in the reader is an unreadable
// message.
func safeParse(raw []byte) (m *message.Message, err error) {
	defer func() {
		if v := recover(); v != nil {
			m, err = nil, &ContentError{Reason: "meddelandet kunde inte delas upp i sina delar", Err: &PanicError{Value: v, Stack: debug.Stack()}}
		}
	}()
	return message.Parse(raw)
}

// processGuarded reads the whole message and processes it. A panic that
// escapes (it is not the reading of the content, which is guarded on its
// own) becomes an error, counted as an attempt.
func (p *Pipeline) processGuarded(ctx context.Context, out *Outcome, it Item, hdr *message.Message, herr error, received time.Time) (msg *message.Message, err error) {
	defer func() {
		if v := recover(); v != nil {
			msg, err = nil, &PanicError{Value: v, Stack: debug.Stack()}
		}
	}()
	perr := herr
	if it.Format == FormatMail && herr == nil {
		msg, perr = safeParse(it.Raw)
	}
	return msg, p.process(ctx, out, it, msg, perr, received)
}

// unreadableReason is the Swedish reason an e-mail could not be read.
func unreadableReason(err error) string {
	var ce *ContentError
	if errors.As(err, &ce) {
		return "meddelandet kunde inte läsas som e-post: " + ce.Reason
	}
	return "meddelandet kunde inte läsas som e-post: rubrikraderna (From, Date, Message-ID) saknas eller är felaktiga"
}

// quarantine sets a message aside that processing began on MaxAttempts
// times without finishing: it is marked failed, unread (its body is not
// parsed again: that may be what kills the process), with a submission
// whose only document finding says so, so that case officers see it.
func (p *Pipeline) quarantine(ctx context.Context, out *Outcome, m *model.Message) error {
	out.Rejected = fmt.Sprintf("%s (%d försök)", ReasonQuarantined, m.Attempts)
	p.log().Error("message set aside: processing began too many times without finishing", "message", out.MessageID,
		"attempts", m.Attempts, "max_attempts", p.maxAttempts())
	received := m.ReceivedAt
	opt := compliance.Options{Received: &received, Templates: p.Templates}
	c := &checked{report: -1, mailed: m.Format == FormatMail}
	if m.Format == FormatMail {
		c.mail = &compliance.Mail{Sender: m.From, SenderKnown: p.Orgs.ByDomain(m.From) != nil, Recipients: append(append([]string{}, m.To...), m.Cc...)}
		c.text = m.Subject
		opt.Mail, opt.MailText = c.mail, c.text
	}
	res, err := compliance.Envelope(opt, fmt.Sprintf("Meddelandet kunde inte behandlas: behandlingen avbröts %d gånger i rad, så det har lagts åt sidan oläst "+
		"(i felmappen) för att inte hindra meddelandena efter det. Det är sparat som det kom in; be avsändaren skicka rapporten igen, "+
		"gärna sparad på nytt i Word.", m.Attempts))
	if err != nil {
		return err
	}
	c.result = res
	return p.save(ctx, out, c, nil, received, "quarantine", out.Rejected)
}

func describeSource(it Item, m *model.Message) string {
	s := sv.Source(it.Source) + " " + it.SourceRef
	if m.MessageID != "" {
		s += " Message-ID " + m.MessageID
	}
	return strings.TrimSpace(s)
}

// received is the arrival time: what the caller knows (IMAP INTERNALDATE),
// else the newest Received: header, else Date:, else now.
func (p *Pipeline) received(it Item, msg *message.Message) time.Time {
	switch {
	case !it.Received.IsZero():
		return it.Received
	case msg != nil && !msg.Received.IsZero():
		return msg.Received
	}
	return p.Now()
}

// candidate is one checked Word attachment.
type candidate struct {
	index    int
	res      *model.Result
	readable bool
}

// checked is a message with its report chosen and checked.
type checked struct {
	atts     []message.Attachment
	report   int // index into atts, -1 when none
	result   *model.Result
	readable bool
	mail     *compliance.Mail
	text     string // where names and diarienummer may be stated
	mailed   bool   // it came as an e-mail (even one that could not be read)
}

// check parses the message and checks the report it carries. Several Word
// files: each is checked, and the one that follows the template best is the
// report; the rest are appendices.
func (p *Pipeline) check(it Item, msg *message.Message, perr error, received time.Time) (*checked, error) {
	c := &checked{report: -1, mailed: it.Format != FormatDocx}
	opt := compliance.Options{Received: &received, Templates: p.Templates}
	switch {
	case it.Format == FormatDocx:
		c.atts = []message.Attachment{{Filename: it.FileName, ContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Kind: message.KindDocx, Data: it.Raw}}
	case perr != nil:
		res, err := compliance.Envelope(opt, "E-postmeddelandet kunde inte läsas, så ingen bifogad rapport kunde tas fram. Meddelandet är sparat som det kom in.")
		p.log().Warn("message could not be read as e-mail", "ref", it.SourceRef, "err", perr)
		c.result = res
		return c, err
	default:
		c.atts = msg.Attachments
		c.mail = &compliance.Mail{Sender: msg.From, SenderKnown: p.Orgs.ByDomain(msg.From) != nil, Recipients: msg.AllRecipients(), Problems: msg.Problems}
		if p.AuthServID != "" {
			c.mail.Auth = mailauth.Evaluate(msg.AuthResults, p.AuthServID, msg.From)
		}
		c.text = msg.Subject + "\n" + msg.Text
		opt.MailText, opt.Mail = c.text, c.mail
	}
	var best *candidate
	for i, a := range c.atts {
		if a.Kind != message.KindDocx && !(best == nil && a.IsWordLike()) {
			continue
		}
		o := opt
		o.FileName = a.Filename
		res, err := p.checkDocument(a.Data, o)
		if err != nil {
			return nil, err
		}
		readable := !resultHas(res, compliance.CodeNotDocx)
		cand := &candidate{index: i, res: res, readable: readable}
		if best == nil || (readable && (!best.readable || res.Matched > best.res.Matched)) {
			best = cand
		}
	}
	if best != nil {
		c.report, c.result, c.readable = best.index, best.res, best.readable
		return c, nil
	}
	res, err := compliance.Envelope(opt, noReportReason(msg, c.atts))
	c.result = res
	return c, err
}

// checkDocument checks one Word file. Checking reads only bytes in
// memory, so whatever goes wrong in it (an error, a panic) comes from the
// document: it becomes a result with a not_docx finding and a Swedish
// reason; the internal error goes to the log, never into the finding.
func (p *Pipeline) checkDocument(data []byte, opt compliance.Options) (res *model.Result, err error) {
	check := p.Check
	if check == nil {
		check = compliance.Check
	}
	func() {
		defer func() {
			if v := recover(); v != nil {
				res, err = nil, &PanicError{Value: v, Stack: debug.Stack()}
			}
		}()
		res, err = check(data, opt)
	}()
	if err == nil && res != nil {
		return res, nil
	}
	if errors.Is(err, document.ErrNotDocx) && res != nil && resultHas(res, compliance.CodeNotDocx) {
		return res, nil // refused with its own Swedish reason
	}
	attrs := []any{"file", opt.FileName, "err", err}
	var pe *PanicError
	if errors.As(err, &pe) {
		attrs = append(attrs, "stack", string(pe.Stack))
	}
	p.log().Warn("document could not be read; stored as unreadable", attrs...)
	name := "Dokumentet"
	if opt.FileName != "" {
		name = "Dokumentet " + opt.FileName
	}
	env, eerr := compliance.Envelope(opt, name+" kunde inte tolkas: innehållet är uppbyggt på ett sätt som programmet inte kan läsa "+
		"(det kan vara skadat eller skapat av ett ovanligt program). Spara rapporten på nytt i Word som .docx och skicka den igen.")
	if eerr != nil {
		return nil, eerr
	}
	sum := sha256.Sum256(data)
	env.SHA256 = hex.EncodeToString(sum[:])
	return env, nil
}

func resultHas(res *model.Result, code string) bool {
	for _, f := range res.Findings {
		if f.Code == code {
			return true
		}
	}
	return false
}

func noReportReason(msg *message.Message, atts []message.Attachment) string {
	if msg != nil && (msg.TooManyParts || msg.TooDeep) {
		var why []string
		if msg.TooManyParts {
			why = append(why, fmt.Sprintf("meddelandet har fler delar än %d", message.DefaultLimits.Parts))
		}
		if msg.TooDeep {
			why = append(why, fmt.Sprintf("meddelandet är för djupt nästlat (fler än %d nivåer)", message.DefaultLimits.Depth))
		}
		return "Ingen bifogad Word-fil (.docx) hittades i de delar som lästes: " + strings.Join(why, " och ") +
			"; bilagor längre in har inte lästs. Skicka rapporten som en vanlig bifogad fil i ett nytt meddelande."
	}
	if len(atts) == 0 {
		return "Meddelandet har ingen bifogad fil; återrapporteringen ska skickas som ett bifogat Word-dokument (.docx)."
	}
	var names []string
	for _, a := range atts {
		if a.Kind == message.KindTNEF {
			return "Bilagan kom som winmail.dat (Outlooks TNEF-format), som inte kan läsas; skicka rapporten igen som en vanlig bifogad Word-fil (.docx)."
		}
		if a.Filename != "" {
			names = append(names, a.Filename)
		}
	}
	return "Meddelandet har ingen bifogad Word-fil (.docx)" + ifNames(names) + "."
}

func ifNames(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return "; bifogat: " + strings.Join(names, ", ")
}

// process checks a message and stores everything about it in one
// transaction.
func (p *Pipeline) process(ctx context.Context, out *Outcome, it Item, msg *message.Message, perr error, received time.Time) error {
	c, err := p.check(it, msg, perr, received)
	if err != nil {
		return err
	}
	errText := ""
	if perr != nil {
		out.Rejected = unreadableReason(perr)
		errText = out.Rejected
	}
	return p.save(ctx, out, c, msg, received, "ingest", errText)
}

// save stores a checked message: attachments, submission, check run,
// audit entry, problems, and its final state (failed when errText is set).
func (p *Pipeline) save(ctx context.Context, out *Outcome, c *checked, msg *message.Message, received time.Time, action, errText string) error {
	year, _ := strconv.Atoi(c.result.Template)
	reportName := ""
	if c.report >= 0 {
		reportName = c.atts[c.report].Filename
	}
	sender := ""
	if c.mail != nil {
		sender = c.mail.Sender
	}
	region := ""
	if c.result.Region != nil {
		region = *c.result.Region
	}
	match := p.identify(c, sender, region, reportName)
	sub := &model.Submission{MessageID: out.MessageID, Year: year, ReceivedAt: received, CreatedAt: p.Now()}
	if match.Org != nil {
		sub.Organisation, sub.MatchedBy = match.Org.ID, match.By
	}
	return p.Store.InTx(ctx, func(tx *sqlx.Tx) error {
		if err := store.DeleteAttachmentsOf(ctx, tx, out.MessageID); err != nil {
			return err
		}
		for i, a := range c.atts {
			role := model.RoleOther
			switch {
			case i == c.report:
				role = model.RoleReport
			case a.Kind == message.KindDocx:
				role = model.RoleAppendix
			}
			sum := sha256.Sum256(a.Data)
			att := &model.Attachment{MessageID: out.MessageID, Position: i + 1, Filename: a.Filename, ContentType: a.ContentType,
				Kind: a.Kind, Role: role, SHA256: hex.EncodeToString(sum[:])}
			id, err := store.CreateAttachment(ctx, tx, att, a.Data)
			if err != nil {
				return err
			}
			if i == c.report {
				sub.AttachmentID = &id
				if c.readable {
					sub.DocxSHA256 = att.SHA256
				}
			}
		}
		if err := place(ctx, tx, sub); err != nil {
			return err
		}
		id, err := store.CreateSubmission(ctx, tx, sub)
		if err != nil {
			return err
		}
		sub.ID = id
		if _, err := store.CreateRun(ctx, tx, store.RunInfo{Submission: id, ProgramVersion: ProgramVersion(), RunAt: p.Now(), Reason: "ingest"}, c.result); err != nil {
			return err
		}
		sub.Errors, sub.Warnings, sub.Infos = c.result.Counts()
		detail := describe(sub, match)
		if errText != "" {
			detail += ": " + errText
		}
		if err := store.Audit(ctx, tx, p.Now(), p.Actor, action, &out.MessageID, &id, detail); err != nil {
			return err
		}
		if err := store.CaseNewVersion(ctx, tx, sub, p.Actor, p.Now()); err != nil {
			return err
		}
		var auth *model.SenderAuth
		if c.mail != nil {
			auth = c.mail.Auth
		}
		if err := store.SetSenderAuth(ctx, tx, out.MessageID, auth); err != nil {
			return err
		}
		out.Submission, out.Org, out.Result = sub, match.Org, c.result
		var problems []string
		if msg != nil {
			problems = msg.Problems
		}
		state := "processed"
		if errText != "" {
			state = "failed"
		}
		return store.SetMessageOutcome(ctx, tx, out.MessageID, state, errText, problems)
	})
}

// identify ties a submission to a body. When authentication is required,
// an e-mail is tied only by its From domain, and only when the receiving
// server authenticated that domain: the text or file name of a report from
// an unauthenticated sender could name any body. A Word file given by an
// operator (not e-mail) is tied as usual.
func (p *Pipeline) identify(c *checked, sender, region, reportName string) orgs.Match {
	if p.RequireAuthenticated && c.mailed {
		if o := p.Orgs.ByDomain(sender); o != nil && c.mail != nil && c.mail.Auth.Authenticated() {
			return orgs.Match{Org: o, By: "domain"}
		}
		return orgs.Match{}
	}
	return p.Orgs.Identify(sender, region+"\n"+c.text, reportName)
}

// place decides what a submission is: a new version (superseding the
// current one), a resend of an existing version, a message without a
// readable report, or unassigned.
func place(ctx context.Context, tx *sqlx.Tx, sub *model.Submission) error {
	switch {
	case sub.Organisation == "":
		sub.State = model.StateUnassigned
		return nil
	case sub.DocxSHA256 == "":
		sub.State = model.StateNotDocx
		return nil
	}
	same, err := store.VersionOfDocx(ctx, tx, sub.Organisation, sub.Year, sub.DocxSHA256)
	if err != nil {
		return err
	}
	if same != nil {
		sub.State, sub.ResendOf, sub.Version = model.StateResend, &same.ID, 0
		return nil
	}
	v, err := store.NextVersion(ctx, tx, sub.Organisation, sub.Year)
	if err != nil {
		return err
	}
	sub.State, sub.Version = model.StateCurrent, v
	return nil
}

func describe(sub *model.Submission, m orgs.Match) string {
	org := "ingen organisation"
	if m.Org != nil {
		org = m.Org.Name + " (" + matchedByText(m.By) + ")"
	}
	return fmt.Sprintf("%s, %s, %d", sub.StateText(), org, sub.Year)
}

// matchedByText says in Swedish how a body was recognised.
func matchedByText(by string) string {
	if t, ok := map[string]string{"domain": "avsändarens domän", "text": "namnet i dokumentet", "filename": "filnamnet", "officer": "handläggare"}[by]; ok {
		return t
	}
	return by
}

// Assign ties an unassigned submission to an organisation, as a case
// officer decided; it then becomes a version (or a resend) like any other.
func (p *Pipeline) Assign(ctx context.Context, submissionID int64, org *orgs.Organisation) (*model.Submission, error) {
	var sub *model.Submission
	err := p.Store.InTx(ctx, func(tx *sqlx.Tx) error {
		s, err := store.Submission(ctx, tx, submissionID)
		if err != nil {
			return err
		}
		if s.State != model.StateUnassigned {
			return fmt.Errorf("submission %d is %s, not unassigned", submissionID, s.State)
		}
		s.Organisation, s.MatchedBy = org.ID, "officer"
		if err := place(ctx, tx, s); err != nil {
			return err
		}
		if err := store.UpdateSubmission(ctx, tx, s); err != nil {
			return err
		}
		sub = s
		if err := store.CaseNewVersion(ctx, tx, s, p.Actor, p.Now()); err != nil {
			return err
		}
		return store.Audit(ctx, tx, p.Now(), p.Actor, "assign", &s.MessageID, &s.ID, fmt.Sprintf("%s: %s", org.Name, s.State))
	})
	return sub, err
}

// Reprocess parses and checks a submission again from the stored bytes,
// as a new check run; the raw data and the versions stay as they are.
func (p *Pipeline) Reprocess(ctx context.Context, submissionID int64) (*model.Result, error) {
	sub, err := p.Store.Submission(ctx, submissionID)
	if err != nil {
		return nil, err
	}
	msg, err := p.Store.Message(ctx, sub.MessageID)
	if err != nil {
		return nil, err
	}
	raw, err := p.Store.MessageRaw(ctx, sub.MessageID)
	if err != nil {
		return nil, err
	}
	it := Item{Raw: raw, Format: msg.Format, FileName: msg.SourceRef}
	var parsed *message.Message
	var perr error
	if msg.Format == FormatMail {
		parsed, perr = message.Parse(raw)
	} else if sub.AttachmentID != nil {
		if _, a, err := p.Store.AttachmentData(ctx, *sub.AttachmentID); err == nil {
			it.FileName = a.Filename
		}
	}
	c, err := p.check(it, parsed, perr, sub.ReceivedAt)
	if err != nil {
		return nil, err
	}
	err = p.Store.InTx(ctx, func(tx *sqlx.Tx) error {
		if err := p.moveYear(ctx, tx, sub, c.result); err != nil {
			return err
		}
		run, err := store.CreateRun(ctx, tx, store.RunInfo{Submission: sub.ID, ProgramVersion: ProgramVersion(), RunAt: p.Now(), Reason: "reprocess"}, c.result)
		if err != nil {
			return err
		}
		if c.mail != nil {
			if err := store.SetSenderAuth(ctx, tx, sub.MessageID, c.mail.Auth); err != nil {
				return err
			}
		}
		e, w, i := c.result.Counts()
		return store.Audit(ctx, tx, p.Now(), p.Actor, "reprocess", &sub.MessageID, &sub.ID,
			fmt.Sprintf("kontroll %d: %s", run, sv.Counts(e, w, i)))
	})
	return c.result, err
}
