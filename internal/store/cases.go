package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

// Case is where a body's report of a year stands in the case officers'
// handling (ärendestatus).
type Case struct {
	Organisation string    `json:"organisation"`
	Year         int       `json:"year"`
	State        string    `json:"state"`
	Submission   *int64    `json:"submission"`
	RequestedAt  time.Time `json:"requested_at"`
	Due          string    `json:"due"`
	ApprovedBy   string    `json:"approved_by"`
	ApprovedAt   time.Time `json:"approved_at"`
}

type caseRow struct {
	Organisation string        `db:"organisation"`
	Year         int           `db:"year"`
	State        string        `db:"state"`
	Submission   sql.NullInt64 `db:"submission"`
	RequestedAt  string        `db:"requested_at"`
	Due          string        `db:"due"`
	ApprovedBy   string        `db:"approved_by"`
	ApprovedAt   string        `db:"approved_at"`
}

func (r caseRow) model() Case {
	c := Case{Organisation: r.Organisation, Year: r.Year, State: r.State, Due: r.Due, ApprovedBy: r.ApprovedBy,
		RequestedAt: parseTime(r.RequestedAt), ApprovedAt: parseTime(r.ApprovedAt)}
	if r.Submission.Valid {
		c.Submission = &r.Submission.Int64
	}
	return c
}

const caseColumns = `organisation, year, state, submission, requested_at, due, approved_by, approved_at`

// Cases returns the stored case states of a year by organisation. A body
// with a current version but no row is model.CaseNew.
func (s *Store) Cases(ctx context.Context, year int) (map[string]Case, error) {
	var rows []caseRow
	if err := s.db.SelectContext(ctx, &rows, `SELECT `+caseColumns+` FROM cases WHERE year = ?`, year); err != nil {
		return nil, fmt.Errorf("store: cases: %w", err)
	}
	out := map[string]Case{}
	for _, r := range rows {
		out[r.Organisation] = r.model()
	}
	return out, nil
}

// CaseOf returns a body's case of a year; without a stored row, a new one.
func (s *Store) CaseOf(ctx context.Context, org string, year int) (Case, error) {
	return caseOf(ctx, s.db, org, year)
}

func caseOf(ctx context.Context, q sqlx.QueryerContext, org string, year int) (Case, error) {
	var r caseRow
	err := sqlx.GetContext(ctx, q, &r, `SELECT `+caseColumns+` FROM cases WHERE organisation = ? AND year = ?`, org, year)
	if errors.Is(err, sql.ErrNoRows) {
		return Case{Organisation: org, Year: year, State: model.CaseNew}, nil
	}
	if err != nil {
		return Case{}, fmt.Errorf("store: case %s %d: %w", org, year, err)
	}
	return r.model(), nil
}

func putCase(ctx context.Context, tx *sqlx.Tx, c Case, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO cases (`+caseColumns+`, updated_at) VALUES (?,?,?,?,?,?,?,?,?)
		ON CONFLICT (organisation, year) DO UPDATE SET state = excluded.state, submission = excluded.submission,
		requested_at = excluded.requested_at, due = excluded.due, approved_by = excluded.approved_by,
		approved_at = excluded.approved_at, updated_at = excluded.updated_at`,
		c.Organisation, c.Year, c.State, c.Submission, formatTimeOrEmpty(c.RequestedAt), c.Due, c.ApprovedBy, formatTimeOrEmpty(c.ApprovedAt), formatTime(now))
	if err != nil {
		return fmt.Errorf("store: case %s %d: %w", c.Organisation, c.Year, err)
	}
	return nil
}

func formatTimeOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatTime(t)
}

// ErrCaseState is returned for a case action the case's state does not allow.
var ErrCaseState = errors.New("not allowed in this case state")

// SetCaseState moves the case of a submission's body and year to state
// (model.CaseInReview or model.CaseApproved) as actor decided, and audits
// it. Reviewing an approved case leaves it approved.
func (s *Store) SetCaseState(ctx context.Context, sub *model.Submission, state, actor string, now time.Time) error {
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		c, err := caseOf(ctx, tx, sub.Organisation, sub.Year)
		if err != nil {
			return err
		}
		if state == model.CaseInReview && (c.State == model.CaseApproved || c.State == model.CaseRequested || c.State == model.CaseInReview) {
			return nil // reviewing does not reopen, nor forget a request
		}
		c.State, c.Submission = state, &sub.ID
		if state == model.CaseApproved {
			c.ApprovedBy, c.ApprovedAt = actor, now
		}
		if err := putCase(ctx, tx, c, now); err != nil {
			return err
		}
		return Audit(ctx, tx, now, actor, "case_state", &sub.MessageID, &sub.ID, model.CaseText(state))
	})
}

// CaseNewVersion is called (in the ingest's transaction) when a body's new
// version arrives: a case waiting for a completion becomes
// model.CaseCorrected and the open request is answered by the version;
// any other stored case starts again as model.CaseNew.
func CaseNewVersion(ctx context.Context, tx *sqlx.Tx, sub *model.Submission, actor string, now time.Time) error {
	if sub.State != model.StateCurrent || sub.Organisation == "" {
		return nil
	}
	c, err := caseOf(ctx, tx, sub.Organisation, sub.Year)
	if err != nil {
		return err
	}
	next := model.CaseNew
	if c.State == model.CaseRequested || c.State == model.CaseCorrected {
		next = model.CaseCorrected
		if _, err := tx.ExecContext(ctx, `UPDATE completion_requests SET answered_by = ? WHERE answered_by IS NULL AND submission IN
			(SELECT id FROM submissions WHERE organisation = ? AND year = ?) AND submission <> ?`, sub.ID, sub.Organisation, sub.Year, sub.ID); err != nil {
			return fmt.Errorf("store: completion requests: %w", err)
		}
	}
	c.State, c.Submission, c.ApprovedBy, c.ApprovedAt = next, &sub.ID, "", time.Time{}
	if err := putCase(ctx, tx, c, now); err != nil {
		return err
	}
	return Audit(ctx, tx, now, actor, "case_state", &sub.MessageID, &sub.ID, model.CaseText(next))
}

// OpenCounts counts, per submission of a year, the findings of its
// latest check run that no case officer has accepted.
func (s *Store) OpenCounts(ctx context.Context, year int) (map[int64][3]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT s.id, f.severity, count(*) FROM submissions s
		JOIN check_runs r ON r.id = (SELECT max(id) FROM check_runs WHERE submission = s.id)
		JOIN findings f ON f.run = r.id
		LEFT JOIN finding_decisions d ON d.submission = s.id AND d.code = f.code AND d.question = f.question
		WHERE s.year = ? AND d.id IS NULL GROUP BY s.id, f.severity`, year)
	if err != nil {
		return nil, fmt.Errorf("store: open findings: %w", err)
	}
	defer rows.Close()
	out := map[int64][3]int{}
	for rows.Next() {
		var id int64
		var sev string
		var n int
		if err := rows.Scan(&id, &sev, &n); err != nil {
			return nil, err
		}
		c := out[id]
		switch model.Severity(sev) {
		case model.Error:
			c[0] = n
		case model.Warning:
			c[1] = n
		default:
			c[2] = n
		}
		out[id] = c
	}
	return out, rows.Err()
}

// standings fills the overview rows' three-part standing: timeliness,
// content (findings not accepted) and case state.
func (s *Store) standings(ctx context.Context, year int, lateAfter time.Time, best map[string]model.Submission, rows []model.OverviewRow) error {
	cases, err := s.Cases(ctx, year)
	if err != nil {
		return err
	}
	open, err := s.OpenCounts(ctx, year)
	if err != nil {
		return err
	}
	for i := range rows {
		r := &rows[i]
		r.Timeliness, r.Content, r.CaseState = model.TimelinessMissing, model.ContentNone, model.CaseMissing
		sub, ok := best[r.OrganisationID]
		if !ok {
			continue
		}
		r.Timeliness = model.TimelinessOnTime
		if r.Late {
			r.Timeliness, r.DaysLate = model.TimelinessLate, sv.DaysLate(sub.ReceivedAt, lateAfter)
		}
		if sub.State == model.StateCurrent {
			c := open[sub.ID]
			r.OpenErrors, r.OpenWarnings, r.OpenInfos = c[0], c[1], c[2]
			switch {
			case c[0] > 0:
				r.Content = model.ContentDeficient
			case c[1] > 0 || c[2] > 0:
				r.Content = model.ContentRemarks
			default:
				r.Content = model.ContentOK
			}
		} else {
			r.Content = model.ContentDeficient // a message without a readable report
			r.OpenErrors = r.Errors
		}
		r.CaseState = model.CaseNew
		if c, ok := cases[r.OrganisationID]; ok {
			r.CaseState, r.Due, r.ApprovedBy = c.State, c.Due, c.ApprovedBy
			if !c.RequestedAt.IsZero() {
				r.RequestedAt = &c.RequestedAt
			}
			if !c.ApprovedAt.IsZero() {
				r.ApprovedAt = &c.ApprovedAt
			}
		}
	}
	return nil
}

// CountUnassigned counts the submissions waiting for a case officer to
// say which body they come from.
func (s *Store) CountUnassigned(ctx context.Context) (int, error) {
	var n int
	err := s.db.GetContext(ctx, &n, `SELECT count(*) FROM submissions WHERE state = 'unassigned'`)
	return n, err
}
