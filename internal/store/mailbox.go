package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// MailboxState is where the poller is in a mailbox.
type MailboxState struct {
	Mailbox     string
	UIDValidity uint32
	LastUID     uint32
	LastPollAt  time.Time
}

// MailboxState returns the poller's checkpoint for a mailbox; a mailbox
// never polled has the zero state.
func (s *Store) MailboxState(ctx context.Context, mailbox string) (MailboxState, error) {
	st := MailboxState{Mailbox: mailbox}
	var poll string
	err := s.db.QueryRowContext(ctx, `SELECT uid_validity, last_uid, last_poll_at FROM mailbox_state WHERE mailbox = ?`, mailbox).
		Scan(&st.UIDValidity, &st.LastUID, &poll)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	st.LastPollAt = parseTime(poll)
	return st, err
}

// SaveMailboxState writes the checkpoint.
func (s *Store) SaveMailboxState(ctx context.Context, st MailboxState, now time.Time) error {
	poll := ""
	if !st.LastPollAt.IsZero() {
		poll = formatTime(st.LastPollAt)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO mailbox_state (mailbox, uid_validity, last_uid, last_poll_at, updated_at) VALUES (?,?,?,?,?)
		ON CONFLICT (mailbox) DO UPDATE SET uid_validity = excluded.uid_validity, last_uid = excluded.last_uid,
		last_poll_at = excluded.last_poll_at, updated_at = excluded.updated_at`,
		st.Mailbox, st.UIDValidity, st.LastUID, poll, formatTime(now))
	if err != nil {
		return fmt.Errorf("store: mailbox state: %w", err)
	}
	return nil
}

// ErrLeaseHeld is returned when another poller holds a mailbox's lease.
var ErrLeaseHeld = errors.New("another poller holds the mailbox lease")

// AcquireLease takes or renews the lease on a mailbox for holder until
// now+ttl, unless another holder's lease has not expired. orphaned, when
// not nil, tells a lease whose holder is known to be gone (a process on
// this host that died): such a lease is taken over before it expires.
func (s *Store) AcquireLease(ctx context.Context, mailbox, holder string, now time.Time, ttl time.Duration, orphaned func(holder string) bool) error {
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		var cur, exp string
		err := tx.QueryRowContext(ctx, `SELECT holder, expires_at FROM poller_leases WHERE mailbox = ?`, mailbox).Scan(&cur, &exp)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		case cur != holder && parseTime(exp).After(now) && (orphaned == nil || !orphaned(cur)):
			return fmt.Errorf("%w (%s, until %s)", ErrLeaseHeld, cur, exp)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO poller_leases (mailbox, holder, expires_at) VALUES (?,?,?)
			ON CONFLICT (mailbox) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at`,
			mailbox, holder, formatTime(now.Add(ttl)))
		return err
	})
}

// ReleaseLease gives the lease up, if holder has it.
func (s *Store) ReleaseLease(ctx context.Context, mailbox, holder string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM poller_leases WHERE mailbox = ? AND holder = ?`, mailbox, holder)
	return err
}

// MailboxError is a message the poller moved aside without storing it.
type MailboxError struct {
	Mailbox      string
	UIDValidity  uint32
	UID          uint32
	InternalDate time.Time
	Size         int64
	Reason       string
	Folder       string
}

// RecordMailboxError stores why a message went to the error folder.
func (s *Store) RecordMailboxError(ctx context.Context, e MailboxError, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO mailbox_errors (mailbox, uid_validity, uid, internal_date, size, reason, folder, at)
		VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (mailbox, uid_validity, uid) DO UPDATE SET reason = excluded.reason, at = excluded.at`,
		e.Mailbox, e.UIDValidity, e.UID, formatTime(e.InternalDate), e.Size, e.Reason, e.Folder, formatTime(now))
	return err
}

// CountFailed counts messages that went to the error folder: stored but
// rejected, or not stored at all.
func (s *Store) CountFailed(ctx context.Context) (int, error) {
	var a, b int
	if err := s.db.GetContext(ctx, &a, `SELECT count(*) FROM messages WHERE state = 'failed'`); err != nil {
		return 0, err
	}
	err := s.db.GetContext(ctx, &b, `SELECT count(*) FROM mailbox_errors`)
	return a + b, err
}

// MarkMessageFailed records that a stored message went to the error folder.
func (s *Store) MarkMessageFailed(ctx context.Context, id int64, reason string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE messages SET state = 'failed', error = ? WHERE id = ?`, reason, id)
	return err
}
