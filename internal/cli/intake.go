package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/ingest"
	"github.com/tillvaxtverket/villkorsintag/internal/message"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
)

func init() {
	register(command{name: "ingest", usage: "[--db PATH] [--received TIME] [--authserv-id ID] [--require-authenticated] PATH…",
		summary: "spara och kontrollera .eml- och .docx-filer (och dem i mappar); skapar databasen om den saknas", run: runIngest})
	register(command{name: "assign", usage: "[--db PATH] SUBMISSION ORGANISATION",
		summary: "knyt en ej tilldelad inlämning till en rapporterande organisation", run: runAssign})
	register(command{name: "reprocess", usage: "[--db PATH] [--authserv-id ID] (--all | --submission ID)",
		summary: "läs och kontrollera sparade inlämningar igen, som nya kontroller", run: runReprocess})
	register(command{name: "migrate", usage: "[--db PATH]",
		summary: "skapa databasen eller uppdatera dess schema, och skriv ut schemaversionen", run: runMigrate})
}

func runIngest(args []string, stdout, stderr io.Writer) int {
	c := commands["ingest"]
	fs := newFlags(c, stderr)
	db := dbFlag(fs)
	received := fs.String("received", "", "ankomsttiden `TIME` (RFC 3339) för .docx-filer; annars filens ändringstid")
	tdir := templatesFlag(fs)
	authserv, requireAuth := senderAuthFlags(fs, true)
	pos, ok := positional(fs, args, atLeastOne)
	if !ok {
		return ExitFailure
	}
	if *requireAuth && *authserv == "" {
		return usageError(fs, "--require-authenticated kräver --authserv-id")
	}
	set, ok := loadTemplates(*tdir, stderr, "ingest")
	if !ok {
		return ExitFailure
	}
	var recv time.Time
	if *received != "" {
		var err error
		if recv, err = time.Parse(time.RFC3339, *received); err != nil {
			return usageError(fs, "--received %q är inte en tid i RFC 3339 (t.ex. 2024-02-21T16:30:00+01:00)", *received)
		}
	}
	files, err := collect(pos)
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag ingest: %s\n", fileProblem(pathOf(err), err))
		return ExitFailure
	}
	byArrival(files)
	ctx := context.Background()
	s, ok := createStore(ctx, *db, stderr, "ingest")
	if !ok {
		return ExitFailure
	}
	defer s.Close()
	p := ingest.New(s, orgs.Default(), "ingest")
	p.Templates = set
	p.AuthServID, p.RequireAuthenticated = *authserv, *requireAuth
	failed := 0
	for _, f := range files {
		it, err := readItem(f, recv)
		if err == nil {
			var out *ingest.Outcome
			if out, err = p.Ingest(ctx, it); err == nil {
				fmt.Fprintf(stdout, "%s: %s\n", f, outcomeLine(out))
				continue
			}
		}
		failed++
		if pathOf(err) != "" {
			fmt.Fprintf(stderr, "%s: fel: %s\n", f, fileProblem(f, err))
		} else {
			fmt.Fprintf(stderr, "%s: fel: %v\n", f, err)
		}
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "%d av %d filer kunde inte tas emot; kör samma kommando igen när felet är åtgärdat\n", failed, len(files))
		return ExitFailure
	}
	return ExitOK
}

// collect expands directories into their .eml and .docx files, in name order.
func collect(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".eml", ".docx":
				if !d.IsDir() {
					found = append(found, path)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// byArrival orders files as they arrived, so that versions follow the
// order the agency received them in: messages by their Received: header,
// Word files by their modification time.
func byArrival(files []string) {
	when := make(map[string]time.Time, len(files))
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil {
			when[f] = fi.ModTime()
		}
		if strings.EqualFold(filepath.Ext(f), ".eml") {
			if fh, err := os.Open(f); err == nil {
				if t := message.Arrival(fh); !t.IsZero() {
					when[f] = t
				}
				fh.Close()
			}
		}
	}
	sort.SliceStable(files, func(i, j int) bool { return when[files[i]].Before(when[files[j]]) })
}

func readItem(path string, received time.Time) (ingest.Item, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return ingest.Item{}, err
	}
	it := ingest.Item{Raw: raw, Format: ingest.FormatMail, Source: "file", SourceRef: path}
	if !strings.EqualFold(filepath.Ext(path), ".eml") {
		it.Format, it.FileName, it.Received = ingest.FormatDocx, filepath.Base(path), received
		if it.Received.IsZero() {
			if fi, err := os.Stat(path); err == nil {
				it.Received = fi.ModTime()
			}
		}
	}
	return it, nil
}

func outcomeLine(out *ingest.Outcome) string {
	if out.Duplicate {
		return fmt.Sprintf("redan mottagen (meddelande %d); inget nytt sparades", out.MessageID)
	}
	if out.Quarantined {
		return fmt.Sprintf("lagt åt sidan (meddelande %d): %s; det finns bland meddelandena som inte kunde behandlas", out.MessageID, out.Rejected)
	}
	sub := out.Submission
	org := ""
	if out.Org != nil {
		org = out.Org.Name
	}
	var what string
	switch sub.State {
	case model.StateCurrent:
		what = fmt.Sprintf("version %d för %s %d", sub.Version, org, sub.Year)
	case model.StateResend:
		what = fmt.Sprintf("omskickad kopia av en tidigare version för %s %d (ingen ny version)", org, sub.Year)
	case model.StateNotDocx:
		what = fmt.Sprintf("ingen läsbar Word-rapport från %s, rapportår %d", org, sub.Year)
	case model.StateUnassigned:
		what = fmt.Sprintf("ej tilldelad – ingen region kunde identifieras; tilldela med: villkorsintag assign %d ORGANISATION", sub.ID)
	}
	return fmt.Sprintf("inlämning %d: %s – %s", sub.ID, what, counts(out.Result.Counts()))
}

func runAssign(args []string, stdout, stderr io.Writer) int {
	c := commands["assign"]
	fs := newFlags(c, stderr)
	db := dbFlag(fs)
	tdir := templatesFlag(fs)
	pos, ok := positional(fs, args, 2)
	if !ok {
		return ExitFailure
	}
	set, ok := loadTemplates(*tdir, stderr, "assign")
	if !ok {
		return ExitFailure
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil {
		return usageError(fs, "%q är inte ett inlämningsnummer", pos[0])
	}
	org, ok := lookupOrg(fs, pos[1])
	if !ok {
		return ExitFailure
	}
	ctx := context.Background()
	s, ok := openStore(ctx, *db, stderr, "assign")
	if !ok {
		return ExitFailure
	}
	defer s.Close()
	p := ingest.New(s, orgs.Default(), "officer")
	p.Templates = set
	sub, err := p.Assign(ctx, id, org)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(stderr, "villkorsintag assign: inlämning %d finns inte\n", id)
		return ExitFailure
	}
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag assign: inlämning %d kunde inte tilldelas: %v\n", id, err)
		return ExitFailure
	}
	fmt.Fprintf(stdout, "inlämning %d tilldelad %s: %s\n", sub.ID, org.Name, sub.StateText())
	return ExitOK
}

func runReprocess(args []string, stdout, stderr io.Writer) int {
	c := commands["reprocess"]
	fs := newFlags(c, stderr)
	db := dbFlag(fs)
	all := fs.Bool("all", false, "alla inlämningar")
	one := fs.Int64("submission", 0, "inlämningen med numret `ID`")
	tdir := templatesFlag(fs)
	authserv, _ := senderAuthFlags(fs, false)
	if _, ok := positional(fs, args, 0); !ok {
		return ExitFailure
	}
	set, ok := loadTemplates(*tdir, stderr, "reprocess")
	if !ok {
		return ExitFailure
	}
	if *all == (*one != 0) {
		return usageError(fs, "ange antingen --all eller --submission ID")
	}
	ctx := context.Background()
	s, ok := openStore(ctx, *db, stderr, "reprocess")
	if !ok {
		return ExitFailure
	}
	defer s.Close()
	ids := []int64{*one}
	if *all {
		subs, err := s.AllSubmissions(ctx)
		if err != nil {
			fmt.Fprintf(stderr, "villkorsintag reprocess: inlämningarna kunde inte läsas: %v\n", err)
			return ExitFailure
		}
		ids = ids[:0]
		for _, sub := range subs {
			ids = append(ids, sub.ID)
		}
	}
	p := ingest.New(s, orgs.Default(), "reprocess")
	p.Templates = set
	p.AuthServID = *authserv
	status := ExitOK
	for _, id := range ids {
		before, _ := s.Submission(ctx, id)
		res, err := p.Reprocess(ctx, id)
		if err != nil {
			status = ExitFailure
			if errors.Is(err, store.ErrNotFound) {
				fmt.Fprintf(stderr, "inlämning %d finns inte\n", id)
			} else {
				fmt.Fprintf(stderr, "inlämning %d: fel: %v\n", id, err)
			}
			continue
		}
		moved := ""
		if before != nil && strconv.Itoa(before.Year) != res.Template {
			moved = fmt.Sprintf(" (flyttad från %d till %s)", before.Year, res.Template)
		}
		fmt.Fprintf(stdout, "inlämning %d: ny kontroll mot mallen för %s%s – %s\n", id, res.Template, moved, counts(res.Counts()))
	}
	return status
}

func runMigrate(args []string, stdout, stderr io.Writer) int {
	c := commands["migrate"]
	fs := newFlags(c, stderr)
	db := dbFlag(fs)
	if _, ok := positional(fs, args, 0); !ok {
		return ExitFailure
	}
	ctx := context.Background()
	s, ok := createStore(ctx, *db, stderr, "migrate")
	if !ok {
		return ExitFailure
	}
	defer s.Close()
	cur, latest, err := s.SchemaVersion(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag migrate: schemaversionen kunde inte läsas: %v\n", err)
		return ExitFailure
	}
	fmt.Fprintf(stdout, "%s: schemaversion %d (senaste kända %d)\n", *db, cur, latest)
	return ExitOK
}

// pathOf is the path in a *fs.PathError, or "".
func pathOf(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Path
	}
	return ""
}

// lookupOrg finds a reporting body by id or name; an unknown one is a
// usage error that lists the ids.
func lookupOrg(fs *flag.FlagSet, s string) (*orgs.Organisation, bool) {
	org, err := orgs.Default().Lookup(s)
	if err != nil {
		var ids []string
		for _, o := range orgs.Default().All {
			ids = append(ids, o.ID)
		}
		usageError(fs, "okänd organisation %q; ange id eller namn, t.ex. %s", s, strings.Join(ids, ", "))
		return nil, false
	}
	return org, true
}
