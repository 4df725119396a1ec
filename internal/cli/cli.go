// Package cli implements the villkorsintag commands.
//
// Every command follows the same conventions: "villkorsintag CMD --help"
// and "villkorsintag help CMD" print the command's help to stdout and exit
// 0; wrong usage prints one line naming the problem and the command's usage
// to stderr and exits 2. Flags are shown as --flag everywhere (-flag is
// accepted too). A command parses its flags with parseFlags or positional
// on a flag set from newFlags; that is all it takes to follow them.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/tillvaxtverket/villkorsintag/internal/sv"
)

// Exit statuses.
const (
	ExitOK       = 0 // done; no error findings
	ExitFindings = 1 // done; the report has error findings
	ExitFailure  = 2 // wrong usage, the input could not be read, or the command failed
)

type command struct {
	name, usage, summary string
	run                  func(args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

// Main runs the command named by args[0] and returns the exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "villkorsintag: ange ett kommando")
		usage(stderr)
		return ExitFailure
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(stdout)
		return ExitOK
	case "-version", "--version":
		args = []string{"version"}
	case "help":
		if len(args) == 1 {
			usage(stdout)
			return ExitOK
		}
		if len(args) > 2 {
			fmt.Fprintf(stderr, "villkorsintag help: ett kommando i taget, inte %q\n\n", strings.Join(args[1:], " "))
			usage(stderr)
			return ExitFailure
		}
		c, ok := commands[args[1]]
		if !ok {
			fmt.Fprintf(stderr, "villkorsintag help: okänt kommando %q\n\n", args[1])
			usage(stderr)
			return ExitFailure
		}
		return runCommand(c, []string{"--help"}, stdout, stderr)
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "villkorsintag: okänt kommando %q\n\n", args[0])
		usage(stderr)
		return ExitFailure
	}
	return runCommand(c, args[1:], stdout, stderr)
}

// runCommand runs c; when its flags asked for help, the help went to
// stdout and the status is 0.
func runCommand(c command, args []string, stdout, stderr io.Writer) int {
	out := &commandStderr{Writer: stderr, stdout: stdout}
	code := c.run(args, stdout, out)
	if out.helped {
		return ExitOK
	}
	return code
}

// commandStderr is the stderr Main gives a command. It carries stdout too,
// for the command's help, and remembers that help was printed.
type commandStderr struct {
	io.Writer
	stdout io.Writer
	helped bool
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "användning: villkorsintag KOMMANDO [flaggor] [argument]")
	fmt.Fprintln(w, "\nkommandon:")
	names := make([]string, 0, len(commands))
	width := 0
	for n := range commands {
		names = append(names, n)
		width = max(width, len(n))
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-*s  %s\n", width, n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nHjälp om ett kommando: villkorsintag help KOMMANDO (eller villkorsintag KOMMANDO --help).")
}

// flagOutput is a flag set's output: the flag package's own (English)
// messages are dropped, parseFlags prints Swedish ones to stderr.
type flagOutput struct {
	c       command
	stderr  io.Writer
	parsing bool
}

func (*flagOutput) Write(p []byte) (int, error) { return len(p), nil }

// newFlags returns the flag set of a command. Its Usage prints the
// command's usage to stderr.
func newFlags(c command, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	out := &flagOutput{c: c, stderr: stderr}
	fs.SetOutput(out)
	fs.Usage = func() {
		if !out.parsing { // during Parse, parseFlags reports
			writeUsage(stderr, c, fs)
		}
	}
	return fs
}

func outputOf(fs *flag.FlagSet) *flagOutput {
	if out, ok := fs.Output().(*flagOutput); ok {
		return out
	}
	// a flag set not made by newFlags
	return &flagOutput{c: command{name: fs.Name()}, stderr: fs.Output()}
}

// writeUsage prints the usage line and the flags.
func writeUsage(w io.Writer, c command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "användning: villkorsintag %s %s\n", c.name, c.usage)
	writeFlags(w, fs)
	fmt.Fprintf(w, "Mer: villkorsintag help %s\n", c.name)
}

// writeHelp prints the command's whole help.
func writeHelp(w io.Writer, c command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "användning: villkorsintag %s %s\n\n%s\n", c.name, c.usage, c.summary)
	writeFlags(w, fs)
}

// writeFlags lists the flags as --name VALUE, with their defaults.
func writeFlags(w io.Writer, fs *flag.FlagSet) {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprintln(w, "\nflaggor:")
	fs.VisitAll(func(f *flag.Flag) {
		name, text := flag.UnquoteUsage(f)
		if isBool(f) {
			name = ""
		}
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		fmt.Fprintln(w, line)
		switch f.DefValue {
		case "", "0", "false":
		default:
			text += fmt.Sprintf(" (standard: %s)", f.DefValue)
		}
		fmt.Fprintf(w, "        %s\n", text)
	})
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// usageError prints the problem and the command's usage to stderr and
// returns ExitFailure.
func usageError(fs *flag.FlagSet, format string, args ...any) int {
	out := outputOf(fs)
	fmt.Fprintf(out.stderr, "villkorsintag %s: %s\n", out.c.name, fmt.Sprintf(format, args...))
	writeUsage(out.stderr, out.c, fs)
	return ExitFailure
}

// parseFlags parses flags placed before or after the positional arguments
// (all arguments after "--" are positional). On --help it prints the
// command's help to stdout; on a wrong flag the problem and the usage to
// stderr. Either way it returns an error and the command returns at once.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	out := outputOf(fs)
	var pos []string
	for {
		out.parsing = true
		err := fs.Parse(args)
		out.parsing = false
		if errors.Is(err, flag.ErrHelp) {
			if cs, ok := out.stderr.(*commandStderr); ok {
				writeHelp(cs.stdout, out.c, fs)
				cs.helped = true
			} else {
				writeHelp(out.stderr, out.c, fs)
			}
			return nil, err
		}
		if err != nil {
			usageError(fs, "%s", flagProblem(fs, err))
			return nil, err
		}
		rest := fs.Args()
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

var (
	reUndefined = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^flag provided but not defined: -+(.*)$`) })
	reInvalid   = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-([^:]+): (.*)$`)
	})
	reNeedsArg = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^flag needs an argument: -+(.*)$`) })
	reSyntax   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^bad flag syntax: (.*)$`) })
)

// flagProblem says in Swedish what the flag package found wrong.
func flagProblem(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	if m := reUndefined().FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("okänd flagga --%s", m[1])
	}
	if m := reNeedsArg().FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("--%s behöver ett värde", m[1])
	}
	if m := reSyntax().FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("felaktig flagga %q", m[1])
	}
	if m := reInvalid().FindStringSubmatch(msg); m != nil {
		want := m[3]
		if f := fs.Lookup(m[2]); f != nil {
			if g, ok := f.Value.(flag.Getter); ok {
				switch g.Get().(type) {
				case bool:
					want = "true eller false"
				case int, int64, uint, uint64:
					want = "ett heltal krävs"
				}
			}
		}
		return fmt.Sprintf("ogiltigt värde %q för --%s: %s", m[1], m[2], want)
	}
	return msg
}

// atLeastOne, as positional's count, takes one or more arguments.
const atLeastOne = -1

// positional parses the flags and checks the number of positional
// arguments (exactly n, or at least one), naming what is missing or too
// much and printing the usage when it is off.
func positional(fs *flag.FlagSet, args []string, n int) ([]string, bool) {
	pos, err := parseFlags(fs, args)
	if err != nil {
		return nil, false
	}
	return pos, argCount(fs, pos, n)
}

// argCount checks the number of positional arguments (exactly n, or at
// least one), naming what is missing or too much and printing the usage
// when it is off.
func argCount(fs *flag.FlagSet, pos []string, n int) bool {
	names := argNames(outputOf(fs).c.usage)
	switch {
	case n == atLeastOne && len(pos) == 0, n != atLeastOne && len(pos) < n:
		missing := "argument"
		if len(names) > len(pos) {
			missing = strings.Join(names[len(pos):], " ")
		}
		usageError(fs, "%s saknas", missing)
		return false
	case n != atLeastOne && len(pos) > n:
		extra := pos[n:]
		quoted := make([]string, len(extra))
		for i, a := range extra {
			quoted[i] = fmt.Sprintf("%q", a)
		}
		usageError(fs, "för många argument: %s", strings.Join(quoted, " "))
		return false
	}
	return true
}

var reOptional = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[[^\]]*\]|\([^)]*\)`) })

// argNames are the positional argument names in a usage line: the words
// in capitals outside brackets.
func argNames(usage string) []string {
	var names []string
	for _, w := range strings.Fields(reOptional().ReplaceAllString(usage, "")) {
		if w == strings.ToUpper(w) && !strings.HasPrefix(w, "-") {
			names = append(names, w)
		}
	}
	return names
}

func readFile(path string) ([]byte, error) {
	if path == "-" {
		return io.ReadAll(os.Stdin)
	}
	return os.ReadFile(path)
}

// plural picks the singular or plural word for n: plural(1, "varning",
// "varningar") is "1 varning".
func plural(n int, one, many string) string { return sv.Plural(n, one, many) }

// counts is "2 fel, 1 varning, 3 tips".
func counts(errs, warns, infos int) string {
	return sv.Counts(errs, warns, infos)
}
