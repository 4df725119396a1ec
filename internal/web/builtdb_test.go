package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// builtDB is a database that is built once per test binary and copied
// for every test that needs it: the bytes of its file once the building
// store is closed (SQLite folds the WAL into the file when the last
// connection closes), and what the build returned beside the store.
type builtDB[T any] struct {
	once  sync.Once
	bytes []byte
	v     T
	err   error
}

// open gives the test its own copy of the database, in its own folder as
// name, opened; the first caller builds it. A build that fails fails
// every test that needs it, not only the first.
func (b *builtDB[T]) open(tb testing.TB, name string, build func() (*store.Store, T, error)) (*store.Store, T) {
	tb.Helper()
	b.once.Do(func() {
		b.err = fmt.Errorf("building %s failed in %s", name, tb.Name()) // unless build returns
		st, v, err := build()
		if err != nil {
			if st != nil {
				st.Close()
			}
			b.err = err
			return
		}
		var path string
		if err := st.DB().Get(&path, `SELECT file FROM pragma_database_list WHERE name = 'main'`); err != nil {
			st.Close()
			b.err = err
			return
		}
		if err := st.Close(); err != nil {
			b.err = err
			return
		}
		b.v = v
		b.bytes, b.err = os.ReadFile(path)
	})
	if b.err != nil {
		tb.Fatal(b.err)
	}
	path := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(path, b.bytes, 0o600); err != nil {
		tb.Fatal(err)
	}
	st, err := store.Open(context.Background(), path, orgs.Default())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st, b.v
}
