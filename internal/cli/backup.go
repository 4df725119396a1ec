package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

func init() {
	register(command{name: "backup", usage: "[--db PATH] FILE",
		summary: "skriv en konsistent, kontrollerad kopia av databasen till en ny fil (går bra medan serve kör)", run: runBackup})
}

func runBackup(args []string, stdout, stderr io.Writer) int {
	c := commands["backup"]
	fs := newFlags(c, stderr)
	db := dbFlag(fs)
	pos, ok := positional(fs, args, 1)
	if !ok {
		return ExitFailure
	}
	target := pos[0]
	if exists(target) {
		fmt.Fprintf(stderr, "villkorsintag backup: %s finns redan; backup skriver aldrig över en fil, välj ett nytt namn\n", target)
		return ExitFailure
	}
	if fi, err := os.Stat(filepath.Dir(target)); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "villkorsintag backup: mappen %s finns inte; skapa den först\n", filepath.Dir(target))
		return ExitFailure
	}
	ctx := context.Background()
	s, ok := openStore(ctx, *db, stderr, "backup")
	if !ok {
		return ExitFailure
	}
	defer s.Close()
	r, err := s.Backup(ctx, target)
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag backup: kopian %s kunde inte skrivas eller kontrolleras: %v\n", target, err)
		return ExitFailure
	}
	fmt.Fprintf(stdout, "%s: %d byte, schemaversion %d, %s, %s, integritetskontroll %s\n",
		r.Path, r.Bytes, r.SchemaVersion, plural(r.Messages, "meddelande", "meddelanden"), plural(r.Submissions, "inlämning", "inlämningar"), r.Integrity)
	return ExitOK
}
