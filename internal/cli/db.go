package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"

	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// dbFlag adds --db, defaulting to $VILLKORSINTAG_DB or ./data/villkorsintag.db.
func dbFlag(fs *flag.FlagSet) *string {
	def := os.Getenv("VILLKORSINTAG_DB")
	if def == "" {
		def = store.DefaultPath
	}
	return fs.String("db", def, "databasfilen `PATH` (eller VILLKORSINTAG_DB)")
}

// openStore opens an existing database. A path that does not exist is an
// error: a mistyped path must not become a new, empty database. Only
// migrate, ingest, serve and demo create one (createStore).
func openStore(ctx context.Context, path string, stderr io.Writer, cmd string) (*store.Store, bool) {
	if !exists(path) {
		fmt.Fprintf(stderr, "villkorsintag %s: databasen %s finns inte (en ny skapas med: villkorsintag migrate --db %s)\n", cmd, path, path)
		return nil, false
	}
	return open(ctx, path, stderr, cmd)
}

// createStore opens the database and creates it, and its folder, when it
// does not exist, saying so on stderr.
func createStore(ctx context.Context, path string, stderr io.Writer, cmd string) (*store.Store, bool) {
	isNew := !exists(path)
	s, ok := open(ctx, path, stderr, cmd)
	if ok && isNew {
		fmt.Fprintf(stderr, "villkorsintag %s: ny databas skapad: %s\n", cmd, path)
	}
	return s, ok
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

func open(ctx context.Context, path string, stderr io.Writer, cmd string) (*store.Store, bool) {
	s, err := store.Open(ctx, path, orgs.Default())
	switch {
	case errors.Is(err, store.ErrSchemaNewer):
		fmt.Fprintf(stderr, "villkorsintag %s: databasen %s är skapad av en nyare version av villkorsintag; använd den versionen\n", cmd, path)
		return nil, false
	case err != nil:
		fmt.Fprintf(stderr, "villkorsintag %s: databasen %s kunde inte öppnas: %v\n", cmd, path, err)
		return nil, false
	}
	return s, true
}

// senderAuthFlags are the settings of config's mail section for the
// commands that check e-mail without the service's config file.
func senderAuthFlags(fs *flag.FlagSet, require bool) (id *string, req *bool) {
	id = fs.String("authserv-id", os.Getenv("VILLKORSINTAG_MAIL_AUTHSERV_ID"),
		"läs avsändarens DKIM, SPF och DMARC ur den mottagande e-postserverns Authentication-Results med `ID` (eller microsoft365; eller VILLKORSINTAG_MAIL_AUTHSERV_ID)")
	req = new(bool)
	if require {
		env, _ := strconv.ParseBool(os.Getenv("VILLKORSINTAG_MAIL_REQUIRE_AUTHENTICATED"))
		req = fs.Bool("require-authenticated", env, "knyt e-post till en organisation bara via en autentiserad avsändardomän (kräver --authserv-id; eller VILLKORSINTAG_MAIL_REQUIRE_AUTHENTICATED)")
	}
	return id, req
}
