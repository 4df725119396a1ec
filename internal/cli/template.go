package cli

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/tillvaxtverket/villkorsintag/internal/answers"
	"github.com/tillvaxtverket/villkorsintag/internal/document"
	"github.com/tillvaxtverket/villkorsintag/internal/spec"
	"github.com/tillvaxtverket/villkorsintag/internal/specimport"
)

func init() {
	register(command{name: "template", usage: "check FILE.yaml [DOCUMENT.docx] | list [--templates DIR] | import [--out FILE.yaml] FILE.docx",
		summary: "mallarna: kontrollera en mallspecifikation (med ett dokument: hur varje fråga hittas), lista mallarna, gör ett utkast till specifikation ur Word-mallen", run: runTemplate})
}

func runTemplate(args []string, stdout, stderr io.Writer) int {
	c := commands["template"]
	fs := newFlags(c, stderr)
	templatesFlag(fs)
	out := fs.String("out", "", "skriv utkastet till filen `FILE` (annars till standard ut); -o gör detsamma")
	fs.StringVar(out, "o", "", "som --out")
	subs := map[string]func() int{
		"check":  func() int { return runTemplateCheck(fs, args[1:], stdout, stderr) },
		"list":   func() int { return runTemplateList(fs, args[1:], stdout, stderr) },
		"import": func() int { return runTemplateImport(fs, out, args[1:], stdout, stderr) },
	}
	switch {
	case len(args) > 0 && subs[args[0]] != nil:
		return subs[args[0]]()
	case len(args) > 0 && strings.HasPrefix(args[0], "-"):
		if _, err := parseFlags(fs, args); err != nil {
			return ExitFailure
		}
		return usageError(fs, "underkommandot saknas: check, list eller import")
	case len(args) > 0:
		return usageError(fs, "okänt underkommando %q; det som finns är check, list och import", args[0])
	}
	return usageError(fs, "underkommandot saknas: check, list eller import")
}

func runTemplateCheck(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) int {
	pos, err := parseFlags(fs, args)
	switch {
	case err != nil:
		return ExitFailure
	case len(pos) == 0:
		return usageError(fs, "FILE.yaml saknas")
	case len(pos) > 2:
		return usageError(fs, "för många argument: ange en mallspecifikation och högst ett dokument")
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag template check: %s\n", fileProblem(pos[0], err))
		return ExitFailure
	}
	t, err := spec.Parse(data)
	if err != nil {
		fmt.Fprintf(stdout, "%s: mallspecifikationen har fel och kan inte användas:\n", filepath.Base(pos[0]))
		for _, line := range strings.Split(strings.TrimPrefix(err.Error(), "mallspecifikationen: "), "\n") {
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

func runTemplateList(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) int {
	if _, ok := positional(fs, args, 0); !ok {
		return ExitFailure
	}
	set, ok := loadTemplates(fs.Lookup("templates").Value.String(), stderr, "template list")
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

// runTemplateImport drafts a spec from the template's Word document (or a
// filled-in report), says in Swedish what must be filled in by hand, and
// checks the draft as template check does.
func runTemplateImport(fs *flag.FlagSet, out *string, args []string, stdout, stderr io.Writer) int {
	pos, err := parseFlags(fs, args)
	switch {
	case err != nil:
		return ExitFailure
	case len(pos) == 0:
		return usageError(fs, "FILE.docx saknas")
	case len(pos) > 1:
		return usageError(fs, "för många argument: ange en Word-fil")
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag template import: %s\n", fileProblem(pos[0], err))
		return ExitFailure
	}
	doc, err := document.ParseBytes(data)
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag template import: %s kan inte läsas som ett Word-dokument: %v\n", pos[0], err)
		return ExitFailure
	}
	set, ok := loadTemplates(fs.Lookup("templates").Value.String(), stderr, "template import")
	if !ok {
		return ExitFailure
	}
	d := specimport.Import(doc, set.Newest())
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	err = enc.Encode(d.Template)
	body := buf.Bytes()
	if err != nil {
		fmt.Fprintf(stderr, "villkorsintag template import: utkastet kunde inte skrivas: %v\n", err)
		return ExitFailure
	}
	header := fmt.Sprintf("# Utkast till mallspecifikation, gjort av villkorsintag template import ur %s.\n# Granska det, fyll i det som saknas och kontrollera det med\n#   villkorsintag template check FIL.yaml ETT-TESTDOKUMENT.docx\n", filepath.Base(pos[0]))
	for _, n := range d.ByHand {
		header += "# ATT GÖRA: " + n + "\n"
	}
	text := header + "\n" + string(body)
	if *out == "" {
		fmt.Fprint(stdout, text)
	} else {
		if _, err := os.Stat(*out); err == nil {
			fmt.Fprintf(stderr, "villkorsintag template import: %s finns redan; den skrivs inte över\n", *out)
			return ExitFailure
		}
		if err := os.WriteFile(*out, []byte(text), 0o644); err != nil {
			fmt.Fprintf(stderr, "villkorsintag template import: %s kunde inte skrivas: %v\n", *out, err)
			return ExitFailure
		}
	}
	w := stderr
	if *out != "" {
		w = stdout
		fmt.Fprintf(w, "Utkastet är skrivet till %s.\n", *out)
	}
	fmt.Fprintf(w, "%s: %d avsnitt, %d frågor, %d teckengränser, högst %d insatser.\n", d.Template.Title, len(d.Template.Sections),
		len(d.Template.Questions()), len(d.Template.Limits), d.Template.MaxInsatser)
	fmt.Fprintln(w, "Måste fyllas i eller granskas för hand:")
	for _, n := range d.ByHand {
		fmt.Fprintf(w, "  - %s\n", n)
	}
	t, err := spec.Parse(body)
	if err != nil {
		fmt.Fprintf(w, "Utkastet klarar inte template check ännu:\n")
		for _, line := range strings.Split(strings.TrimPrefix(err.Error(), "mallspecifikationen: "), "\n") {
			fmt.Fprintf(w, "  FEL      %s\n", line)
		}
		return ExitFindings
	}
	for _, n := range specimport.Lint(t) {
		fmt.Fprintf(w, "  VARNING  %s\n", n)
	}
	fmt.Fprintln(w, "Utkastet klarar template check.")
	return ExitOK
}
