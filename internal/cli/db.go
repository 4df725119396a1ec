package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

// dbFlag adds --db, defaulting to $VILLKORSINTAG_DB or ./data/villkorsintag.db.
func dbFlag(fs *flag.FlagSet) *string {
	def := os.Getenv("VILLKORSINTAG_DB")
	if def == "" {
		def = store.DefaultPath
	}
	return fs.String("db", def, "the database file (or set VILLKORSINTAG_DB)")
}

func openStore(ctx context.Context, path string, stderr io.Writer, cmd string) (*store.Store, bool) {
	s, err := store.Open(ctx, path, orgs.Default())
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag %s: %v\n", cmd, err)
		return nil, false
	}
	return s, true
}
