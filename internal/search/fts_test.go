//go:build !sqlite_fts5

package search

import (
	"database/sql"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

// TestFTSModules: why the index is FTS4. mattn/go-sqlite3 compiles FTS5
// in only with the sqlite_fts5 build tag (or CGO_CFLAGS), which would
// change how the program is built and tested; FTS3/FTS4 and the
// unicode61 tokenizer are compiled in by default.
func TestFTSModules(t *testing.T) {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE VIRTUAL TABLE t5 USING fts5(x)`); err == nil || !strings.Contains(err.Error(), "no such module: fts5") {
		t.Errorf("FTS5 without the build tag: %v; if it is compiled in now, reconsider the choice of FTS4", err)
	}
	if _, err := db.Exec(`CREATE VIRTUAL TABLE t4 USING fts4(x, y, notindexed=y, tokenize=unicode61 "remove_diacritics=0")`); err != nil {
		t.Fatalf("FTS4 with unicode61: %v", err)
	}
	if _, err := db.Exec(`INSERT INTO t4 (x, y) VALUES ('ÅTGÄRDER i LÄNET', 'län')`); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{`"åtgärder"`: 1, `"länet"`: 1, `"atgarder"`: 0, `"lanet"`: 0, `"län"`: 0} {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM t4 WHERE t4 MATCH ?`, q).Scan(&n); err != nil || n != want {
			t.Errorf("MATCH %s: %d rows (%v), want %d", q, n, err, want)
		}
	}
}
