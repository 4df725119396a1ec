package cli

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// commandLines returns the villkorsintag command lines of a Markdown text:
// the lines of its code blocks and its inline code that start with
// "villkorsintag " (also "./villkorsintag " and "go run ./cmd/villkorsintag ").
func commandLines(md string) []string {
	var out []string
	take := func(s string) {
		s = strings.TrimSpace(s)
		s = strings.TrimPrefix(s, "$ ")
		for _, p := range []string{"go run ./cmd/villkorsintag ", "./villkorsintag ", "villkorsintag "} {
			if strings.HasPrefix(s, p) {
				out = append(out, "villkorsintag "+strings.TrimPrefix(s, p))
				return
			}
		}
	}
	inBlock := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inBlock = !inBlock
			continue
		}
		if inBlock {
			take(line)
			continue
		}
		for _, m := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(line, -1) {
			take(m[1])
		}
	}
	return out
}

var reFlagWord = regexp.MustCompile(`^[\[(]*--([a-z][a-z-]*)`)

// checkCommandLine says what in one command line the CLI does not have.
func checkCommandLine(t *testing.T, line string) []string {
	t.Helper()
	if i := strings.Index(line, " #"); i >= 0 {
		line = line[:i]
	}
	words := strings.Fields(line)[1:]
	if len(words) == 0 || strings.HasPrefix(words[0], "-") {
		return nil // villkorsintag --help and the like: Main's own
	}
	name := words[0]
	if name == "help" || name == "…" || name == "COMMAND" || name == "CMD" || name == "KOMMANDO" {
		return nil
	}
	c, ok := commands[name]
	if !ok {
		return []string{"no command " + name}
	}
	_, help, _ := run(t, name, "--help")
	var problems []string
	for _, w := range words[1:] {
		m := reFlagWord.FindStringSubmatch(w)
		if m == nil || m[1] == "help" {
			continue
		}
		if !regexp.MustCompile(`(?m)^  --` + m[1] + `( |$)`).MatchString(help) {
			problems = append(problems, name+" has no flag --"+m[1])
		}
	}
	if name == "user" && (len(words) < 2 || words[1] != "add") && !strings.HasPrefix(c.usage, "add") {
		problems = append(problems, "user without add")
	}
	return problems
}

// TestREADMECommands: every villkorsintag command line in the README uses
// a command and flags the CLI has.
func TestREADMECommands(t *testing.T) {
	md, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := commandLines(string(md))
	if len(lines) < 20 {
		t.Fatalf("only %d command lines found in the README", len(lines))
	}
	t.Logf("%d command lines", len(lines))
	seen := map[string]bool{}
	for _, l := range lines {
		seen[strings.Fields(l)[1]] = true
		for _, p := range checkCommandLine(t, l) {
			t.Errorf("README: %q: %s", l, p)
		}
	}
	for _, name := range []string{"check", "demo", "serve", "ingest", "report", "history", "diff", "backup", "version"} {
		if !seen[name] {
			t.Errorf("the README shows no %s command line", name)
		}
	}
}

// TestCheckCommandLine: the checker finds a wrong command and a wrong flag.
func TestCheckCommandLine(t *testing.T) {
	for line, want := range map[string]string{
		"villkorsintag report --db x.db [--year 2023]":      "",
		"villkorsintag reprocess (--all | --submission ID)": "",
		"villkorsintag rapport --db x.db":                   "no command rapport",
		"villkorsintag report [--yr 2023]":                  "report has no flag --yr",
		"villkorsintag demo --once --d x.db # a comment":    "demo has no flag --d",
		"villkorsintag check --json=true FILE":              "",
	} {
		got := strings.Join(checkCommandLine(t, line), "; ")
		if got != want {
			t.Errorf("%q: %q, want %q", line, got, want)
		}
	}
	md := "text `villkorsintag history --db a.db x` and\n```sh\n./villkorsintag demo --once   # x\ngo run ./cmd/villkorsintag check f\n```\n"
	if got := commandLines(md); len(got) != 3 || got[1] != "villkorsintag demo --once   # x" {
		t.Errorf("%q", got)
	}
}
