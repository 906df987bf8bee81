package dbtest

import (
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

// riverVersions lists the River migrations this build of River ships; it feeds the template
// name so that upgrading River rebuilds the template.
func riverVersions() []rivermigrate.Migration {
	m, err := rivermigrate.New(riverpgxv5.New(nil), nil)
	if err != nil {
		return nil
	}
	return m.AllVersions()
}
