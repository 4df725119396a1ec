package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
)

// The full-text index (answer_search, FTS4, migration 00006) holds the
// answers of each submission's newest check run. Which submissions a
// search sees (current versions, or every version) is decided when
// searching, from the submissions' state, so a new version needs no
// change to the index of the one it supersedes.

// indexRun puts a check run's answers into the search index and takes out
// those of the submission's earlier runs, in the run's transaction.
func indexRun(ctx context.Context, tx *sqlx.Tx, submission, run int64, res *model.Result) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM answer_search WHERE run IN (SELECT id FROM check_runs WHERE submission = ? AND id <> ?)`, submission, run); err != nil {
		return fmt.Errorf("store: search index: %w", err)
	}
	var rows rowBatch
	for _, a := range res.Questions {
		if a.Text != "" {
			rows.add(a.Text, run, a.ID)
		}
	}
	if err := rows.exec(ctx, tx, `INSERT INTO answer_search (text, run, question) VALUES `); err != nil {
		return fmt.Errorf("store: search index: %w", err)
	}
	return nil
}

// SearchFilter narrows a search.
type SearchFilter struct {
	Year        int    // 0: every year
	Question    string // "": every question
	AllVersions bool   // superseded versions too, not only the current ones
}

// SearchRow is one answer that matched: where it is, and FTS4's
// matchinfo(…, 'pcnalx') for ranking.
type SearchRow struct {
	DocID        int64  `db:"docid"`
	Question     string `db:"question"`
	MatchInfo    []byte `db:"matchinfo"`
	Submission   int64  `db:"submission"`
	Organisation string `db:"organisation"`
	Name         string `db:"name"`
	Year         int    `db:"year"`
	Version      int    `db:"version"`
	State        string `db:"state"`
}

// SearchAnswers returns every answer that matches an FTS4 MATCH
// expression, of the submissions the filter lets through (with a body and
// a version), unordered. The expression must be made by package search,
// never taken from the user as it is.
func (s *Store) SearchAnswers(ctx context.Context, match string, f SearchFilter) ([]SearchRow, error) {
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
		where, args = append(where, `f.question = ?`), append(args, f.Question)
	}
	var rows []SearchRow
	err := s.db.SelectContext(ctx, &rows, `SELECT f.docid AS docid, f.question AS question, matchinfo(answer_search, 'pcnalx') AS matchinfo,
		s.id AS submission, s.organisation AS organisation, o.name AS name, s.year AS year, s.version AS version, s.state AS state
		FROM answer_search f
		JOIN check_runs r ON r.id = f.run
		JOIN submissions s ON s.id = r.submission
		JOIN organisations o ON o.id = s.organisation
		WHERE `+strings.Join(where, " AND ")+` AND s.version IS NOT NULL`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	return rows, nil
}

// SearchSnippets returns, for the given answers, FTS4's snippet() of the
// match: about tokens words around the hits, each hit between open and
// close, "…" where text is left out.
func (s *Store) SearchSnippets(ctx context.Context, match string, docids []int64, open, close string, tokens int) (map[int64]string, error) {
	out := make(map[int64]string, len(docids))
	const chunk = 500
	for start := 0; start < len(docids); start += chunk {
		ids := docids[start:min(start+chunk, len(docids))]
		args := []any{open, close, tokens, match}
		for _, id := range ids {
			args = append(args, id)
		}
		rows, err := s.db.QueryContext(ctx, `SELECT docid, snippet(answer_search, ?, ?, '…', 0, ?) FROM answer_search
			WHERE answer_search MATCH ? AND docid IN (`+strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: search snippets: %w", err)
		}
		for rows.Next() {
			var id int64
			var snip string
			if err := rows.Scan(&id, &snip); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: search snippets: %w", err)
			}
			out[id] = snip
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("store: search snippets: %w", err)
		}
	}
	return out, nil
}
