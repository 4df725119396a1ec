package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Outbox states.
const (
	OutboxPending = "pending"
	OutboxSent    = "sent"
	OutboxFailed  = "failed"
	OutboxSkipped = "skipped"
)

// OutboxItem is a receipt to send, sent, given up on, or not sent (and why).
type OutboxItem struct {
	ID          int64     `json:"id"`
	Submission  *int64    `json:"submission"`
	Message     int64     `json:"message"` // 0 for a reminder
	To          string    `json:"to"`
	Subject     string    `json:"subject"`
	Body        []byte    `json:"-"`
	State       string    `json:"state"`
	Reason      string    `json:"reason,omitempty"`
	Attempts    int       `json:"attempts"`
	NextAttempt time.Time `json:"next_attempt_at"`
	LastError   string    `json:"last_error,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	SentAt      time.Time `json:"sent_at"`
	Kind        string    `json:"kind"` // receipt, request, reminder
	// Request is the completion request a request's mail carries (0 for
	// other kinds).
	Request int64 `json:"request,omitempty"`
}

// ErrDuplicate is returned when a message already has a receipt row.
var ErrDuplicate = errors.New("already queued")

// Enqueue adds a receipt (or a record of why none is sent) for a message.
func (s *Store) Enqueue(ctx context.Context, it *OutboxItem) (int64, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO outbox (submission, message, to_addr, subject, body, state, reason, next_attempt_at, created_at)
		VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (message) WHERE kind = 'receipt' DO NOTHING`,
		it.Submission, it.Message, it.To, it.Subject, it.Body, it.State, it.Reason, formatTime(it.NextAttempt), formatTime(it.CreatedAt))
	if err != nil {
		return 0, fmt.Errorf("store: outbox: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, ErrDuplicate
	}
	return res.LastInsertId()
}

// RecentReceipts counts receipts queued or sent to an address since t.
func (s *Store) RecentReceipts(ctx context.Context, to string, since time.Time) (int, error) {
	var n int
	err := s.db.GetContext(ctx, &n, `SELECT count(*) FROM outbox WHERE kind = 'receipt' AND to_addr = ? AND state IN ('pending', 'sent', 'failed') AND created_at >= ?`,
		to, formatTime(since))
	return n, err
}

const outboxColumns = `id, submission, message, to_addr, subject, body, state, reason, attempts, next_attempt_at, last_error, created_at, sent_at, kind, coalesce(request, 0)`

func (s *Store) outbox(ctx context.Context, where string, args ...any) ([]OutboxItem, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+outboxColumns+` FROM outbox `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OutboxItem
	for rows.Next() {
		var it OutboxItem
		var next, created, sent string
		var msg sql.NullInt64 // none for a reminder
		if err := rows.Scan(&it.ID, &it.Submission, &msg, &it.To, &it.Subject, &it.Body, &it.State, &it.Reason,
			&it.Attempts, &next, &it.LastError, &created, &sent, &it.Kind, &it.Request); err != nil {
			return nil, err
		}
		it.NextAttempt, it.CreatedAt, it.SentAt, it.Message = parseTime(next), parseTime(created), parseTime(sent), msg.Int64
		out = append(out, it)
	}
	return out, rows.Err()
}

// DueReceipts lists pending receipts whose next attempt is due.
func (s *Store) DueReceipts(ctx context.Context, now time.Time, limit int) ([]OutboxItem, error) {
	return s.outbox(ctx, `WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`, formatTime(now), limit)
}

// ReceiptsOf lists the receipts of a submission's message.
func (s *Store) ReceiptsOf(ctx context.Context, message int64) ([]OutboxItem, error) {
	return s.outbox(ctx, `WHERE message = ? AND kind = 'receipt' ORDER BY id`, message)
}

// MarkSent records a delivered receipt.
func (s *Store) MarkSent(ctx context.Context, id int64, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?, last_error = '' WHERE id = ?`, formatTime(now), id)
	return err
}

// MarkAttemptFailed records a failed attempt: tried again at next, or
// given up when giveUp is set.
func (s *Store) MarkAttemptFailed(ctx context.Context, id int64, errText string, next time.Time, giveUp bool) error {
	state := OutboxPending
	if giveUp {
		state = OutboxFailed
	}
	_, err := s.db.ExecContext(ctx, `UPDATE outbox SET state = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?`,
		state, errText, formatTime(next), id)
	return err
}

// OutboxCounts counts receipts per state.
func (s *Store) OutboxCounts(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT state, count(*) FROM outbox GROUP BY state`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}
