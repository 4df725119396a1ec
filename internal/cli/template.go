package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/tillvaxtverket/villkorsintag/internal/answers"
	"github.com/tillvaxtverket/villkorsintag/internal/document"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/specimport"
)

func init() {
	register(command{name: "template", usage: "check FILE.yaml [DOCUMENT.docx] | list",
		summary: "mallarna: kontrollera en mallspecifikation, lista mallarna", run: runTemplate})
}

var templateCommands = map[string]struct {
	c   command
	run func(c command, args []string, stdout, stderr io.Writer) int
}{
	"check": {command{name: "template check", usage: "FILE.yaml [DOCUMENT.docx]",
		summary: "kontrollera en mallspecifikation (alla fel på en gång) och, med ett dokument, visa hur varje fråga hittas i det"}, runTemplateCheck},
	"list": {command{name: "template list", usage: "[--templates DIR]",
		summary: "visa mallarnas år, var de kommer ifrån och sista dag för inlämning"}, runTemplateList},
}

func runTemplate(args []string, stdout, stderr io.Writer) int {
	c := commands["template"]
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintf(stderr, "användning: villkorsintag template %s\n\n%s\n", c.usage, c.summary)
		if len(args) == 0 {
			return ExitFailure
		}
		return ExitOK
	}
	sub, ok := templateCommands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "villkorsintag template: okänt underkommando %q; välj check eller list\n", args[0])
		return ExitFailure
	}
	return sub.run(sub.c, args[1:], stdout, stderr)
}

func runTemplateCheck(c command, args []string, stdout, stderr io.Writer) int {
	fs := newFlags(c, stderr)
	pos, ok := positional(fs, args, atLeastOne)
	if !ok {
		return ExitFailure
	}
	if len(pos) > 2 {
		return usageError(fs, "ange en mallspecifikation och högst ett dokument")
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag template check: %s\n", fileProblem(pos[0], err))
		return ExitFailure
	}
	t, err := spec.Parse(data)
	if err != nil {
		fmt.Fprintf(stdout, "%s: mallspecifikationen har fel och kan inte användas:\n", filepath.Base(pos[0]))
		for _, line := range strings.Split(strings.TrimPrefix(err.Error(), "template spec: "), "\n") {
			fmt.Fprintf(stdout, "  FEL      %s\n", line)
		}
		return ExitFindings
	}
	notes := specimport.Lint(t)
	fmt.Fprintf(stdout, "%s: %s (%d), %d frågor i %d avsnitt, %d teckengränser, högst %d insatser\n", filepath.Base(pos[0]), t.Title, t.Year,
		len(t.Questions()), len(t.Sections), len(t.Limits), t.MaxInsatser)
	fmt.Fprintf(stdout, "Sista dag för inlämning: %s (%s); inlämningsperiod %s – %s\n", t.Deadline.Date, t.Deadline.Timezone,
		t.Opens().Format("2006-01-02"), t.Closes().AddDate(0, 0, -1).Format("2006-01-02"))
	for _, n := range notes {
		fmt.Fprintf(stdout, "  VARNING  %s\n", n)
	}
	status := ExitOK
	if len(pos) == 2 {
		if !templateCheckDocument(t, pos[1], stdout, stderr) {
			return ExitFailure
		}
	}
	if len(notes) > 0 {
		status = ExitFindings
	} else {
		fmt.Fprintln(stdout, "Mallspecifikationen är giltig.")
	}
	return status
}

// templateCheckDocument shows how each of the template's questions was
// found in a document (or not).
func templateCheckDocument(t *spec.Template, path string, stdout, stderr io.Writer) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag template check: %s\n", fileProblem(path, err))
		return false
	}
	doc, err := document.ParseBytes(data)
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag template check: %s kan inte läsas som ett Word-dokument: %v\n", path, err)
		return false
	}
	ex := answers.Extract(t, doc)
	fmt.Fprintf(stdout, "\n%s: %d av mallens %d rubriker hittades\n", filepath.Base(path), ex.Found, ex.Total)
	for _, a := range ex.Questions {
		q := t.Question(a.ID)
		how := "hittades inte"
		if a.Found {
			how = "hittad, " + statusWords[a.Status]
			if a.Chars > 0 {
				how += fmt.Sprintf(", %d tecken", a.Chars)
			}
		}
		kind := map[string]string{spec.KindText: "fritext", spec.KindInsatser: "insatstabell", spec.KindChoices: "ja/nej",
			spec.KindExplanations: "förklaringar"}[q.Kind]
		fmt.Fprintf(stdout, "  %-7s %-13s %s\n", a.ID, kind, how)
	}
	for _, it := range ex.Insatser {
		fmt.Fprintf(stdout, "  %-7s tabell: %d insatser av högst %d\n", it.Question, it.Rows, it.Max)
	}
	for _, ch := range ex.Choices {
		ans := ch.Answer
		if ans == "" {
			ans = "inget entydigt val"
		}
		fmt.Fprintf(stdout, "  %-7s punkt %d: %s\n", ch.Question, ch.Item, ans)
	}
	if len(ex.Missing) > 0 {
		fmt.Fprintf(stdout, "Saknas i dokumentet: %s\n", strings.Join(ex.Missing, ", "))
	}
	return true
}

func runTemplateList(c command, args []string, stdout, stderr io.Writer) int {
	fs := newFlags(c, stderr)
	tdir := templatesFlag(fs)
	if _, ok := positional(fs, args, 0); !ok {
		return ExitFailure
	}
	set, ok := loadTemplates(*tdir, stderr, "template list")
	if !ok {
		return ExitFailure
	}
	fmt.Fprintf(stdout, "%-5s %-12s %-23s %s\n", "År", "Sista dag", "Inlämningsperiod", "Källa")
	for _, t := range set.All() {
		fmt.Fprintf(stdout, "%-5d %-12s %-23s %s\n", t.Year, t.Deadline.Date,
			t.Opens().Format("2006-01-02")+" – "+t.Closes().AddDate(0, 0, -1).Format("2006-01-02"), set.Source(t.Year))
	}
	return ExitOK
}
