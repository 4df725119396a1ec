package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/tillvaxtverket/villkorsintag/internal/compliance"
	"github.com/tillvaxtverket/villkorsintag/internal/document"
	"github.com/tillvaxtverket/villkorsintag/internal/model"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

func init() {
	register(command{
		name:    "check",
		usage:   "[--json] [--received TIME] [--subject TEXT] [--template YEAR] FILE",
		summary: "läs en inlämnad rapport (.docx) och visa om den följer mallen",
		run:     runCheck,
	})
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	c := commands["check"]
	fs := newFlags(c, stderr)
	asJSON := fs.Bool("json", false, "skriv resultatet som JSON")
	received := fs.String("received", "", "tiden `TIME` (RFC 3339, t.ex. 2024-02-21T16:30:00+01:00) då myndigheten tog emot rapporten; utan den kontrolleras inte sista dag för inlämning")
	subject := fs.String("subject", "", "e-postmeddelandets ämne och text `TEXT` (diarienummer som anges där räknas)")
	year := fs.Int("template", 0, "mallens år `YEAR`; annars året i dokumentets rubrik, annars mallen vars frågor dokumentet följer, annars året i --subject, annars inlämningsperioden som --received ligger i")
	tdir := templatesFlag(fs)
	pos, ok := positional(fs, args, 1)
	if !ok {
		return ExitFailure
	}
	set, ok := loadTemplates(*tdir, stderr, "check")
	if !ok {
		return ExitFailure
	}
	opt := compliance.Options{FileName: filepath.Base(pos[0]), MailText: *subject, Year: *year, Templates: set}
	if *received != "" {
		t, err := time.Parse(time.RFC3339, *received)
		if err != nil {
			return usageError(fs, "--received %q är inte en tid i RFC 3339 (t.ex. 2024-02-21T16:30:00+01:00)", *received)
		}
		opt.Received = &t
	}
	if *year != 0 {
		if _, err := set.Load(*year); err != nil {
			return usageError(fs, "ingen mall för %d; det finns mallar för: %s", *year, setYears(set))
		}
	}
	data, err := readFile(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag check: %s\n", fileProblem(pos[0], err))
		return ExitFailure
	}
	res, err := compliance.Check(data, opt)
	unreadable := errors.Is(err, document.ErrNotDocx)
	if err != nil && !unreadable {
		fmt.Fprintf(stderr, "villkorsintag check: %s kunde inte kontrolleras: %v\n", pos[0], err)
		return ExitFailure
	}
	if unreadable {
		fmt.Fprintf(stderr, "%s: %s\n", opt.FileName, res.Findings[0].Message)
	}
	if *asJSON {
		if err := encodeJSON(stdout, res); err != nil {
			fmt.Fprintf(stderr, "villkorsintag check: resultatet kunde inte skrivas: %v\n", err)
			return ExitFailure
		}
	} else if !unreadable {
		writeReport(stdout, res, set)
	}
	switch errs, _, _ := res.Counts(); {
	case unreadable:
		return ExitFailure
	case errs > 0:
		return ExitFindings
	}
	return ExitOK
}

var statusWords = map[model.Status]string{
	model.Answered:    "besvarad",
	model.Unanswered:  "obesvarad",
	model.Placeholder: "obesvarad (platshållartext)",
	model.Reference:   "hänvisning",
}

var severityWords = map[model.Severity]string{model.Error: "FEL", model.Warning: "VARNING", model.Info: "TIPS"}

// writeReport prints the result for a case officer at a terminal.
func writeReport(w io.Writer, res *model.Result, set *spec.Set) {
	year, _ := strconv.Atoi(res.Template)
	t, _ := set.Load(year)
	title := "Återrapportering av villkorsbeslut " + res.Template
	if t != nil {
		title = t.Title
	}
	fmt.Fprintf(w, "%s – kontroll\n\n", title)
	fmt.Fprintf(w, "Fil:      %s\n", res.File)
	fmt.Fprintf(w, "SHA-256:  %s\n", res.SHA256)
	region := "(framgår inte av dokumentet)"
	if res.Region != nil {
		region = *res.Region
	}
	fmt.Fprintf(w, "Region:   %s\n", region)
	if res.Received != nil {
		fmt.Fprintf(w, "Inkom:    %s\n", res.Received.In(sv.Stockholm).Format("2006-01-02 kl. 15.04 MST"))
	} else {
		fmt.Fprintf(w, "Inkom:    okänt – sista dag för inlämning har inte kontrollerats\n")
	}

	fmt.Fprintf(w, "\nTecken inklusive blanksteg per frågegrupp\n")
	for _, l := range res.Limits {
		mark := ""
		if l.Exceeded {
			mark = fmt.Sprintf("  ÖVER GRÄNSEN med %d", l.Chars-l.Limit)
		}
		fmt.Fprintf(w, "  %-11s %6d av %6d  %3d %%%s\n", groupLabel(l.Questions), l.Chars, l.Limit, 100*l.Chars/max(l.Limit, 1), mark)
	}

	fmt.Fprintf(w, "\nFrågor\n")
	tables := map[string]model.InsatsTable{}
	for _, it := range res.Insatser {
		tables[it.Question] = it
	}
	for _, a := range res.Questions {
		line := statusWords[a.Status]
		if !a.Found {
			line = "saknas i dokumentet"
		}
		switch {
		case tables[a.ID].Question != "":
			tb := tables[a.ID]
			line += fmt.Sprintf(", %d av högst %d insatser", tb.Rows, tb.Max)
		case strings.Contains(a.Text, ": ") && len(a.Parts) == 0 && a.Chars == 0 && a.Status == model.Answered:
			line += " – " + a.Text
		case a.Chars > 0:
			line += fmt.Sprintf(", %d tecken", a.Chars)
		}
		fmt.Fprintf(w, "  %-7s %s\n", a.ID, line)
		for _, p := range a.Parts {
			label := fmt.Sprintf("punkt %d", p.Item)
			if p.Item == 0 {
				label = "om nej"
			}
			fmt.Fprintf(w, "    %-9s %s, %d tecken\n", label, statusWords[p.Status], p.Chars)
		}
	}

	errs, warns, infos := res.Counts()
	fmt.Fprintf(w, "\nAnmärkningar: %s\n", counts(errs, warns, infos))
	for _, f := range res.Findings {
		q := ""
		if f.Question != "" {
			q = f.Question + ": "
		}
		fmt.Fprintf(w, "  %-8s %s%s [%s]\n", severityWords[f.Severity], q, f.Message, f.Code)
	}
	fmt.Fprintln(w)
	if errs > 0 {
		fmt.Fprintf(w, "Resultat: rapporten uppfyller inte mallens krav (%d fel).\n", errs)
	} else {
		fmt.Fprintf(w, "Resultat: inga fel.\n")
	}
}

func groupLabel(ids []string) string {
	if len(ids) == 1 {
		return ids[0]
	}
	return ids[0] + "–" + ids[len(ids)-1]
}

// fileProblem says in Swedish why a file could not be read.
func fileProblem(path string, err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("filen %s finns inte", path)
	case errors.Is(err, syscall.EISDIR):
		return fmt.Sprintf("%s är en mapp, inte en fil", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("filen %s får inte läsas (behörighet saknas)", path)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Err != nil {
		return fmt.Sprintf("filen %s kunde inte läsas: %v", path, pe.Err)
	}
	return fmt.Sprintf("filen %s kunde inte läsas: %v", path, err)
}
