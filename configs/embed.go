// Package configs embeds the configuration files shipped with the program:
// the template specs (one per report year) and, later, the reporting bodies.
package configs

import (
	"embed"

	_ "time/tzdata" // the deadline is Stockholm time on any machine
)

// Templates holds templates/*.yaml, one template spec per report year,
// and their JSON twins, which go generate writes from them.
//
//go:generate go run ../internal/spec/twins
//go:embed templates
var Templates embed.FS

// Regions is regions.yaml: the reporting bodies.
//
//go:embed regions.yaml
var Regions []byte
