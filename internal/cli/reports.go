package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"

	"github.com/tillvaxtverket/villkorsintag/internal/compare"
	"github.com/tillvaxtverket/villkorsintag/internal/csvsafe"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/store"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

func init() {
	register(command{name: "report", usage: "[--db PATH] [--year YEAR] [--format FORMAT]",
		summary: "översikten över alla 21 rapporterande organisationer", run: runReport})
	register(command{name: "history", usage: "[--db PATH] [--year YEAR] ORGANISATION",
		summary: "en organisations inlämningar och versioner med deras anmärkningar", run: runHistory})
	register(command{name: "diff", usage: "[--db PATH] [--year YEAR] ORGANISATION V1 V2",
		summary: "vad som ändrats per fråga mellan två versioner", run: runDiff})
}

// yearFlag adds --year; 0 (not given) stands for the default year.
func yearFlag(fs *flag.FlagSet) *int {
	return fs.Int("year", 0, "rapportåret `YEAR` (annars året vars inlämningsperiod pågår i dag, annars det senaste året med inlämningar, annars den nyaste mallens år)")
}

// templateFor loads the year's template; a year without one is a usage
// error that lists the years there are.
// yearTemplates loads the template set of a command that takes --year,
// and refuses a year given (not 0) that no template has.
func yearTemplates(fs *flag.FlagSet, dir string, year int, stderr io.Writer, cmd string) (*spec.Set, bool) {
	set, ok := loadTemplates(dir, stderr, cmd)
	if !ok {
		return nil, false
	}
	if year != 0 {
		if _, ok := templateFor(fs, set, year); !ok {
			return nil, false
		}
	}
	return set, true
}

func templateFor(fs *flag.FlagSet, set *spec.Set, year int) (*spec.Template, bool) {
	t, err := set.Load(year)
	if err != nil {
		usageError(fs, "ingen mall för %d; det finns mallar för: %s", year, setYears(set))
		return nil, false
	}
	return t, true
}

// yearTemplate is the template of the year asked for, or of the default
// year (defaultYear) when none was.
func yearTemplate(ctx context.Context, fs *flag.FlagSet, set *spec.Set, s *store.Store, year int) (*spec.Template, bool) {
	if year == 0 {
		year = defaultYear(ctx, set, s)
	}
	return templateFor(fs, set, year)
}

func runReport(args []string, stdout, stderr io.Writer) int {
	c := commands["report"]
	fs := newFlags(c, stderr)
	db := dbFlag(fs)
	year := yearFlag(fs)
	tdir := templatesFlag(fs)
	format := fs.String("format", "text", "utdataformatet `FORMAT`: text, csv eller json")
	if _, ok := positional(fs, args, 0); !ok {
		return ExitFailure
	}
	set, ok := yearTemplates(fs, *tdir, *year, stderr, "report")
	if !ok {
		return ExitFailure
	}
	switch *format {
	case "text", "csv", "json":
	default:
		return usageError(fs, "--format %q: text, csv eller json", *format)
	}
	ctx := context.Background()
	s, ok := openStore(ctx, *db, stderr, "report")
	if !ok {
		return ExitFailure
	}
	defer s.Close()
	t, ok := yearTemplate(ctx, fs, set, s, *year)
	if !ok {
		return ExitFailure
	}
	rows, err := s.Overview(ctx, t.Year, t.LateAfter())
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag report: översikten kunde inte läsas: %v\n", err)
		return ExitFailure
	}
	switch *format {
	case "json":
		encodeJSON(stdout, rows)
	case "csv":
		w := csv.NewWriter(stdout)
		w.Write([]string{"organisation", "status", "status_sv", "version", "received", "late", "errors", "warnings", "infos"})
		for _, r := range rows {
			w.Write(csvsafe.Record(r.Organisation, r.Status, r.StandingText(), r.Version, receivedText(r, true),
				r.Late, r.Errors, r.Warnings, r.Infos))
		}
		w.Flush()
	default:
		writeOverview(stdout, t.Title, rows)
	}
	return ExitOK
}

// writeOverview prints the overview table for a terminal.
func writeOverview(w io.Writer, title string, rows []model.OverviewRow) {
	fmt.Fprintf(w, "%s – översikt\n\n", title)
	fmt.Fprintf(w, "%-28s %-16s %7s  %-16s %4s %9s %4s\n", "Organisation", "Status", "Version", "Inkom", "Fel", "Varningar", "Tips")
	for _, r := range rows {
		v := "–"
		if r.Version > 0 {
			v = strconv.Itoa(r.Version)
		}
		fmt.Fprintf(w, "%-28s %-16s %7s  %-16s %4d %9d %4d\n", r.Organisation, r.StandingText(), v, receivedText(r, false), r.Errors, r.Warnings, r.Infos)
	}
}

func receivedText(r model.OverviewRow, iso bool) string {
	if r.Received == nil {
		return ""
	}
	if iso {
		return r.Received.In(sv.Stockholm).Format("2006-01-02T15:04:05-07:00")
	}
	return sv.Time(*r.Received)
}

func runHistory(args []string, stdout, stderr io.Writer) int {
	c := commands["history"]
	fs := newFlags(c, stderr)
	db := dbFlag(fs)
	year := yearFlag(fs)
	tdir := templatesFlag(fs)
	pos, ok := positional(fs, args, 1)
	if !ok {
		return ExitFailure
	}
	set, ok := yearTemplates(fs, *tdir, *year, stderr, "history")
	if !ok {
		return ExitFailure
	}
	org, ok := lookupOrg(fs, pos[0])
	if !ok {
		return ExitFailure
	}
	ctx := context.Background()
	s, ok := openStore(ctx, *db, stderr, "history")
	if !ok {
		return ExitFailure
	}
	defer s.Close()
	t, ok := yearTemplate(ctx, fs, set, s, *year)
	if !ok {
		return ExitFailure
	}
	*year = t.Year
	subs, err := s.History(ctx, org.ID, *year)
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag history: inlämningarna kunde inte läsas: %v\n", err)
		return ExitFailure
	}
	fmt.Fprintf(stdout, "%s, återrapportering %d\n\n", org.Name, *year)
	if len(subs) == 0 {
		fmt.Fprintln(stdout, "Inga inlämningar.")
		return ExitOK
	}
	fmt.Fprintf(stdout, "%-10s %-22s %-16s %4s %9s %4s\n", "Inlämning", "Version", "Inkom", "Fel", "Varningar", "Tips")
	for _, sub := range subs {
		fmt.Fprintf(stdout, "%-10d %-22s %-16s %4d %9d %4d\n", sub.ID, sub.StateText(),
			sv.Time(sub.ReceivedAt), sub.Errors, sub.Warnings, sub.Infos)
	}
	return ExitOK
}

func runDiff(args []string, stdout, stderr io.Writer) int {
	c := commands["diff"]
	fs := newFlags(c, stderr)
	db := dbFlag(fs)
	year := yearFlag(fs)
	tdir := templatesFlag(fs)
	pos, ok := positional(fs, args, 3)
	if !ok {
		return ExitFailure
	}
	set, ok := yearTemplates(fs, *tdir, *year, stderr, "diff")
	if !ok {
		return ExitFailure
	}
	org, ok := lookupOrg(fs, pos[0])
	if !ok {
		return ExitFailure
	}
	v1, err1 := strconv.Atoi(pos[1])
	v2, err2 := strconv.Atoi(pos[2])
	if err1 != nil || err2 != nil || v1 < 1 || v2 < 1 {
		return usageError(fs, "versionerna anges med nummer (1, 2, …), inte %q och %q", pos[1], pos[2])
	}
	ctx := context.Background()
	s, ok := openStore(ctx, *db, stderr, "diff")
	if !ok {
		return ExitFailure
	}
	defer s.Close()
	t, ok := yearTemplate(ctx, fs, set, s, *year)
	if !ok {
		return ExitFailure
	}
	*year = t.Year
	var results [2]*model.Result
	for i, v := range []int{v1, v2} {
		sub, err := s.SubmissionByVersion(ctx, org.ID, *year, v)
		if err == nil {
			_, results[i], err = s.LatestResult(ctx, sub.ID)
		}
		if errors.Is(err, store.ErrNotFound) {
			fmt.Fprintf(stderr, "villkorsintag diff: %s har ingen version %d för %d\n", org.Name, v, *year)
			return ExitFailure
		}
		if err != nil {
			fmt.Fprintf(stderr, "villkorsintag diff: %s version %d kunde inte läsas: %v\n", org.Name, v, err)
			return ExitFailure
		}
	}
	fmt.Fprintf(stdout, "%s %d: version %d jämförd med version %d\n\n", org.Name, *year, v2, v1)
	changed := 0
	for _, q := range compare.Results(results[0], results[1]) {
		if !q.Changed {
			fmt.Fprintf(stdout, "%-8s oförändrad (%d tecken)\n", q.ID, q.CharsNow)
			continue
		}
		changed++
		fmt.Fprintf(stdout, "%-8s ÄNDRAD: %d → %d tecken", q.ID, q.CharsBefore, q.CharsNow)
		if q.StatusBefore != q.StatusNow {
			fmt.Fprintf(stdout, ", %s → %s", statusWords[model.Status(q.StatusBefore)], statusWords[model.Status(q.StatusNow)])
		}
		fmt.Fprintln(stdout)
		for _, l := range q.Lines {
			if l.Op != ' ' {
				fmt.Fprintf(stdout, "    %c %s\n", l.Op, l.Text)
			}
		}
	}
	fmt.Fprintf(stdout, "\n%s ändrade.\n", plural(changed, "fråga", "frågor"))
	return ExitOK
}
