package search

import (
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"github.com/tillvaxtverket/villkorsintag/internal/search/query"
)

// TestMatchRunsInFTS4: every input of query.FuzzParse's committed corpus
// (its seeds and what fuzzing kept) that Parse accepts gives a MATCH
// expression that SQLite's FTS4 runs without an error, with snippet()
// and matchinfo() as a search asks for them. (The fuzzing itself checks
// the expression's shape without SQLite, so that its instrumented build
// does not compile SQLite again.)
func TestMatchRunsInFTS4(t *testing.T) {
	dir := filepath.Join("query", "testdata", "fuzz", "FuzzParse")
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE VIRTUAL TABLE f USING fts4(text, tokenize=unicode61 "remove_diacritics=0");
		INSERT INTO f (text) VALUES ('Smart specialisering och kompetensförsörjning i länet'), ('EU-medel 2021–2027 near Åre');`); err != nil {
		t.Fatal(err)
	}
	accepted := 0
	for _, file := range files {
		raw, err := os.ReadFile(filepath.Join(dir, file.Name()))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
		if len(lines) != 2 || lines[0] != "go test fuzz v1" || !strings.HasPrefix(lines[1], "string(") || !strings.HasSuffix(lines[1], ")") {
			t.Fatalf("%s: not a corpus file of one string", file.Name())
		}
		in, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "string("), ")"))
		if err != nil {
			t.Fatalf("%s: %v", file.Name(), err)
		}
		q, err := query.Parse(in)
		if err != nil || len(q.Terms) == 0 {
			continue
		}
		accepted++
		m := q.Match()
		rows, err := db.Query(`SELECT docid, snippet(f), matchinfo(f, 'pcnalx') FROM f WHERE f MATCH ?`, m)
		if err == nil {
			for rows.Next() {
			}
			err = rows.Err()
			rows.Close()
		}
		if err != nil {
			t.Errorf("%s: Parse(%q).Match() = %q: SQLite: %v", file.Name(), in, m, err)
		}
	}
	if accepted < 10 {
		t.Fatalf("only %d of %d corpus inputs give a query: the corpus is not what this test expects", accepted, len(files))
	}
}
