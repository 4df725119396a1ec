// Command twins writes the JSON twin of every template spec in
// configs/templates (2023.yaml → 2023.json), which the program reads
// instead of the YAML because it is faster to read (see spec.loadAll).
// Run it after changing a spec: go generate ./configs.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/tillvaxtverket/villkorsintag/internal/spec"
)

func main() {
	dir := "templates"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	names, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err == nil && len(names) == 0 {
		err = fmt.Errorf("no *.yaml in %s", dir)
	}
	for _, name := range names {
		if err != nil {
			break
		}
		var data, twin []byte
		if data, err = os.ReadFile(name); err != nil {
			break
		}
		if twin, err = spec.Twin(data); err != nil {
			err = fmt.Errorf("%s: %w", name, err)
			break
		}
		err = os.WriteFile(spec.TwinName(name), twin, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "twins:", err)
		os.Exit(1)
	}
}
