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
	"github.com/tillvaxtverket/villkorsintag/internal/message"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
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
}

// New returns a pipeline with the usual defaults.
func New(s *store.Store, list *orgs.List, actor string) *Pipeline {
	return &Pipeline{Store: s, Orgs: list, Now: time.Now, Actor: actor, Log: slog.Default()}
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
	// read as an e-mail). It is stored all the same; the poller moves it
	// to the error folder.
	Rejected string
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
func (p *Pipeline) Ingest(ctx context.Context, it Item) (*Outcome, error) {
	sum := sha256.Sum256(it.Raw)
	sha := hex.EncodeToString(sum[:])
	var msg *message.Message
	var perr error
	if it.Format == FormatMail {
		msg, perr = message.Parse(it.Raw)
	}
	m := &model.Message{SHA256: sha, Format: it.Format, Source: it.Source, SourceRef: it.SourceRef, StoredAt: p.Now()}
	if msg != nil {
		m.MessageID, m.From, m.To, m.Cc, m.Subject = msg.MessageID, msg.From, msg.To, msg.Cc, msg.Subject
	}
	m.ReceivedAt = p.received(it, msg)

	out := &Outcome{}
	err := p.Store.InTx(ctx, func(tx *sqlx.Tx) error {
		existing, err := store.MessageBySHA(ctx, tx, sha)
		switch {
		case err == nil && existing.State != "stored":
			out.MessageID, out.Duplicate = existing.ID, true
			return nil
		case err == nil:
			out.MessageID = existing.ID // stored before, not processed: finish it
			return nil
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
		id, err := store.CreateMessage(ctx, tx, m, it.Raw)
		if err != nil {
			return err
		}
		out.MessageID = id
		return store.Audit(ctx, tx, p.Now(), p.Actor, "store_message", &id, nil, describeSource(it, m))
	})
	if err != nil {
		return nil, fmt.Errorf("ingest %s: store raw: %w", it.SourceRef, err)
	}
	if out.Duplicate {
		return out, nil
	}
	if err := p.process(ctx, out, it, msg, perr, m.ReceivedAt); err != nil {
		return nil, fmt.Errorf("ingest %s: %w", it.SourceRef, err)
	}
	if p.After != nil {
		p.After(ctx, out, msg)
	}
	return out, nil
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
}

// check parses the message and checks the report it carries. Several Word
// files: each is checked, and the one that follows the template best is the
// report; the rest are appendices.
func (p *Pipeline) check(it Item, msg *message.Message, perr error, received time.Time) (*checked, error) {
	c := &checked{report: -1}
	opt := compliance.Options{Received: &received}
	switch {
	case it.Format == FormatDocx:
		c.atts = []message.Attachment{{Filename: it.FileName, ContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Kind: message.KindDocx, Data: it.Raw}}
	case perr != nil:
		res, err := compliance.Envelope(opt, "E-postmeddelandet kunde inte läsas, så ingen bifogad rapport kunde tas fram. Meddelandet är sparat som det kom in.")
		c.result = res
		return c, err
	default:
		c.atts = msg.Attachments
		c.mail = &compliance.Mail{Sender: msg.From, SenderKnown: p.Orgs.ByDomain(msg.From) != nil, Recipients: msg.AllRecipients()}
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
		res, err := compliance.Check(a.Data, o)
		readable := err == nil
		if err != nil && !errors.Is(err, document.ErrNotDocx) {
			return nil, err
		}
		cand := &candidate{index: i, res: res, readable: readable}
		if best == nil || (readable && (!best.readable || res.Matched > best.res.Matched)) {
			best = cand
		}
	}
	if best != nil {
		c.report, c.result, c.readable = best.index, best.res, best.readable
		return c, nil
	}
	res, err := compliance.Envelope(opt, noReportReason(c.atts))
	c.result = res
	return c, err
}

func noReportReason(atts []message.Attachment) string {
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

// process stores everything about a message in one transaction.
func (p *Pipeline) process(ctx context.Context, out *Outcome, it Item, msg *message.Message, perr error, received time.Time) error {
	c, err := p.check(it, msg, perr, received)
	if err != nil {
		return err
	}
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
	match := p.Orgs.Identify(sender, region+"\n"+c.text, reportName)
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
		if err := store.Audit(ctx, tx, p.Now(), p.Actor, "ingest", &out.MessageID, &id, describe(sub, match)); err != nil {
			return err
		}
		if err := store.CaseNewVersion(ctx, tx, sub, p.Actor, p.Now()); err != nil {
			return err
		}
		out.Submission, out.Org, out.Result = sub, match.Org, c.result
		if perr != nil {
			out.Rejected = "meddelandet kunde inte läsas som e-post: " + perr.Error()
			return store.SetMessageState(ctx, tx, out.MessageID, "failed", out.Rejected)
		}
		return store.SetMessageState(ctx, tx, out.MessageID, "processed", "")
	})
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
		run, err := store.CreateRun(ctx, tx, store.RunInfo{Submission: sub.ID, ProgramVersion: ProgramVersion(), RunAt: p.Now(), Reason: "reprocess"}, c.result)
		if err != nil {
			return err
		}
		e, w, i := c.result.Counts()
		return store.Audit(ctx, tx, p.Now(), p.Actor, "reprocess", &sub.MessageID, &sub.ID,
			fmt.Sprintf("kontroll %d: %s", run, sv.Counts(e, w, i)))
	})
	return c.result, err
}
