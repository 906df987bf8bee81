// Command steady is the one binary of Steady: serve, worker, migrate, demo.
package main

import (
	"os"

	"github.com/steadyhq/steady/internal/app"
)

func main() {
	os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr))
}
