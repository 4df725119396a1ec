package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// Reminder is a deadline reminder (påminnelse) to a body not heard from:
// sent through the outbox, copied by a case officer, or (automatic, with
// no contact address) recorded as not sendable.
type Reminder struct {
	ID           int64     `json:"id"`
	Organisation string    `json:"organisation"`
	Year         int       `json:"year"`
	DaysBefore   *int      `json:"days_before"` // the configured day of an automatic reminder; nil: an officer's
	Recipients   []string  `json:"recipients"`
	Subject      string    `json:"subject"`
	Body         string    `json:"body"`
	Sent         bool      `json:"sent"`
	CreatedBy    string    `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
}

// AddReminder stores a reminder, queues mail (if given: one outbox row per
// recipient, linked to the reminder) and audits it. An automatic reminder
// (DaysBefore set) is stored at most once per body, year and day: a second
// one is not stored and added is false.
func (s *Store) AddReminder(ctx context.Context, r *Reminder, mail []byte, now time.Time) (added bool, err error) {
	err = s.InTx(ctx, func(tx *sqlx.Tx) error {
		r.CreatedAt, r.Sent = now, mail != nil && len(r.Recipients) > 0
		res, err := tx.ExecContext(ctx, `INSERT INTO reminders (organisation, year, days_before, recipients, subject, body, sent, created_by, created_at)
			VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (organisation, year, days_before) WHERE days_before IS NOT NULL DO NOTHING`,
			r.Organisation, r.Year, r.DaysBefore, strings.Join(r.Recipients, ", "), r.Subject, r.Body, r.Sent, r.CreatedBy, formatTime(now))
		if err != nil {
			return fmt.Errorf("store: reminder: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		added = true
		r.ID, _ = res.LastInsertId()
		if r.Sent {
			for _, to := range r.Recipients {
				if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (to_addr, subject, body, state, next_attempt_at, created_at, kind, reminder)
					VALUES (?,?,?,'pending',?,?,'reminder',?)`, to, r.Subject, mail, formatTime(now), formatTime(now), r.ID); err != nil {
					return fmt.Errorf("store: outbox: %w", err)
				}
			}
		}
		how := "kopierad av handläggaren"
		switch {
		case r.Sent:
			how = "skickas till " + strings.Join(r.Recipients, ", ")
		case len(r.Recipients) == 0:
			how = "kunde inte skickas: ingen kontaktadress"
		}
		if r.DaysBefore != nil {
			how = fmt.Sprintf("automatisk, %d dagar före sista dag; %s", *r.DaysBefore, how)
		}
		return Audit(ctx, tx, now, r.CreatedBy, "reminder", nil, nil, fmt.Sprintf("%s %d: %s", r.Organisation, r.Year, how))
	})
	return added, err
}

// Reminders lists a year's reminders, oldest first.
func (s *Store) Reminders(ctx context.Context, year int) ([]Reminder, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, organisation, year, days_before, recipients, subject, body, sent, created_by, created_at
		FROM reminders WHERE year = ? ORDER BY id`, year)
	if err != nil {
		return nil, fmt.Errorf("store: reminders: %w", err)
	}
	defer rows.Close()
	var out []Reminder
	for rows.Next() {
		var r Reminder
		var days sql.NullInt64
		var to, at string
		if err := rows.Scan(&r.ID, &r.Organisation, &r.Year, &days, &to, &r.Subject, &r.Body, &r.Sent, &r.CreatedBy, &at); err != nil {
			return nil, err
		}
		if days.Valid {
			d := int(days.Int64)
			r.DaysBefore = &d
		}
		if to != "" {
			r.Recipients = strings.Split(to, ", ")
		}
		r.CreatedAt = parseTime(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReminderMail lists the outbox rows of a year's reminders, by reminder.
func (s *Store) ReminderMail(ctx context.Context, year int) (map[int64][]OutboxItem, error) {
	var ids []int64
	if err := s.db.SelectContext(ctx, &ids, `SELECT id FROM reminders WHERE year = ?`, year); err != nil {
		return nil, fmt.Errorf("store: reminders: %w", err)
	}
	out := map[int64][]OutboxItem{}
	for _, id := range ids {
		items, err := s.outbox(ctx, `WHERE kind = 'reminder' AND reminder = ? ORDER BY id`, id)
		if err != nil {
			return nil, err
		}
		if len(items) > 0 {
			out[id] = items
		}
	}
	return out, nil
}
