package cli

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/tillvaxtverket/villkorsintag/internal/spec"
)

func init() {
	register(command{name: "version", usage: "",
		summary: "skriv ut programmets version, källkodsrevision, Go-version och mallarnas år", run: runVersion})
}

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlags(commands["version"], stderr)
	if _, ok := positional(fs, args, 0); !ok {
		return ExitFailure
	}
	version, revision, when, modified := "okänd", "okänd", "okänd", false
	goVersion := runtime.Version()
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		goVersion = bi.GoVersion
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if modified {
		revision += " (med ändringar som inte är incheckade)"
	}
	fmt.Fprintf(stdout, "villkorsintag %s\n", version)
	fmt.Fprintf(stdout, "revision: %s\n", revision)
	fmt.Fprintf(stdout, "tid:      %s\n", when)
	fmt.Fprintf(stdout, "Go:       %s\n", goVersion)
	fmt.Fprintf(stdout, "mallar:   %s\n", templateYears())
	return ExitOK
}

// templateYears lists the years there are templates for: "2023, 2024".
func templateYears() string {
	all, err := spec.All()
	if err != nil || len(all) == 0 {
		return "inga"
	}
	years := make([]string, len(all))
	for i, t := range all {
		years[i] = strconv.Itoa(t.Year)
	}
	return strings.Join(years, ", ")
}
