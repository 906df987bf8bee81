// Command steady-bench seeds a practice at the volume of the speed targets and prints the
// server's times for the caseload overview and the client page (docs/benchmarks.md).
//
//	scripts/with-db.sh go run ./cmd/steady-bench [-clients 20000 -clinicians 200 -answers 2000000]
//	scripts/with-db.sh go run ./cmd/steady-bench -storm [-reminders 100000 -workers 100]
//	scripts/with-db.sh go run ./cmd/steady-bench -digests [-clinicians 1000 -clients 50000]
//	scripts/with-db.sh go run ./cmd/steady-bench -submit [-conns 32 -requests 1000 -rounds 8]
//	scripts/with-db.sh go run ./cmd/steady-bench -startup [-binary bin/steady -runs 20]
//
// It keeps its own database (steady_bench) between runs and reseeds only when the volume
// asked for changes. It needs TEST_DATABASE_URL (a role with CREATEDB) and the application
// role's name and password, as `make test` does; scripts/with-db.sh sets them.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"time"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/bench"
	"github.com/steadyhq/steady/internal/db"
)

func main() {
	bench.LoadMain() // when started as the load generator of -submit, that is all this process does
	bench.RoleMain() // or as the server of a -startup run
	app.TuneGC()     // the application's collector settings, for Steady and the baselines alike
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
	flag.IntVar(&o.Conns, "conns-caseload", 0, "also send the caseload probes over HTTP with this many connections (16 in issue 19)")
	flag.IntVar(&o.PoolSize, "pool", 0, "connections in the application's pool (0: pgxpool's default)")
	digest := flag.Bool("digests", false, "measure a week's digests instead: every member's made, stored and emailed at once")
	storm := flag.Bool("storm", false, "measure a reminder storm instead: every reminder due in the same minute")
	count := flag.Int("reminders", 100_000, "with -storm: reminders due at once")
	workers := flag.Int("workers", 0, "with -storm: jobs River works at once (0: the application's setting)")
	latency := flag.Duration("latency", 0, "with -storm: how long the fake provider takes per message")
	startup := flag.Bool("startup", false, "measure the time from exec to ready instead, beside a bare Go server")
	binary := flag.String("binary", "", "with -startup: the steady binary to start (default: this program, which links the same app)")
	runs := flag.Int("runs", 20, "with -startup: starts of each")
	submit := flag.Bool("submit", false, "measure answers sent over HTTP beside a bare RLS insert instead")
	conns := flag.Int("conns", 32, "with -submit: connections sending at once")
	requests := flag.Int("requests", 1000, "with -submit: answers per side per round")
	rounds := flag.Int("rounds", 8, "with -submit: rounds, alternating between the sides")
	profile := flag.String("cpuprofile", "", "with -submit: write a CPU profile of the server during Steady's first measured round; with -storm, of the storm")
	flag.Parse()
	if o.AdminURL == "" {
		fmt.Fprintln(os.Stderr, "steady-bench: TEST_DATABASE_URL is not set; run it through scripts/with-db.sh")
		os.Exit(2)
	}
	if o.AppRole == "" {
		o.AppRole = db.AppRole
	}
	run := func() error { return bench.Run(context.Background(), o, os.Stdout) }
	if *digest {
		if o.Database == "steady_bench" {
			o.Database = "steady_bench_digests"
		}
		if !flagSet("clinicians") && !flagSet("clients") {
			o.Volume.Clinicians, o.Volume.Clients, o.Volume.Answers = 1000, 50_000, 1_000_000
		}
		run = func() error { return bench.Digests(context.Background(), o, os.Stdout) }
	}
	if *storm {
		if o.Database == "steady_bench" {
			o.Database = "steady_bench_storm"
		}
		run = func() error {
			so := bench.StormOptions{Options: o, Reminders: *count, Workers: *workers, Limit: time.Minute, Latency: *latency}
			var done func()
			var err error
			if so.Profile, done, err = createProfile(*profile); err != nil {
				return err
			}
			defer done()
			return bench.Storm(context.Background(), so, os.Stdout)
		}
	}
	if *submit {
		if o.Database == "steady_bench" {
			o.Database = "steady_bench_submit"
		}
		run = func() error {
			so := bench.SubmitOptions{Options: o, Conns: *conns, Requests: *requests, Rounds: *rounds}
			var done func()
			var err error
			if so.Profile, done, err = createProfile(*profile); err != nil {
				return err
			}
			defer done()
			return bench.Submit(context.Background(), so, os.Stdout)
		}
	}
	if *startup {
		if o.Database == "steady_bench" {
			o.Database = "steady_bench_startup"
		}
		run = func() error {
			return bench.Startup(context.Background(), bench.StartupOptions{Options: o, Binary: *binary, Runs: *runs}, os.Stdout)
		}
	}
	if path := os.Getenv("STEADY_BENCH_CPUPROFILE"); path != "" { // for finding where the time goes
		f, err := os.Create(path)
		if err == nil && pprof.StartCPUProfile(f) == nil {
			defer pprof.StopCPUProfile()
		}
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "steady-bench:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

// createProfile creates the -cpuprofile file and its closing; with no path there is none (a
// nil writer: the benchmark then takes no profile).
func createProfile(path string) (io.Writer, func(), error) {
	if path == "" {
		return nil, func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}

// flagSet reports whether the named flag was given on the command line.
func flagSet(name string) (set bool) {
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
