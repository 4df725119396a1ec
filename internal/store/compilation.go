package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
)

// The queries of the national compilation: each reads one kind of row for
// the latest check runs of a year's current versions at once (never one
// query per body).

// YearReport is an organisation's report for a year as the compilation
// sees it: its current version with its latest check run, or its latest
// message without a readable report (State not_docx, Run 0).
type YearReport struct {
	Submission   int64
	Organisation string
	Version      int
	State        string
	Received     time.Time
	Run          int64
}

// YearReports returns, per organisation with anything for the year, its
// current version, or else its latest submission without a readable report.
func (s *Store) YearReports(ctx context.Context, year int) (map[string]YearReport, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT s.id, s.organisation, coalesce(s.version, 0), s.state, s.received_at,
		coalesce((SELECT max(r.id) FROM check_runs r WHERE r.submission = s.id), 0)
		FROM submissions s WHERE s.year = ? AND s.organisation IS NOT NULL AND s.state IN ('current', 'not_docx') ORDER BY s.id`, year)
	if err != nil {
		return nil, fmt.Errorf("store: reports of %d: %w", year, err)
	}
	defer rows.Close()
	out := map[string]YearReport{}
	for rows.Next() {
		var r YearReport
		var at string
		if err := rows.Scan(&r.Submission, &r.Organisation, &r.Version, &r.State, &at, &r.Run); err != nil {
			return nil, fmt.Errorf("store: reports of %d: %w", year, err)
		}
		r.Received = parseTime(at)
		if prev, ok := out[r.Organisation]; ok && prev.State == model.StateCurrent && r.State != model.StateCurrent {
			continue // a current version wins over a later message without a report
		}
		if r.State != model.StateCurrent {
			r.Run = 0
		}
		out[r.Organisation] = r
	}
	return out, rows.Err()
}

// RunAnswer is one stored answer of a check run.
type RunAnswer struct {
	Run      int64        `db:"run"`
	Question string       `db:"question"`
	Status   model.Status `db:"status"`
	Chars    int          `db:"chars"`
	Text     string       `db:"text"`
}

// RunAnswers returns the answers of the runs to the questions (every
// question when questions is empty).
func (s *Store) RunAnswers(ctx context.Context, runs []int64, questions []string) ([]RunAnswer, error) {
	if len(runs) == 0 {
		return nil, nil
	}
	query, args, err := sqlx.In(`SELECT run, question, status, chars, text FROM answers WHERE run IN (?)`, runs)
	if err == nil && len(questions) > 0 {
		var more []any
		var q string
		q, more, err = sqlx.In(` AND question IN (?)`, questions)
		query, args = query+q, append(args, more...)
	}
	if err != nil {
		return nil, err
	}
	var out []RunAnswer
	if err := s.db.SelectContext(ctx, &out, query, args...); err != nil {
		return nil, fmt.Errorf("store: answers: %w", err)
	}
	return out, nil
}

// RunChars returns the characters of every answer of the runs, by run and
// question.
func (s *Store) RunChars(ctx context.Context, runs []int64) (map[int64]map[string]int, error) {
	out := map[int64]map[string]int{}
	if len(runs) == 0 {
		return out, nil
	}
	query, args, err := sqlx.In(`SELECT run, question, chars FROM answers WHERE run IN (?)`, runs)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: characters: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var run int64
		var q string
		var n int
		if err := rows.Scan(&run, &q, &n); err != nil {
			return nil, fmt.Errorf("store: characters: %w", err)
		}
		if out[run] == nil {
			out[run] = map[string]int{}
		}
		out[run][q] = n
	}
	return out, rows.Err()
}

// RunInsats is one stored insats row of a check run.
type RunInsats struct {
	Run      int64
	Question string
	Row      int
	Cells    []string
	Empty    []int
}

// RunInsatser returns the insats rows of the runs, of one question or of
// all ("" ), in question and row order per run.
func (s *Store) RunInsatser(ctx context.Context, runs []int64, question string) ([]RunInsats, error) {
	if len(runs) == 0 {
		return nil, nil
	}
	query, args, err := sqlx.In(`SELECT run, question, row, cells, empty_columns FROM insats_rows WHERE run IN (?)`, runs)
	if err != nil {
		return nil, err
	}
	if question != "" {
		query, args = query+` AND question = ?`, append(args, question)
	}
	rows, err := s.db.QueryContext(ctx, query+` ORDER BY run, question, row`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: insats rows: %w", err)
	}
	defer rows.Close()
	var out []RunInsats
	for rows.Next() {
		var r RunInsats
		var cells, empty []byte
		if err := rows.Scan(&r.Run, &r.Question, &r.Row, &cells, &empty); err != nil {
			return nil, fmt.Errorf("store: insats rows: %w", err)
		}
		if err := json.Unmarshal(cells, &r.Cells); err != nil {
			return nil, fmt.Errorf("store: insats row %d %s %d: %w", r.Run, r.Question, r.Row, err)
		}
		json.Unmarshal(empty, &r.Empty)
		out = append(out, r)
	}
	return out, rows.Err()
}

// RunResults returns the stored results of the runs, by run.
func (s *Store) RunResults(ctx context.Context, runs []int64) (map[int64]*model.Result, error) {
	out := map[int64]*model.Result{}
	if len(runs) == 0 {
		return out, nil
	}
	query, args, err := sqlx.In(`SELECT id, result FROM check_runs WHERE id IN (?)`, runs)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: results: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var run int64
		var blob sql.RawBytes
		if err := rows.Scan(&run, &blob); err != nil {
			return nil, fmt.Errorf("store: results: %w", err)
		}
		var res model.Result
		if err := json.Unmarshal(blob, &res); err != nil {
			return nil, fmt.Errorf("store: result of run %d: %w", run, err)
		}
		out[run] = &res
	}
	return out, rows.Err()
}
