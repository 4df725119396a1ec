package store

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
)

// indexed lists the search index as "run question text chars", sorted.
func indexed(t *testing.T, s *Store) []string {
	t.Helper()
	var rows []string
	if err := s.DB().Select(&rows, `SELECT d.run || ' ' || d.question || ' ' || f.text || ' ' || d.chars
		FROM answer_search f JOIN answer_search_docs d ON d.docid = f.docid ORDER BY d.run, d.question`); err != nil {
		t.Fatal(err)
	}
	return rows
}

func addRun(t *testing.T, s *Store, sub int64, texts ...string) int64 {
	t.Helper()
	res := &model.Result{Template: "2023"}
	for i, text := range texts {
		res.Questions = append(res.Questions, model.Answer{ID: fmt.Sprintf("1.%d", i+1), Status: model.Answered, Text: text})
	}
	var run int64
	err := s.InTx(context.Background(), func(tx *sqlx.Tx) (err error) {
		run, err = CreateRun(context.Background(), tx, RunInfo{Submission: sub, RunAt: time.Now(), Reason: "reprocess"}, res)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// TestSearchIndexInStep: each submission's newest run is in the index,
// written in the run's transaction (a failed run leaves the index as it
// was); migration 00006 builds the same index from stored answers, also
// when it comes after 00007 was applied.
func TestSearchIndexInStep(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(ctx, path, orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	var subs []int64
	err = s.InTx(ctx, func(tx *sqlx.Tx) error {
		for i, org := range []string{"skane", "halland"} {
			at := time.Date(2024, 2, 1, 10, 0, 0, 0, time.UTC)
			msg, err := CreateMessage(ctx, tx, &model.Message{SHA256: fmt.Sprint("sha", i), Format: "docx", Source: "file", ReceivedAt: at, StoredAt: at}, []byte{byte(i)})
			if err != nil {
				return err
			}
			id, err := CreateSubmission(ctx, tx, &model.Submission{MessageID: msg, Organisation: org, Year: 2023, Version: 1, State: model.StateCurrent, ReceivedAt: at, CreatedAt: at})
			if err != nil {
				return err
			}
			subs = append(subs, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	first := addRun(t, s, subs[0], "Första körningen.", "", "Tredje svaret.")
	other := addRun(t, s, subs[1], "Hallands svar.")
	want := []string{fmt.Sprint(first, " 1.1 Första körningen. 17"), fmt.Sprint(first, " 1.3 Tredje svaret. 14"), fmt.Sprint(other, " 1.1 Hallands svar. 14")}
	if got := indexed(t, s); !reflect.DeepEqual(got, want) {
		t.Fatalf("after the first runs: %q, want %q", got, want)
	}
	// a new run of the same submission (omkontroll) replaces its rows
	second := addRun(t, s, subs[0], "Andra körningen.")
	want = []string{fmt.Sprint(other, " 1.1 Hallands svar. 14"), fmt.Sprint(second, " 1.1 Andra körningen. 16")}
	if got := indexed(t, s); !reflect.DeepEqual(got, want) {
		t.Fatalf("after a new run: %q, want %q", got, want)
	}
	// a run whose transaction fails leaves the index as it was
	err = s.InTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := CreateRun(ctx, tx, RunInfo{Submission: subs[0], RunAt: time.Now(), Reason: "reprocess"},
			&model.Result{Template: "2023", Questions: []model.Answer{{ID: "1.1", Text: "Ångrad körning."}}}); err != nil {
			return err
		}
		return fmt.Errorf("later step failed")
	})
	if err == nil {
		t.Fatal("the failing transaction committed")
	}
	if got := indexed(t, s); !reflect.DeepEqual(got, want) {
		t.Fatalf("after a rolled-back run: %q, want %q", got, want)
	}
	// as a database from before 00006, with 00007 applied: reopening
	// applies 00006, which fills the index from the answers
	if _, err := s.DB().Exec(`DROP TABLE answer_search; DROP TABLE answer_search_docs; DELETE FROM goose_db_version WHERE version_id = 6`); err != nil {
		t.Fatal(err)
	}
	var seven int
	s.DB().Get(&seven, `SELECT count(*) FROM goose_db_version WHERE version_id = 7 AND is_applied`)
	s.Close()
	if seven != 1 {
		t.Fatal("00007 is not applied")
	}
	s, err = Open(ctx, path, orgs.Default())
	if err != nil {
		t.Fatalf("reopening without 00006: %v", err)
	}
	defer s.Close()
	if got := indexed(t, s); !reflect.DeepEqual(got, want) {
		t.Fatalf("rebuilt by the migration: %q, want %q", got, want)
	}
	var n int
	if err := s.DB().Get(&n, `SELECT count(*) FROM answer_search WHERE answer_search MATCH '"körningen"'`); err != nil || n != 1 {
		t.Fatalf("MATCH on the rebuilt index: %d, %v", n, err)
	}
}
