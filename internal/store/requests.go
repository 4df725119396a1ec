package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
)

// CompletionRequest is a request to a body to complete its report
// (begäran om komplettering): sent through the outbox, or copied by the
// case officer into a mail of their own.
type CompletionRequest struct {
	ID         int64     `json:"id"`
	Submission int64     `json:"submission"`
	Recipients []string  `json:"recipients"`
	Subject    string    `json:"subject"`
	Body       string    `json:"body"`
	Due        string    `json:"due"`
	Sent       bool      `json:"sent"`
	CreatedBy  string    `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
	AnsweredBy *int64    `json:"answered_by"`
}

// RequestCompletion stores a completion request for sub, queues mail (if
// given, one outbox row per recipient, all with the same message), moves
// the case to model.CaseRequested with the date asked and the due date,
// and audits it.
func (s *Store) RequestCompletion(ctx context.Context, sub *model.Submission, req *CompletionRequest, mail []byte, now time.Time) error {
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		req.Submission, req.CreatedAt, req.Sent = sub.ID, now, mail != nil
		res, err := tx.ExecContext(ctx, `INSERT INTO completion_requests (submission, recipients, subject, body, due, sent, created_by, created_at)
			VALUES (?,?,?,?,?,?,?,?)`, sub.ID, strings.Join(req.Recipients, ", "), req.Subject, req.Body, req.Due, req.Sent, req.CreatedBy, formatTime(now))
		if err != nil {
			return fmt.Errorf("store: completion request: %w", err)
		}
		req.ID, _ = res.LastInsertId()
		if mail != nil {
			for _, to := range req.Recipients {
				if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (submission, message, to_addr, subject, body, state, next_attempt_at, created_at, kind, request)
					VALUES (?,?,?,?,?,'pending',?,?,'request',?)`, sub.ID, sub.MessageID, to, req.Subject, mail, formatTime(now), formatTime(now), req.ID); err != nil {
					return fmt.Errorf("store: outbox: %w", err)
				}
			}
		}
		c, err := caseOf(ctx, tx, sub.Organisation, sub.Year)
		if err != nil {
			return err
		}
		c.State, c.Submission, c.RequestedAt, c.Due, c.ApprovedBy, c.ApprovedAt = model.CaseRequested, &sub.ID, now, req.Due, "", time.Time{}
		if err := putCase(ctx, tx, c, now); err != nil {
			return err
		}
		how := "kopierad av handläggaren"
		if req.Sent {
			how = "skickas till " + strings.Join(req.Recipients, ", ")
		}
		return Audit(ctx, tx, now, req.CreatedBy, "completion_request", &sub.MessageID, &sub.ID, fmt.Sprintf("%s; svar senast %s", how, req.Due))
	})
}

// CompletionRequests lists the requests made about a body's reports of a
// year, oldest first.
func (s *Store) CompletionRequests(ctx context.Context, org string, year int) ([]CompletionRequest, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.submission, c.recipients, c.subject, c.body, c.due, c.sent, c.created_by, c.created_at, c.answered_by
		FROM completion_requests c JOIN submissions s ON s.id = c.submission WHERE s.organisation = ? AND s.year = ? ORDER BY c.id`, org, year)
	if err != nil {
		return nil, fmt.Errorf("store: completion requests: %w", err)
	}
	defer rows.Close()
	var out []CompletionRequest
	for rows.Next() {
		var r CompletionRequest
		var to, at string
		var answered sql.NullInt64
		if err := rows.Scan(&r.ID, &r.Submission, &to, &r.Subject, &r.Body, &r.Due, &r.Sent, &r.CreatedBy, &at, &answered); err != nil {
			return nil, err
		}
		r.Recipients, r.CreatedAt = strings.Split(to, ", "), parseTime(at)
		if answered.Valid {
			r.AnsweredBy = &answered.Int64
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RequestMail lists the outbox rows of a completion request.
func (s *Store) RequestMail(ctx context.Context, request int64) ([]OutboxItem, error) {
	return s.outbox(ctx, `WHERE request = ? AND kind = 'request' ORDER BY id`, request)
}
