package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"
)

// The full-text index (answer_search, FTS4, migration 00006) holds the
// answers of each submission's newest check run. Which submissions a
// search sees (current versions, or every version) is decided when
// searching, from the submissions' state, so a new version needs no
// change to the index of the one it supersedes.

// indexRun puts a check run's answers into the search index and takes out
// those of the submission's earlier runs, in the run's transaction. The
// answers are already stored; the statements are migration 00006's.
func indexRun(ctx context.Context, tx *sqlx.Tx, submission, run int64) error {
	for _, q := range []string{
		`DELETE FROM answer_search WHERE docid IN (SELECT docid FROM answer_search_docs
			WHERE run IN (SELECT id FROM check_runs WHERE submission = ? AND id <> ?))`,
		`DELETE FROM answer_search_docs WHERE run IN (SELECT id FROM check_runs WHERE submission = ? AND id <> ?)`,
	} {
		if _, err := tx.ExecContext(ctx, q, submission, run); err != nil {
			return fmt.Errorf("store: search index: %w", err)
		}
	}
	for _, q := range []string{
		`INSERT INTO answer_search_docs (run, question, chars)
			SELECT a.run, a.question, length(a.text) FROM answers a WHERE a.run = ? AND a.text <> '' ORDER BY a.rowid`,
		`INSERT INTO answer_search (docid, text)
			SELECT d.docid, a.text FROM answer_search_docs d JOIN answers a ON a.run = d.run AND a.question = d.question WHERE d.run = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, run); err != nil {
			return fmt.Errorf("store: search index: %w", err)
		}
	}
	return nil
}

// SearchFilter narrows a search.
type SearchFilter struct {
	Year        int    // 0: every year
	Question    string // "": every question
	AllVersions bool   // superseded versions too, not only the current ones
}

// SearchMatch is one answer that matched: where it is, its length in
// characters, and FTS4's matchinfo(…, 'pcx') for ranking.
type SearchMatch struct {
	DocID      int64
	Submission int64
	Question   string
	Chars      int
	// MatchInfo is the driver's buffer: it holds only until the callback
	// returns.
	MatchInfo []byte
}

// SearchAnswers calls each for every answer that matches an FTS4 MATCH
// expression, of the submissions the filter lets through (with a body and
// a version), unordered; an error from each ends the search with it. The
// expression must be made by package search, never taken from the user
// as it is. The rows carry only what ranking needs (a broad word matches
// most answers, and every column read costs): the reports they belong to
// are read for the few submissions seen, with SearchReports.
func (s *Store) SearchAnswers(ctx context.Context, match string, f SearchFilter, each func(*SearchMatch) error) error {
	where := []string{`answer_search MATCH ?`}
	args := []any{match}
	if f.AllVersions {
		where = append(where, `s.state IN ('current', 'superseded')`)
	} else {
		where = append(where, `s.state = 'current'`)
	}
	if f.Year != 0 {
		where, args = append(where, `s.year = ?`), append(args, f.Year)
	}
	if f.Question != "" {
		where, args = append(where, `d.question = ?`), append(args, f.Question)
	}
	rs, err := s.db.QueryContext(ctx, `SELECT f.docid, r.submission, d.question, d.chars, matchinfo(answer_search, 'pcx')
		FROM answer_search f
		JOIN answer_search_docs d ON d.docid = f.docid
		JOIN check_runs r ON r.id = d.run
		JOIN submissions s ON s.id = r.submission
		WHERE `+strings.Join(where, " AND ")+` AND s.version IS NOT NULL`, args...)
	if err != nil {
		return fmt.Errorf("store: search: %w", err)
	}
	defer rs.Close()
	var m SearchMatch
	var question, info sql.RawBytes
	questions := map[string]string{} // one string per question id
	for rs.Next() {
		if err := rs.Scan(&m.DocID, &m.Submission, &question, &m.Chars, &info); err != nil {
			return fmt.Errorf("store: search: %w", err)
		}
		q, ok := questions[string(question)]
		if !ok {
			q = string(question)
			questions[q] = q
		}
		m.Question, m.MatchInfo = q, info
		if err := each(&m); err != nil {
			return err
		}
	}
	if err := rs.Err(); err != nil {
		return fmt.Errorf("store: search: %w", err)
	}
	return nil
}

// SearchReport is a submission as a search shows it.
type SearchReport struct {
	Submission   int64
	Organisation string
	Name         string
	Year         int
	Version      int
	State        string
}

// SearchReports returns the submissions with these ids (those without a
// version left out), by id.
func (s *Store) SearchReports(ctx context.Context, ids []int64) (map[int64]*SearchReport, error) {
	out := make(map[int64]*SearchReport, len(ids))
	err := s.eachRowIn(ctx, `SELECT s.id, s.organisation, o.name, s.year, s.version, s.state
		FROM submissions s JOIN organisations o ON o.id = s.organisation
		WHERE s.version IS NOT NULL AND s.id IN (%s)`, ids, func(rs *sql.Rows) error {
		r := &SearchReport{}
		if err := rs.Scan(&r.Submission, &r.Organisation, &r.Name, &r.Year, &r.Version, &r.State); err != nil {
			return err
		}
		out[r.Submission] = r
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: search reports: %w", err)
	}
	return out, nil
}

// eachRowIn runs query, whose %s is the list of ids' placeholders, for the
// ids 500 at a time (far below SQLite's limit on a statement's
// parameters), and calls scan for every row; an error from scan ends it.
// The rows are scanned directly: no reflection per row.
func (s *Store) eachRowIn(ctx context.Context, query string, ids []int64, scan func(*sql.Rows) error) error {
	const chunk = 500
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		rs, err := s.db.QueryContext(ctx, fmt.Sprintf(query, strings.TrimSuffix(strings.Repeat("?,", len(part)), ",")), args...)
		if err != nil {
			return err
		}
		for rs.Next() {
			if err := scan(rs); err != nil {
				rs.Close()
				return err
			}
		}
		err = rs.Err()
		rs.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// SearchStats returns how many answers the index holds and their
// average length in characters (for ranking).
func (s *Store) SearchStats(ctx context.Context) (n int, avgChars float64, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT count(*), coalesce(avg(chars), 0) FROM answer_search_docs`).Scan(&n, &avgChars)
	if err != nil {
		return 0, 0, fmt.Errorf("store: search: %w", err)
	}
	return n, avgChars, nil
}

// SearchTexts returns the indexed answers' texts, by docid.
func (s *Store) SearchTexts(ctx context.Context, docids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(docids))
	err := s.eachRowIn(ctx, `SELECT d.docid, a.text FROM answer_search_docs d
		JOIN answers a ON a.run = d.run AND a.question = d.question
		WHERE d.docid IN (%s)`, docids, func(rs *sql.Rows) error {
		var id int64
		var text string
		if err := rs.Scan(&id, &text); err != nil {
			return err
		}
		out[id] = text
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: search texts: %w", err)
	}
	return out, nil
}
