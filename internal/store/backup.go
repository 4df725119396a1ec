package store

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/jmoiron/sqlx"
)

// BackupReport describes a verified backup.
type BackupReport struct {
	Path          string
	Bytes         int64
	SchemaVersion int64
	Messages      int
	Submissions   int
	Integrity     string
}

// Backup writes a consistent copy of the database to path with VACUUM
// INTO, which reads one snapshot while the service keeps writing, then
// opens the copy and verifies it: integrity check, schema version, and the
// rows it holds. An existing file is never overwritten.
func (s *Store) Backup(ctx context.Context, path string) (*BackupReport, error) {
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("backup: %s exists; choose a new file", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("backup: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return nil, fmt.Errorf("backup: VACUUM INTO %s: %w", path, err)
	}
	return VerifyBackup(ctx, path)
}

// VerifyBackup checks a backup file without changing it.
func VerifyBackup(ctx context.Context, path string) (*BackupReport, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("verify backup: %w", err)
	}
	db, err := sqlx.Open("sqlite3", "file:"+path+"?mode=ro&_foreign_keys=on")
	if err != nil {
		return nil, fmt.Errorf("verify backup: %w", err)
	}
	defer db.Close()
	r := &BackupReport{Path: path, Bytes: fi.Size()}
	if err := db.GetContext(ctx, &r.Integrity, `PRAGMA integrity_check`); err != nil {
		return nil, fmt.Errorf("verify backup: %w", err)
	}
	if r.Integrity != "ok" {
		return r, fmt.Errorf("verify backup: integrity_check says %q", r.Integrity)
	}
	var fk []struct {
		Table  string `db:"table"`
		RowID  int64  `db:"rowid"`
		Parent string `db:"parent"`
		FKID   int64  `db:"fkid"`
	}
	if err := db.SelectContext(ctx, &fk, `PRAGMA foreign_key_check`); err != nil || len(fk) > 0 {
		return r, fmt.Errorf("verify backup: foreign keys: %d problems, %v", len(fk), err)
	}
	if err := db.GetContext(ctx, &r.SchemaVersion, `SELECT max(version_id) FROM goose_db_version WHERE is_applied`); err != nil {
		return r, fmt.Errorf("verify backup: schema version: %w", err)
	}
	if err := db.GetContext(ctx, &r.Messages, `SELECT count(*) FROM messages`); err != nil {
		return r, err
	}
	if err := db.GetContext(ctx, &r.Submissions, `SELECT count(*) FROM submissions`); err != nil {
		return r, err
	}
	return r, nil
}
