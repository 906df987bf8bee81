// Package migrations holds Steady's versioned SQL migrations, embedded into the binary so
// that `steady migrate` needs nothing but the executable.
package migrations

import "embed"

// FS holds every NNNN_name.sql file of this folder.
//
//go:embed *.sql
var FS embed.FS
