// Command villkorsintag receives and checks the regions' yearly
// "Återrapportering av villkorsbeslut" reports.
package main

import (
	"os"
	"runtime/debug"

	"github.com/tillvaxtverket/villkorsintag/internal/cli"
)

func main() {
	if len(os.Args) > 1 && oneDocument[os.Args[1]] {
		tuneGC()
	}
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}

// oneDocument are the commands that read one document and exit.
var oneDocument = map[string]bool{"check": true, "read": true}

// tuneGC sets the collector for a process that reads one document: a heap
// goal of five times the live heap spares a normal report every collection
// (it allocates some 10 MB in all), and a soft memory limit of 128 MB keeps
// a hostile document, refused by the work budget, under the peak it has
// with the default settings. GOGC and GOMEMLIMIT, when set, are left alone.
func tuneGC() {
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(400)
		debug.SetMemoryLimit(128 << 20)
	}
}
