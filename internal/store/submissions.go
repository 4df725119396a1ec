package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
)

type submissionRow struct {
	ID           int64          `db:"id"`
	MessageID    int64          `db:"message"`
	AttachmentID sql.NullInt64  `db:"attachment"`
	Organisation sql.NullString `db:"organisation"`
	MatchedBy    string         `db:"matched_by"`
	Year         int            `db:"year"`
	Version      sql.NullInt64  `db:"version"`
	State        string         `db:"state"`
	ResendOf     sql.NullInt64  `db:"resend_of"`
	DocxSHA256   string         `db:"docx_sha256"`
	ReceivedAt   string         `db:"received_at"`
	CreatedAt    string         `db:"created_at"`
	Errors       sql.NullInt64  `db:"errors"`
	Warnings     sql.NullInt64  `db:"warnings"`
	Infos        sql.NullInt64  `db:"infos"`
}

func (r submissionRow) model() model.Submission {
	s := model.Submission{ID: r.ID, MessageID: r.MessageID, Organisation: r.Organisation.String, MatchedBy: r.MatchedBy,
		Year: r.Year, Version: int(r.Version.Int64), State: r.State, DocxSHA256: r.DocxSHA256,
		ReceivedAt: parseTime(r.ReceivedAt), CreatedAt: parseTime(r.CreatedAt),
		Errors: int(r.Errors.Int64), Warnings: int(r.Warnings.Int64), Infos: int(r.Infos.Int64)}
	if r.AttachmentID.Valid {
		s.AttachmentID = &r.AttachmentID.Int64
	}
	if r.ResendOf.Valid {
		s.ResendOf = &r.ResendOf.Int64
	}
	return s
}

// submissionQuery selects submissions with their latest run's counts.
const submissionQuery = `SELECT s.id, s.message, s.attachment, s.organisation, s.matched_by, s.year, s.version,
	s.state, s.resend_of, s.docx_sha256, s.received_at, s.created_at, r.errors, r.warnings, r.infos
	FROM submissions s LEFT JOIN check_runs r ON r.id = (SELECT max(id) FROM check_runs WHERE submission = s.id)`

func selectSubmissions(ctx context.Context, q sqlx.QueryerContext, where string, args ...any) ([]model.Submission, error) {
	var rows []submissionRow
	if err := sqlx.SelectContext(ctx, q, &rows, submissionQuery+" "+where, args...); err != nil {
		return nil, fmt.Errorf("store: submissions: %w", err)
	}
	out := make([]model.Submission, len(rows))
	for i, r := range rows {
		out[i] = r.model()
	}
	return out, nil
}

// Submission returns a submission by id.
func Submission(ctx context.Context, q sqlx.QueryerContext, id int64) (*model.Submission, error) {
	subs, err := selectSubmissions(ctx, q, `WHERE s.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(subs) == 0 {
		return nil, fmt.Errorf("submission %d: %w", id, ErrNotFound)
	}
	return &subs[0], nil
}

// Submission returns a submission by id.
func (s *Store) Submission(ctx context.Context, id int64) (*model.Submission, error) {
	return Submission(ctx, s.db, id)
}

// History lists an organisation's submissions for a year, oldest first.
func (s *Store) History(ctx context.Context, org string, year int) ([]model.Submission, error) {
	return selectSubmissions(ctx, s.db, `WHERE s.organisation = ? AND s.year = ? ORDER BY s.id`, org, year)
}

// Unassigned lists submissions no organisation was found for.
func (s *Store) Unassigned(ctx context.Context) ([]model.Submission, error) {
	return selectSubmissions(ctx, s.db, `WHERE s.state = 'unassigned' ORDER BY s.id`)
}

// AllSubmissions lists every submission, oldest first.
func (s *Store) AllSubmissions(ctx context.Context) ([]model.Submission, error) {
	return selectSubmissions(ctx, s.db, `ORDER BY s.id`)
}

// SubmissionByVersion returns an organisation's version of a year.
func (s *Store) SubmissionByVersion(ctx context.Context, org string, year, version int) (*model.Submission, error) {
	subs, err := selectSubmissions(ctx, s.db, `WHERE s.organisation = ? AND s.year = ? AND s.version = ?`, org, year, version)
	if err != nil {
		return nil, err
	}
	if len(subs) == 0 {
		return nil, fmt.Errorf("%s %d version %d: %w", org, year, version, ErrNotFound)
	}
	return &subs[0], nil
}

// Years lists the report years that have submissions, newest first.
func (s *Store) Years(ctx context.Context) ([]int, error) {
	var ys []int
	err := s.db.SelectContext(ctx, &ys, `SELECT DISTINCT year FROM submissions ORDER BY year DESC`)
	return ys, err
}

// VersionOfDocx returns the organisation's version of the year that has a
// byte-identical report, or nil.
func VersionOfDocx(ctx context.Context, tx *sqlx.Tx, org string, year int, sha string) (*model.Submission, error) {
	subs, err := selectSubmissions(ctx, tx, `WHERE s.organisation = ? AND s.year = ? AND s.docx_sha256 = ? AND s.version IS NOT NULL ORDER BY s.version LIMIT 1`, org, year, sha)
	if err != nil || len(subs) == 0 {
		return nil, err
	}
	return &subs[0], nil
}

// NextVersion supersedes the organisation's current version of the year
// and returns the number the next one gets.
func NextVersion(ctx context.Context, tx *sqlx.Tx, org string, year int) (int, error) {
	var last sql.NullInt64
	if err := tx.GetContext(ctx, &last, `SELECT max(version) FROM submissions WHERE organisation = ? AND year = ?`, org, year); err != nil {
		return 0, fmt.Errorf("store: versions: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE submissions SET state = 'superseded' WHERE organisation = ? AND year = ? AND state = 'current'`, org, year); err != nil {
		return 0, fmt.Errorf("store: supersede: %w", err)
	}
	return int(last.Int64) + 1, nil
}

// CreateSubmission stores a submission.
func CreateSubmission(ctx context.Context, tx *sqlx.Tx, s *model.Submission) (int64, error) {
	var org, version any
	if s.Organisation != "" {
		org = s.Organisation
	}
	if s.Version > 0 {
		version = s.Version
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO submissions (message, attachment, organisation, matched_by, year, version,
		state, resend_of, docx_sha256, received_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
		s.MessageID, s.AttachmentID, org, s.MatchedBy, s.Year, version, s.State, s.ResendOf, s.DocxSHA256,
		formatTime(s.ReceivedAt), formatTime(s.CreatedAt))
	if err != nil {
		return 0, fmt.Errorf("store: submission: %w", err)
	}
	return res.LastInsertId()
}

// UpdateSubmission writes a submission's organisation, version and state.
func UpdateSubmission(ctx context.Context, tx *sqlx.Tx, s *model.Submission) error {
	var org, version any
	if s.Organisation != "" {
		org = s.Organisation
	}
	if s.Version > 0 {
		version = s.Version
	}
	_, err := tx.ExecContext(ctx, `UPDATE submissions SET organisation = ?, matched_by = ?, version = ?, state = ?, resend_of = ? WHERE id = ?`,
		org, s.MatchedBy, version, s.State, s.ResendOf, s.ID)
	if err != nil {
		return fmt.Errorf("store: submission %d: %w", s.ID, err)
	}
	return nil
}

// RunInfo describes one check run.
type RunInfo struct {
	ID             int64     `json:"id"`
	Submission     int64     `json:"submission"`
	Template       string    `json:"template"`
	ProgramVersion string    `json:"program_version"`
	RunAt          time.Time `json:"run_at"`
	Reason         string    `json:"reason"`
}

// CreateRun stores a check run: the whole result, and its answers, insats
// rows, choices and findings as rows.
func CreateRun(ctx context.Context, tx *sqlx.Tx, info RunInfo, res *model.Result) (int64, error) {
	blob, err := json.Marshal(res)
	if err != nil {
		return 0, err
	}
	e, w, i := res.Counts()
	r, err := tx.ExecContext(ctx, `INSERT INTO check_runs (submission, template, program_version, run_at, reason, errors, warnings, infos, result)
		VALUES (?,?,?,?,?,?,?,?,?)`, info.Submission, res.Template, info.ProgramVersion, formatTime(info.RunAt), info.Reason, e, w, i, blob)
	if err != nil {
		return 0, fmt.Errorf("store: check run: %w", err)
	}
	run, err := r.LastInsertId()
	if err != nil {
		return 0, err
	}
	var rows rowBatch
	for _, a := range res.Questions {
		rows.add(run, a.ID, a.Status, a.Chars, a.Text)
	}
	if err := rows.exec(ctx, tx, `INSERT INTO answers (run, question, status, chars, text) VALUES `); err != nil {
		return 0, fmt.Errorf("store: answers: %w", err)
	}
	if err := indexRun(ctx, tx, info.Submission, run); err != nil {
		return 0, err
	}
	for _, t := range res.Insatser {
		for n, it := range t.Items {
			cells, _ := json.Marshal(it.Cells)
			empty, _ := json.Marshal(append([]int{}, it.Empty...))
			rows.add(run, t.Question, n+1, cells, empty)
		}
	}
	if err := rows.exec(ctx, tx, `INSERT INTO insats_rows (run, question, row, cells, empty_columns) VALUES `); err != nil {
		return 0, fmt.Errorf("store: insats rows: %w", err)
	}
	for _, c := range res.Choices {
		rows.add(run, c.Question, c.Item, c.Answer)
	}
	if err := rows.exec(ctx, tx, `INSERT INTO choices (run, question, item, answer) VALUES `); err != nil {
		return 0, fmt.Errorf("store: choices: %w", err)
	}
	for _, f := range res.Findings {
		rows.add(run, f.Code, f.Severity, f.Question, f.Message)
	}
	if err := rows.exec(ctx, tx, `INSERT INTO findings (run, code, severity, question, message) VALUES `); err != nil {
		return 0, fmt.Errorf("store: findings: %w", err)
	}
	return run, nil
}

// LatestResult returns a submission's newest check run and its result.
func (s *Store) LatestResult(ctx context.Context, submission int64) (*RunInfo, *model.Result, error) {
	return s.result(ctx, `SELECT id, submission, template, program_version, run_at, reason, result FROM check_runs
		WHERE submission = ? ORDER BY id DESC LIMIT 1`, submission)
}

// RunResult returns one check run and its result.
func (s *Store) RunResult(ctx context.Context, run int64) (*RunInfo, *model.Result, error) {
	return s.result(ctx, `SELECT id, submission, template, program_version, run_at, reason, result FROM check_runs WHERE id = ?`, run)
}

func (s *Store) result(ctx context.Context, query string, arg int64) (*RunInfo, *model.Result, error) {
	var info RunInfo
	var at string
	var blob []byte
	if err := s.db.QueryRowContext(ctx, query, arg).Scan(&info.ID, &info.Submission, &info.Template, &info.ProgramVersion, &at, &info.Reason, &blob); err != nil {
		return nil, nil, notFound(err, fmt.Sprintf("check run for %d", arg))
	}
	info.RunAt = parseTime(at)
	var res model.Result
	if err := json.Unmarshal(blob, &res); err != nil {
		return nil, nil, fmt.Errorf("store: check run %d: %w", info.ID, err)
	}
	return &info, &res, nil
}

// Runs lists a submission's check runs, oldest first.
func (s *Store) Runs(ctx context.Context, submission int64) ([]RunInfo, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, submission, template, program_version, run_at, reason FROM check_runs WHERE submission = ? ORDER BY id`, submission)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RunInfo
	for rows.Next() {
		var r RunInfo
		var at string
		if err := rows.Scan(&r.ID, &r.Submission, &r.Template, &r.ProgramVersion, &at, &r.Reason); err != nil {
			return nil, err
		}
		r.RunAt = parseTime(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Overview returns one row per organisation for a report year: its current
// version, or, without one, its latest submission without a readable report.
func (s *Store) Overview(ctx context.Context, year int, lateAfter time.Time) ([]model.OverviewRow, error) {
	var orgRows []struct {
		ID   string `db:"id"`
		Name string `db:"name"`
	}
	if err := s.db.SelectContext(ctx, &orgRows, `SELECT id, name FROM organisations ORDER BY name COLLATE NOCASE`); err != nil {
		return nil, fmt.Errorf("store: organisations: %w", err)
	}
	subs, err := selectSubmissions(ctx, s.db, `WHERE s.year = ? AND s.state IN ('current', 'not_docx') ORDER BY s.id`, year)
	if err != nil {
		return nil, err
	}
	best := map[string]model.Submission{}
	for _, sub := range subs {
		if prev, ok := best[sub.Organisation]; ok && prev.State == model.StateCurrent && sub.State != model.StateCurrent {
			continue // a current version wins over a later message without a report
		}
		best[sub.Organisation] = sub
	}
	out := make([]model.OverviewRow, 0, len(orgRows))
	for _, o := range orgRows {
		row := model.OverviewRow{OrganisationID: o.ID, Organisation: o.Name, Status: model.StatusMissing}
		if sub, ok := best[o.ID]; ok {
			t := sub.ReceivedAt
			row.Received, row.Version, row.SubmissionID = &t, sub.Version, sub.ID
			row.Late = !t.Before(lateAfter)
			row.Errors, row.Warnings, row.Infos = sub.Errors, sub.Warnings, sub.Infos
			row.Status = model.StatusOK
			if sub.Errors > 0 {
				row.Status = model.StatusDeficient
			}
		}
		out = append(out, row)
	}
	if err := s.standings(ctx, year, lateAfter, best, out); err != nil {
		return nil, err
	}
	return out, nil
}

// rowBatch collects rows for one multi-row INSERT.
type rowBatch struct {
	n, width int
	args     []any
}

func (b *rowBatch) add(values ...any) {
	b.n++
	b.width = len(values)
	b.args = append(b.args, values...)
}

// exec inserts the collected rows (in chunks within SQLite's variable
// limit) and empties the batch.
func (b *rowBatch) exec(ctx context.Context, tx *sqlx.Tx, insert string) error {
	defer func() { b.n, b.args = 0, b.args[:0] }()
	const maxVars = 999
	for start := 0; start < b.n; {
		rows := min(b.n-start, maxVars/b.width)
		one := "(" + strings.TrimSuffix(strings.Repeat("?,", b.width), ",") + ")"
		query := insert + strings.TrimSuffix(strings.Repeat(one+",", rows), ",")
		if _, err := tx.ExecContext(ctx, query, b.args[start*b.width:(start+rows)*b.width]...); err != nil {
			return err
		}
		start += rows
	}
	return nil
}
