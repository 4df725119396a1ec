package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
)

type messageRow struct {
	ID         int64  `db:"id"`
	SHA256     string `db:"sha256"`
	Format     string `db:"format"`
	MessageID  string `db:"message_id"`
	From       string `db:"from_addr"`
	To         string `db:"to_addrs"`
	Cc         string `db:"cc_addrs"`
	Subject    string `db:"subject"`
	ReceivedAt string `db:"received_at"`
	Source     string `db:"source"`
	SourceRef  string `db:"source_ref"`
	Size       int64  `db:"size"`
	StoredAt   string `db:"stored_at"`
	State      string `db:"state"`
	Error      string `db:"error"`
	Problems   string `db:"problems"`
	Attempts   int    `db:"attempts"`
	LastTry    string `db:"last_attempt_at"`
	SenderAuth string `db:"sender_auth"`
}

func (r messageRow) model() *model.Message {
	return &model.Message{ID: r.ID, SHA256: r.SHA256, Format: r.Format, MessageID: r.MessageID, From: r.From,
		To: splitList(r.To), Cc: splitList(r.Cc), Subject: r.Subject, ReceivedAt: parseTime(r.ReceivedAt),
		Source: r.Source, SourceRef: r.SourceRef, Size: r.Size, StoredAt: parseTime(r.StoredAt), State: r.State, Error: r.Error,
		Attempts: r.Attempts, LastAttemptAt: parseTime(r.LastTry), Problems: decodeProblems(r.Problems),
		SenderAuth: decodeSenderAuth(r.SenderAuth)}
}

func decodeSenderAuth(s string) *model.SenderAuth {
	if s == "" {
		return nil
	}
	var v model.SenderAuth
	if json.Unmarshal([]byte(s), &v) != nil {
		return nil
	}
	return &v
}

// SetSenderAuth records what the receiving server found about a message's
// sender; nil removes it (sender authentication is not checked).
func SetSenderAuth(ctx context.Context, tx *sqlx.Tx, id int64, v *model.SenderAuth) error {
	if v == nil {
		_, err := tx.ExecContext(ctx, `DELETE FROM message_sender_auth WHERE message = ?`, id)
		return err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO message_sender_auth (message, verdict) VALUES (?, ?)
		ON CONFLICT (message) DO UPDATE SET verdict = excluded.verdict`, id, string(b))
	if err != nil {
		return fmt.Errorf("store: sender authentication of message %d: %w", id, err)
	}
	return nil
}

func decodeProblems(s string) []string {
	out := []string{}
	if s != "" {
		json.Unmarshal([]byte(s), &out)
	}
	return out
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

const messageColumns = `id, sha256, format, message_id, from_addr, to_addrs, cc_addrs, subject, received_at,
	source, source_ref, size, stored_at, state, error, problems,
	coalesce((SELECT attempts FROM message_attempts WHERE message = messages.id), 0) AS attempts,
	coalesce((SELECT last_attempt_at FROM message_attempts WHERE message = messages.id), '') AS last_attempt_at,
	coalesce((SELECT verdict FROM message_sender_auth WHERE message = messages.id), '') AS sender_auth`

// MessageBySHA returns the message with the raw bytes' sha256.
func MessageBySHA(ctx context.Context, q sqlx.QueryerContext, sha string) (*model.Message, error) {
	var r messageRow
	err := sqlx.GetContext(ctx, q, &r, `SELECT `+messageColumns+` FROM messages WHERE sha256 = ?`, sha)
	if err != nil {
		return nil, notFound(err, "message "+sha)
	}
	return r.model(), nil
}

// Message returns a message by id.
func (s *Store) Message(ctx context.Context, id int64) (*model.Message, error) {
	var r messageRow
	if err := s.db.GetContext(ctx, &r, `SELECT `+messageColumns+` FROM messages WHERE id = ?`, id); err != nil {
		return nil, notFound(err, fmt.Sprintf("message %d", id))
	}
	return r.model(), nil
}

// MessagesInState lists the ids of messages in a state, oldest first.
func (s *Store) MessagesInState(ctx context.Context, state string) ([]int64, error) {
	var ids []int64
	err := s.db.SelectContext(ctx, &ids, `SELECT id FROM messages WHERE state = ? ORDER BY id`, state)
	return ids, err
}

// CreateMessage stores a received message with its raw bytes.
func CreateMessage(ctx context.Context, tx *sqlx.Tx, m *model.Message, raw []byte) (int64, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO messages (sha256, format, message_id, from_addr, to_addrs, cc_addrs,
		subject, received_at, source, source_ref, size, raw, stored_at, state) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?, 'stored')`,
		m.SHA256, m.Format, m.MessageID, m.From, strings.Join(m.To, ","), strings.Join(m.Cc, ","), m.Subject,
		formatTime(m.ReceivedAt), m.Source, m.SourceRef, len(raw), raw, formatTime(m.StoredAt))
	if err != nil {
		return 0, fmt.Errorf("store: message: %w", err)
	}
	return res.LastInsertId()
}

// MessageRaw returns a message's bytes as received.
func (s *Store) MessageRaw(ctx context.Context, id int64) ([]byte, error) {
	var raw []byte
	if err := s.db.GetContext(ctx, &raw, `SELECT raw FROM messages WHERE id = ?`, id); err != nil {
		return nil, notFound(err, fmt.Sprintf("message %d", id))
	}
	return raw, nil
}

// BeginAttempt counts one more attempt to process a message, before it
// starts, and returns the count. The caller commits it before doing the
// work, so that an attempt that kills the process is counted too.
func BeginAttempt(ctx context.Context, tx *sqlx.Tx, id int64, now time.Time) (int, error) {
	var n int
	err := tx.QueryRowxContext(ctx, `INSERT INTO message_attempts (message, attempts, last_attempt_at) VALUES (?, 1, ?)
		ON CONFLICT (message) DO UPDATE SET attempts = attempts + 1, last_attempt_at = excluded.last_attempt_at
		RETURNING attempts`, id, formatTime(now)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: attempt on message %d: %w", id, err)
	}
	return n, nil
}

// UndoAttempt takes back an attempt that ended in a failure on our own
// side (the database or the disk), which says nothing about the message.
func (s *Store) UndoAttempt(ctx context.Context, id int64) error {
	_, err := s.db.ExecContext(ctx, `UPDATE message_attempts SET attempts = max(attempts - 1, 0)
		WHERE message = ? AND (SELECT state FROM messages WHERE id = ?) = 'stored'`, id, id)
	return err
}

// SetMessageOutcome records how processing a message ended, and what of
// it could not be read.
func SetMessageOutcome(ctx context.Context, tx *sqlx.Tx, id int64, state, errText string, problems []string) error {
	text := ""
	if len(problems) > 0 {
		b, err := json.Marshal(problems)
		if err != nil {
			return err
		}
		text = string(b)
	}
	_, err := tx.ExecContext(ctx, `UPDATE messages SET state = ?, error = ?, problems = ? WHERE id = ?`, state, errText, text, id)
	return err
}

// SetMessageState records how processing a message ended.
func SetMessageState(ctx context.Context, tx *sqlx.Tx, id int64, state, errText string) error {
	_, err := tx.ExecContext(ctx, `UPDATE messages SET state = ?, error = ? WHERE id = ?`, state, errText, id)
	return err
}

// CreateAttachment stores one file of a message.
func CreateAttachment(ctx context.Context, tx *sqlx.Tx, a *model.Attachment, data []byte) (int64, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO attachments (message, position, filename, content_type, kind, role, sha256, size, data)
		VALUES (?,?,?,?,?,?,?,?,?)`, a.MessageID, a.Position, a.Filename, a.ContentType, a.Kind, a.Role, a.SHA256, len(data), data)
	if err != nil {
		return 0, fmt.Errorf("store: attachment: %w", err)
	}
	return res.LastInsertId()
}

// DeleteAttachmentsOf removes the attachments extracted from a message, so
// that processing it again starts clean. The raw message stays.
func DeleteAttachmentsOf(ctx context.Context, tx *sqlx.Tx, messageID int64) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM attachments WHERE message = ? AND id NOT IN (SELECT attachment FROM submissions WHERE attachment IS NOT NULL)`, messageID)
	return err
}

// AttachmentData returns an attachment's bytes.
func (s *Store) AttachmentData(ctx context.Context, id int64) ([]byte, *model.Attachment, error) {
	var r struct {
		model.Attachment
		Data []byte `db:"data"`
	}
	err := s.db.QueryRowxContext(ctx, `SELECT id, message, position, filename, content_type, kind, role, sha256, size, data
		FROM attachments WHERE id = ?`, id).Scan(&r.ID, &r.MessageID, &r.Position, &r.Filename, &r.ContentType, &r.Kind, &r.Role, &r.SHA256, &r.Size, &r.Data)
	if err != nil {
		return nil, nil, notFound(err, fmt.Sprintf("attachment %d", id))
	}
	return r.Data, &r.Attachment, nil
}

// Attachments lists a message's files (without their bytes).
func (s *Store) Attachments(ctx context.Context, messageID int64) ([]model.Attachment, error) {
	rows, err := s.db.QueryxContext(ctx, `SELECT id, message, position, filename, content_type, kind, role, sha256, size
		FROM attachments WHERE message = ? ORDER BY position`, messageID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Attachment
	for rows.Next() {
		var a model.Attachment
		if err := rows.Scan(&a.ID, &a.MessageID, &a.Position, &a.Filename, &a.ContentType, &a.Kind, &a.Role, &a.SHA256, &a.Size); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Audit records an action.
func Audit(ctx context.Context, tx *sqlx.Tx, at time.Time, actor, action string, message, submission *int64, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor, action, message, submission, detail) VALUES (?,?,?,?,?,?)`,
		formatTime(at), actor, action, message, submission, detail)
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID         int64  `db:"id" json:"id"`
	At         string `db:"at" json:"at"`
	Actor      string `db:"actor" json:"actor"`
	Action     string `db:"action" json:"action"`
	Message    *int64 `db:"message" json:"message"`
	Submission *int64 `db:"submission" json:"submission"`
	Detail     string `db:"detail" json:"detail"`
}

// When is the entry's time.
func (a AuditEntry) When() time.Time { return parseTime(a.At) }

// AuditLog lists the audit log, oldest first.
func (s *Store) AuditLog(ctx context.Context) ([]AuditEntry, error) {
	var out []AuditEntry
	err := s.db.SelectContext(ctx, &out, `SELECT id, at, actor, action, message, submission, detail FROM audit_log ORDER BY id`)
	return out, err
}
