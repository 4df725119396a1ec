package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tillvaxtverket/villkorsintag/internal/model"
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

// TestBackupWhileWriting takes a backup while another connection writes,
// and checks the copy is complete and consistent.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, filepath.Join(dir, "live.db"), orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	insert := func(i int) error {
		return s.InTx(ctx, func(tx *sqlx.Tx) error {
			_, err := CreateMessage(ctx, tx, &model.Message{SHA256: fmt.Sprintf("sha%d", i), Format: "rfc5322", Source: "file",
				ReceivedAt: time.Now(), StoredAt: time.Now()}, []byte(strings.Repeat("x", 10000)))
			return err
		})
	}
	for i := 0; i < 50; i++ {
		if err := insert(i); err != nil {
			t.Fatal(err)
		}
	}
	stop := make(chan struct{})
	done := make(chan int)
	go func() {
		n := 50
		for {
			select {
			case <-stop:
				done <- n
				return
			default:
			}
			if insert(n) == nil {
				n++
			}
		}
	}()
	time.Sleep(20 * time.Millisecond)
	r, err := s.Backup(ctx, filepath.Join(dir, "backup.db"))
	close(stop)
	written := <-done
	if err != nil {
		t.Fatal(err)
	}
	if r.Integrity != "ok" || r.SchemaVersion < 4 || r.Messages < 50 || r.Messages > written {
		t.Errorf("backup %+v; %d written in all", r, written)
	}
	if _, err := s.Backup(ctx, filepath.Join(dir, "backup.db")); err == nil {
		t.Error("an existing backup file was overwritten")
	}
	// the backup opens as a database of its own (restore = copy it in place)
	restored, err := Open(ctx, filepath.Join(dir, "backup.db"), orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	var n int
	restored.DB().Get(&n, `SELECT count(*) FROM messages`)
	if n != r.Messages {
		t.Errorf("restored %d messages, backup reported %d", n, r.Messages)
	}
}
