package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
)

func TestRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v.db")
	s, err := Open(ctx, path, orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	cur, latest, err := s.SchemaVersion(ctx)
	if err != nil || cur != latest || cur < 1 {
		t.Fatalf("schema %d of %d: %v", cur, latest, err)
	}
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, 1)`, latest+1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = Open(ctx, path, orgs.Default())
	if !errors.Is(err, ErrSchemaNewer) {
		t.Fatalf("opening a newer schema: %v, want ErrSchemaNewer", err)
	}
}

func TestSettings(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "p.db"), orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var mode string
	var fk int
	s.DB().GetContext(ctx, &mode, `PRAGMA journal_mode`)
	s.DB().GetContext(ctx, &fk, `PRAGMA foreign_keys`)
	if mode != "wal" || fk != 1 {
		t.Errorf("journal_mode %q foreign_keys %d, want wal and 1", mode, fk)
	}
	var n int
	s.DB().GetContext(ctx, &n, `SELECT count(*) FROM organisations`)
	if n != 21 {
		t.Errorf("%d organisations, want 21", n)
	}
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO attachments (message, position, filename, content_type, kind, role, sha256, size, data)
		VALUES (999, 1, 'x', 'x', 'x', 'other', 'x', 0, x'')`); err == nil {
		t.Error("foreign key not enforced")
	}
}

// TestReadersDuringWrite: while one connection holds the write lock, a
// reader on another handle still reads (WAL).
func TestReadersDuringWrite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.db")
	w, err := Open(ctx, path, orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	r, err := Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	hold := make(chan struct{})
	done := make(chan error)
	go func() {
		done <- w.InTx(ctx, func(tx *sqlx.Tx) error {
			if _, err := tx.ExecContext(ctx, `UPDATE organisations SET name = name || '' WHERE id = 'skane'`); err != nil {
				return err
			}
			<-hold
			return nil
		})
	}()
	time.Sleep(50 * time.Millisecond)
	readCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	rows, err := r.Overview(readCtx, 2023, time.Now())
	close(hold)
	if err != nil || len(rows) != 21 {
		t.Errorf("read during a write: %d rows, %v", len(rows), err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
