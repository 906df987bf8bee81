// Command steady is the one binary of Steady: serve, worker, migrate, demo.
package main

import (
	"os"
	// Practices and clients name their IANA time zones, and time.LoadLocation reads them from
	// the machine's zoneinfo files. The container image (deploy/) is FROM scratch and has none,
	// so the binary carries its own copy (about 450 kB); on a machine that has the files they
	// are still preferred.
	_ "time/tzdata"

	"github.com/steadyhq/steady/internal/app"
)

func main() {
	os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr))
}
