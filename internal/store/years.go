package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
)

// MoveSubmission files a submission under another report year: its year,
// version, state and resend_of are written as they are in s.
func MoveSubmission(ctx context.Context, tx *sqlx.Tx, s *model.Submission) error {
	var version any
	if s.Version > 0 {
		version = s.Version
	}
	_, err := tx.ExecContext(ctx, `UPDATE submissions SET year = ?, version = ?, state = ?, resend_of = ? WHERE id = ?`,
		s.Year, version, s.State, s.ResendOf, s.ID)
	if err != nil {
		return fmt.Errorf("store: move submission %d to %d: %w", s.ID, s.Year, err)
	}
	return nil
}

// RestoreCurrent makes the organisation's highest remaining version of the
// year current again, when the year has no current version (after its
// current one moved to another year). It returns that version, or 0.
func RestoreCurrent(ctx context.Context, tx *sqlx.Tx, org string, year int) (int, error) {
	var n int
	if err := tx.GetContext(ctx, &n, `SELECT count(*) FROM submissions WHERE organisation = ? AND year = ? AND state = 'current'`, org, year); err != nil {
		return 0, fmt.Errorf("store: current version: %w", err)
	}
	if n > 0 {
		return 0, nil
	}
	var v []int
	if err := tx.SelectContext(ctx, &v, `SELECT version FROM submissions WHERE organisation = ? AND year = ? AND state = 'superseded'
		ORDER BY version DESC LIMIT 1`, org, year); err != nil || len(v) == 0 {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE submissions SET state = 'current' WHERE organisation = ? AND year = ? AND version = ?`, org, year, v[0]); err != nil {
		return 0, fmt.Errorf("store: restore version %d: %w", v[0], err)
	}
	return v[0], nil
}
