// Package store keeps everything in one SQLite file: received messages byte
// for byte, attachments, submissions and their versions, check runs with
// their answers and findings, and an audit log.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/mattn/go-sqlite3" // the SQLite driver (cgo)
	"github.com/pressly/goose/v3"

	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/migrations"
)

// DefaultPath is the database file used when none is given.
const DefaultPath = "./data/villkorsintag.db"

// ErrSchemaNewer is returned for a database migrated by a newer program.
var ErrSchemaNewer = errors.New("the database was made by a newer version of villkorsintag")

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = errors.New("not found")

// Store is the database.
type Store struct {
	db *sqlx.DB
}

// Open opens (creating if needed) the database file, applies pending
// migrations and keeps the organisations table in step with the list.
func Open(ctx context.Context, path string, list *orgs.List) (*Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
	}
	// WAL lets readers work while an ingest writes; _txlock=immediate takes
	// the write lock at BEGIN, so two writers wait (busy timeout) instead of
	// failing halfway; synchronous=FULL makes a commit survive power loss.
	dsn := "file:" + path + "?_journal_mode=WAL&_foreign_keys=on&_busy_timeout=10000&_txlock=immediate&_synchronous=FULL"
	db, err := sqlx.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s := &Store{db: db}
	if err := s.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if list != nil {
		if err := s.syncOrganisations(ctx, list); err != nil {
			db.Close()
			return nil, err
		}
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// DB is the underlying handle, for tests and checks.
func (s *Store) DB() *sqlx.DB { return s.db }

func (s *Store) provider() (*goose.Provider, error) {
	// Out of order: a migration numbered below one already applied (00006
	// after 00007) is applied rather than refused; each one stands alone.
	return goose.NewProvider(goose.DialectSQLite3, s.db.DB, migrations.FS, goose.WithAllowOutofOrder(true))
}

// Migrate applies pending migrations, and refuses a database whose schema
// is newer than this program knows.
func (s *Store) Migrate(ctx context.Context) error {
	p, err := s.provider()
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	current, err := p.GetDBVersion(ctx)
	if err != nil && !errors.Is(err, goose.ErrVersionNotFound) {
		return fmt.Errorf("store: schema version: %w", err)
	}
	sources := p.ListSources()
	latest := sources[len(sources)-1].Version
	if current > latest {
		return fmt.Errorf("%w (schema %d, this program knows up to %d); upgrade the program", ErrSchemaNewer, current, latest)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	return nil
}

// SchemaVersion returns the applied schema version and the newest known.
func (s *Store) SchemaVersion(ctx context.Context) (current, latest int64, err error) {
	p, err := s.provider()
	if err != nil {
		return 0, 0, err
	}
	current, err = p.GetDBVersion(ctx)
	sources := p.ListSources()
	return current, sources[len(sources)-1].Version, err
}

func (s *Store) syncOrganisations(ctx context.Context, list *orgs.List) error {
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		for _, o := range list.All {
			if _, err := tx.ExecContext(ctx, `INSERT INTO organisations (id, name) VALUES (?, ?)
				ON CONFLICT (id) DO UPDATE SET name = excluded.name`, o.ID, o.Name); err != nil {
				return fmt.Errorf("store: organisations: %w", err)
			}
		}
		return nil
	})
}

// InTx runs fn in a transaction: committed when fn returns nil, rolled
// back on an error or a panic.
func (s *Store) InTx(ctx context.Context, fn func(*sqlx.Tx) error) (err error) {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// Integrity runs SQLite's integrity check and returns its verdict ("ok").
func (s *Store) Integrity(ctx context.Context) (string, error) {
	var v string
	err := s.db.GetContext(ctx, &v, `PRAGMA integrity_check`)
	return v, err
}

// timestamps are stored as RFC 3339 in UTC, which sorts as text.
const timeFormat = "2006-01-02T15:04:05.000000000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return err
}
