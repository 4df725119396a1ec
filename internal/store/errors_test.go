package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/jmoiron/sqlx"
	"github.com/mattn/go-sqlite3"

	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
)

// TestIsTemporaryOnARealLock: a second writer on a locked database gets
// SQLite's busy error, which is temporary; a constraint violation is not.
func TestIsTemporaryOnARealLock(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lock.db")
	s, err := Open(ctx, path, orgs.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	holder, err := sqlx.Open("sqlite3", "file:"+path+"?_busy_timeout=0&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	tx, err := holder.Beginx()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	other, err := sqlx.Open("sqlite3", "file:"+path+"?_busy_timeout=0&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, busy := other.Exec(`INSERT INTO organisations (id, name) VALUES ('x', 'x')`)
	if busy == nil || !IsTemporary(fmt.Errorf("wrapped: %w", busy)) {
		t.Errorf("write while locked: %v, want a temporary error", busy)
	}
	tx.Rollback()
	_, constraint := s.DB().Exec(`INSERT INTO organisations (id, name) VALUES (NULL, NULL)`)
	if constraint == nil || IsTemporary(constraint) {
		t.Errorf("constraint violation %v: temporary", constraint)
	}
}

func TestIsTemporary(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{errors.New("something else"), false},
		{fmt.Errorf("ingest: %w", context.Canceled), true},
		{fmt.Errorf("write: %w", syscall.ENOSPC), true},
		{sqlite3.Error{Code: sqlite3.ErrFull}, true},
		{fmt.Errorf("x: %w", sqlite3.Error{Code: sqlite3.ErrLocked}), true},
		{sqlite3.Error{Code: sqlite3.ErrCorrupt}, false},
		{sqlite3.Error{Code: sqlite3.ErrConstraint}, false},
	} {
		if got := IsTemporary(tc.err); got != tc.want {
			t.Errorf("IsTemporary(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
