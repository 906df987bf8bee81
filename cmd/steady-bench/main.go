// Command steady-bench seeds a practice at the volume of the speed targets and prints the
// server's times for the caseload overview and the client page (docs/benchmarks.md).
//
//	scripts/with-db.sh go run ./cmd/steady-bench [-clients 20000 -clinicians 200 -answers 2000000]
//
// It keeps its own database (steady_bench) between runs and reseeds only when the volume
// asked for changes. It needs TEST_DATABASE_URL (a role with CREATEDB) and the application
// role's name and password, as `make test` does; scripts/with-db.sh sets them.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/steadyhq/steady/internal/bench"
	"github.com/steadyhq/steady/internal/db"
)

func main() {
	o := bench.Options{Volume: bench.Target, Database: "steady_bench", Target: 100 * time.Millisecond,
		AdminURL: os.Getenv("TEST_DATABASE_URL"), AppRole: os.Getenv("TEST_APP_DATABASE_ROLE"),
		AppPassword: os.Getenv("TEST_APP_DATABASE_PASSWORD")}
	flag.IntVar(&o.Volume.Clinicians, "clinicians", o.Volume.Clinicians, "clinicians in the practice")
	flag.IntVar(&o.Volume.Clients, "clients", o.Volume.Clients, "clients in the practice")
	flag.IntVar(&o.Volume.Answers, "answers", o.Volume.Answers, "answers to aim for (the history's length follows)")
	flag.IntVar(&o.N, "n", 300, "measured requests per probe")
	flag.IntVar(&o.Warm, "warm", 30, "unmeasured requests per probe first")
	flag.BoolVar(&o.Explain, "explain", false, "print the query plans of the caseload and the client page")
	flag.StringVar(&o.Database, "database", o.Database, "the benchmark's own database")
	flag.Parse()
	if o.AdminURL == "" {
		fmt.Fprintln(os.Stderr, "steady-bench: TEST_DATABASE_URL is not set; run it through scripts/with-db.sh")
		os.Exit(2)
	}
	if o.AppRole == "" {
		o.AppRole = db.AppRole
	}
	if err := bench.Run(context.Background(), o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "steady-bench:", err)
		os.Exit(1)
	}
}
