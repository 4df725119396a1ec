// Package cli implements the villkorsintag commands.
package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
)

// Exit statuses.
const (
	ExitOK       = 0 // done; no error findings
	ExitFindings = 1 // done; the report has error findings
	ExitFailure  = 2 // the input could not be read, or the command failed
)

type command struct {
	name, usage, summary string
	run                  func(args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

// Main runs the command named by args[0] and returns the exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return ExitFailure
		}
		return ExitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "villkorsintag: unknown command %q\n\n", args[0])
		usage(stderr)
		return ExitFailure
	}
	return c.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: villkorsintag COMMAND [flags] [args]")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(c command, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: villkorsintag %s %s\n\n%s\n\nflags:\n", c.name, c.usage, c.summary)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses flags placed before or after the positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// atLeastOne, as positional's count, takes one or more arguments.
const atLeastOne = -1

// positional parses the flags and checks the number of positional
// arguments (exactly n, or at least one), printing the usage when it is off.
func positional(fs *flag.FlagSet, args []string, n int) ([]string, bool) {
	pos, err := parseFlags(fs, args)
	if err != nil {
		return nil, false
	}
	if (n == atLeastOne && len(pos) == 0) || (n != atLeastOne && len(pos) != n) {
		fs.Usage()
		return nil, false
	}
	return pos, true
}

func readFile(path string) ([]byte, error) {
	if path == "-" {
		return io.ReadAll(os.Stdin)
	}
	return os.ReadFile(path)
}
