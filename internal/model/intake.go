package model

import (
	"fmt"
	"time"
)

// Message is a received message (or a Word file ingested on its own).
type Message struct {
	ID         int64     `json:"id"`
	SHA256     string    `json:"sha256"`
	Format     string    `json:"format"` // rfc5322 or docx
	MessageID  string    `json:"message_id"`
	From       string    `json:"from"`
	To         []string  `json:"to"`
	Cc         []string  `json:"cc"`
	Subject    string    `json:"subject"`
	ReceivedAt time.Time `json:"received_at"`
	Source     string    `json:"source"` // imap or file
	SourceRef  string    `json:"source_ref"`
	Size       int64     `json:"size"`
	StoredAt   time.Time `json:"stored_at"`
	State      string    `json:"state"` // stored, processed, failed
	Error      string    `json:"error,omitempty"`
	// Attempts counts the times processing the message began; a message
	// still stored after the configured number is set aside (failed).
	Attempts      int       `json:"attempts"`
	LastAttemptAt time.Time `json:"last_attempt_at"`
	// Problems are the parts of the e-mail that could not be read (in
	// Swedish); the rest of the message was.
	Problems []string `json:"problems"`
	// SenderAuth is what the agency's receiving server found about the
	// sender (DKIM, SPF, DMARC); nil when that is not checked.
	SenderAuth *SenderAuth `json:"sender_auth,omitempty"`
}

// Attachment roles.
const (
	RoleReport   = "report"
	RoleAppendix = "appendix"
	RoleOther    = "other"
)

// Attachment is a file a message carried.
type Attachment struct {
	ID          int64  `json:"id"`
	MessageID   int64  `json:"message_id"`
	Position    int    `json:"position"`
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Kind        string `json:"kind"`
	Role        string `json:"role"`
	SHA256      string `json:"sha256"`
	Size        int64  `json:"size"`
}

// Submission states.
const (
	StateCurrent    = "current"
	StateSuperseded = "superseded"
	StateUnassigned = "unassigned"
	StateResend     = "resend"
	StateNotDocx    = "not_docx"
)

// Submission is one report as submitted: a version, a resend, a message
// without a readable report, or one waiting for a case officer to assign it.
type Submission struct {
	ID           int64     `json:"id"`
	MessageID    int64     `json:"message_id"`
	AttachmentID *int64    `json:"attachment_id"`
	Organisation string    `json:"organisation"` // "" when unassigned
	MatchedBy    string    `json:"matched_by"`
	Year         int       `json:"year"`
	Version      int       `json:"version"` // 0 when not a version
	State        string    `json:"state"`
	ResendOf     *int64    `json:"resend_of"`
	DocxSHA256   string    `json:"docx_sha256"`
	ReceivedAt   time.Time `json:"received_at"`
	CreatedAt    time.Time `json:"created_at"`
	// From the latest check run.
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

// StateText says in Swedish what the submission is: "version 2 (aktuell)".
func (s *Submission) StateText() string {
	switch s.State {
	case StateCurrent:
		return fmt.Sprintf("version %d (aktuell)", s.Version)
	case StateSuperseded:
		return fmt.Sprintf("version %d (ersatt)", s.Version)
	case StateResend:
		return "omskickad kopia"
	case StateNotDocx:
		return "ingen läsbar rapport"
	}
	return "ej tilldelad"
}

// Overview statuses (JSON).
const (
	StatusMissing   = "missing"
	StatusDeficient = "deficient"
	StatusOK        = "ok"
)

// OverviewRow is one reporting body's state for a report year.
type OverviewRow struct {
	OrganisationID string     `json:"organisation_id"`
	Organisation   string     `json:"organisation"`
	Status         string     `json:"status"`
	Version        int        `json:"version"`
	Received       *time.Time `json:"received"`
	Late           bool       `json:"late"`
	Errors         int        `json:"errors"`
	Warnings       int        `json:"warnings"`
	Infos          int        `json:"infos"`
	SubmissionID   int64      `json:"submission_id,omitempty"`
	// The standing in three independent parts.
	Timeliness   string     `json:"timeliness"` // missing, on_time, late
	DaysLate     int        `json:"days_late"`
	Content      string     `json:"content"` // none, deficient, remarks, ok
	OpenErrors   int        `json:"open_errors"`
	OpenWarnings int        `json:"open_warnings"`
	OpenInfos    int        `json:"open_infos"`
	CaseState    string     `json:"case_state"` // missing, new, in_review, requested, corrected, approved
	RequestedAt  *time.Time `json:"requested_at,omitempty"`
	Due          string     `json:"due,omitempty"`
	ApprovedBy   string     `json:"approved_by,omitempty"`
	ApprovedAt   *time.Time `json:"approved_at,omitempty"`
}

// Standings of a body in the overview, as case officers speak of them.
const (
	StandingMissing   = "missing"   // ej inkommen
	StandingLate      = "late"      // sen
	StandingDeficient = "deficient" // brister
	StandingRemarks   = "remarks"   // inkommen i tid, med varningar eller tips
	StandingClean     = "clean"     // utan anmärkning
)

// Standings lists them in order, with their Swedish names.
var Standings = []struct{ Key, Label string }{
	{StandingMissing, "ej inkommen"}, {StandingLate, "sen"}, {StandingDeficient, "brister"},
	{StandingRemarks, "inkommen i tid"}, {StandingClean, "utan anmärkning"},
}

// Standing tells where a body stands.
func (r OverviewRow) Standing() string {
	switch {
	case r.Status == StatusMissing:
		return StandingMissing
	case r.Late:
		return StandingLate
	case r.Errors > 0:
		return StandingDeficient
	case r.Warnings > 0 || r.Infos > 0:
		return StandingRemarks
	}
	return StandingClean
}

// StandingText is the standing in Swedish.
func (r OverviewRow) StandingText() string {
	k := r.Standing()
	for _, s := range Standings {
		if s.Key == k {
			return s.Label
		}
	}
	return k
}
