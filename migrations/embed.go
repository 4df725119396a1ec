// Package migrations holds the database schema as numbered SQL files
// (goose format), embedded in the binary and applied at start.
package migrations

import "embed"

// FS holds the *.sql migrations.
//
//go:embed *.sql
var FS embed.FS
