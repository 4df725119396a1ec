// Command villkorsintag receives and checks the regions' yearly
// "Återrapportering av villkorsbeslut" reports.
package main

import (
	"os"

	"github.com/tillvaxtverket/villkorsintag/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
