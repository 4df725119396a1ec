package cli

import (
	"context"
	"fmt"
	"io"
)

func init() {
	register(command{name: "backup", usage: "[--db PATH] FILE",
		summary: "write a consistent, verified copy of the database (safe while serve runs)", run: runBackup})
}

func runBackup(args []string, stdout, stderr io.Writer) int {
	c := commands["backup"]
	fs := newFlags(c, stderr)
	db := dbFlag(fs)
	pos, ok := positional(fs, args, 1)
	if !ok {
		return ExitFailure
	}
	ctx := context.Background()
	s, ok := openStore(ctx, *db, stderr, "backup")
	if !ok {
		return ExitFailure
	}
	defer s.Close()
	r, err := s.Backup(ctx, pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag backup: %v\n", err)
		return ExitFailure
	}
	fmt.Fprintf(stdout, "%s: %d bytes, schema %d, %d messages, %d submissions, integrity %s\n",
		r.Path, r.Bytes, r.SchemaVersion, r.Messages, r.Submissions, r.Integrity)
	return ExitOK
}
