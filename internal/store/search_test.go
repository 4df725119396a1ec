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

// TestSearchLookupsAcrossChunks: SearchReports and SearchTexts ask in
// chunks of 500 ids; an id beyond the first chunk, or last, is found,
// ids that do not exist are left out, and none is repeated.
func TestSearchLookupsAcrossChunks(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "s.db"), orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var sub int64
	err = s.InTx(ctx, func(tx *sqlx.Tx) error {
		at := time.Date(2024, 2, 1, 10, 0, 0, 0, time.UTC)
		msg, err := CreateMessage(ctx, tx, &model.Message{SHA256: "sha", Format: "docx", Source: "file", ReceivedAt: at, StoredAt: at}, []byte{1})
		if err != nil {
			return err
		}
		sub, err = CreateSubmission(ctx, tx, &model.Submission{MessageID: msg, Organisation: "skane", Year: 2023, Version: 1, State: model.StateCurrent, ReceivedAt: at, CreatedAt: at})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	addRun(t, s, sub, "Första svaret.", "Andra svaret.")
	var docs []int64
	if err := s.DB().Select(&docs, `SELECT docid FROM answer_search_docs ORDER BY question`); err != nil || len(docs) != 2 {
		t.Fatalf("docs %v (%v), want 2", docs, err)
	}
	for _, at := range []int{0, 499, 500, 1200} {
		subs := make([]int64, 1201)
		texts := make([]int64, 1201)
		for i := range subs {
			subs[i], texts[i] = 1_000_000+int64(i), 1_000_000+int64(i)
		}
		subs[at], texts[at], texts[(at+1)%len(texts)] = sub, docs[0], docs[1]
		reports, err := s.SearchReports(ctx, subs)
		if err != nil || len(reports) != 1 || reports[sub] == nil || reports[sub].Organisation != "skane" || reports[sub].Version != 1 {
			t.Errorf("at %d: reports %v (%v), want skåne's version 1 only", at, reports, err)
		}
		got, err := s.SearchTexts(ctx, texts)
		if err != nil || len(got) != 2 || got[docs[0]] != "Första svaret." || got[docs[1]] != "Andra svaret." {
			t.Errorf("at %d: texts %v (%v), want both answers only", at, got, err)
		}
	}
}
