package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/tillvaxtverket/villkorsintag/internal/compare"
	"github.com/tillvaxtverket/villkorsintag/internal/compliance"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/orgs"
)

func init() {
	register(command{name: "report", usage: "[--db PATH] [--year Y] [--format text|csv|json]",
		summary: "the compliance overview of all 21 reporting bodies", run: runReport})
	register(command{name: "history", usage: "[--db PATH] [--year Y] ORGANISATION",
		summary: "an organisation's submissions and versions with their findings", run: runHistory})
	register(command{name: "diff", usage: "[--db PATH] [--year Y] ORGANISATION V1 V2",
		summary: "what changed per question between two versions", run: runDiff})
}

func runReport(args []string, stdout, stderr io.Writer) int {
	c := commands["report"]
	fs := newFlags(c, stderr)
	db := dbFlag(fs)
	year := fs.Int("year", 0, "report year; default: the year whose intake window contains today, else the latest year with submissions")
	tdir := templatesFlag(fs)
	format := fs.String("format", "text", "text, csv or json")
	if _, err := parseFlags(fs, args); err != nil {
		return ExitFailure
	}
	set, ok := loadTemplates(*tdir, stderr, "report")
	if !ok {
		return ExitFailure
	}
	ctx := context.Background()
	s, ok := openStore(ctx, *db, stderr, "report")
	if !ok {
		return ExitFailure
	}
	defer s.Close()
	if *year == 0 {
		*year = defaultYear(ctx, set, s)
	}
	t, err := set.Load(*year)
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag report: no template for %d\n", *year)
		return ExitFailure
	}
	rows, err := s.Overview(ctx, *year, t.LateAfter())
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag report: %v\n", err)
		return ExitFailure
	}
	switch *format {
	case "json":
		writeJSON(stdout, rows)
	case "csv":
		w := csv.NewWriter(stdout)
		w.Write([]string{"organisation", "status", "status_sv", "version", "received", "late", "errors", "warnings", "infos"})
		for _, r := range rows {
			w.Write([]string{r.Organisation, r.Status, r.StandingText(), strconv.Itoa(r.Version), receivedText(r, true),
				strconv.FormatBool(r.Late), strconv.Itoa(r.Errors), strconv.Itoa(r.Warnings), strconv.Itoa(r.Infos)})
		}
		w.Flush()
	case "text":
		writeOverview(stdout, t.Title, rows)
	default:
		fmt.Fprintf(stderr, "villkorsintag report: --format must be text, csv or json\n")
		return ExitFailure
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
		return r.Received.In(compliance.Stockholm).Format("2006-01-02T15:04:05-07:00")
	}
	return r.Received.In(compliance.Stockholm).Format("2006-01-02 15:04")
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func runHistory(args []string, stdout, stderr io.Writer) int {
	c := commands["history"]
	fs := newFlags(c, stderr)
	db := dbFlag(fs)
	year := fs.Int("year", 0, "report year; default: the year whose intake window contains today, else the latest year with submissions")
	tdir := templatesFlag(fs)
	pos, ok := positional(fs, args, 1)
	if !ok {
		return ExitFailure
	}
	org, err := orgs.Default().Lookup(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag history: %v\n", err)
		return ExitFailure
	}
	set, ok := loadTemplates(*tdir, stderr, "history")
	if !ok {
		return ExitFailure
	}
	ctx := context.Background()
	s, ok := openStore(ctx, *db, stderr, "history")
	if !ok {
		return ExitFailure
	}
	defer s.Close()
	if *year == 0 {
		*year = defaultYear(ctx, set, s)
	}
	subs, err := s.History(ctx, org.ID, *year)
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag history: %v\n", err)
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
			sub.ReceivedAt.In(compliance.Stockholm).Format("2006-01-02 15:04"), sub.Errors, sub.Warnings, sub.Infos)
	}
	return ExitOK
}

func runDiff(args []string, stdout, stderr io.Writer) int {
	c := commands["diff"]
	fs := newFlags(c, stderr)
	db := dbFlag(fs)
	year := fs.Int("year", 0, "report year; default: the year whose intake window contains today, else the latest year with submissions")
	tdir := templatesFlag(fs)
	pos, ok := positional(fs, args, 3)
	if !ok {
		return ExitFailure
	}
	org, err := orgs.Default().Lookup(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag diff: %v\n", err)
		return ExitFailure
	}
	v1, err1 := strconv.Atoi(pos[1])
	v2, err2 := strconv.Atoi(pos[2])
	if err1 != nil || err2 != nil {
		fmt.Fprintf(stderr, "villkorsintag diff: versions are numbers\n")
		return ExitFailure
	}
	set, ok := loadTemplates(*tdir, stderr, "diff")
	if !ok {
		return ExitFailure
	}
	ctx := context.Background()
	s, ok := openStore(ctx, *db, stderr, "diff")
	if !ok {
		return ExitFailure
	}
	defer s.Close()
	if *year == 0 {
		*year = defaultYear(ctx, set, s)
	}
	var results [2]*model.Result
	for i, v := range []int{v1, v2} {
		sub, err := s.SubmissionByVersion(ctx, org.ID, *year, v)
		if err == nil {
			_, results[i], err = s.LatestResult(ctx, sub.ID)
		}
		if err != nil {
			fmt.Fprintf(stderr, "villkorsintag diff: %s version %d: %v\n", org.Name, v, err)
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
	fmt.Fprintf(stdout, "\n%d frågor ändrade.\n", changed)
	return ExitOK
}
