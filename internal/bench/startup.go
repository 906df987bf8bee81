package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/db"
)

// StartupOptions say what to start and how often.
type StartupOptions struct {
	Options
	Binary string // the steady binary to start; empty: this program, which links the same app
	Runs   int
}

// startupGoal is issue 19's: from exec to the first 200 from /readyz.
const startupGoal = 300 * time.Millisecond

// roleEnv, set in a process's environment, makes this program something else for a start-up
// run: "serve" is `steady serve` (the app linked into this program), "bare" the baseline.
const roleEnv = "STEADY_BENCH_ROLE"

// RoleMain runs this process as the role roleEnv names, if any, and exits; otherwise it returns.
func RoleMain() {
	switch os.Getenv(roleEnv) {
	case "":
		return
	case "serve":
		os.Exit(app.Main([]string{"serve"}, os.Stdout, os.Stderr))
	case "bare":
		if err := bare(); err != nil {
			fmt.Fprintln(os.Stderr, "steady-bench bare:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
}

// bare is the baseline server: a pgx pool, a ping, and /readyz answering 200 once a query
// has run: what any Go server on PostgreSQL pays before it is ready.
func bare() error {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		return err
	}
	if err := pool.Ping(ctx); err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		var one int
		if err := pool.QueryRow(r.Context(), `SELECT 1`).Scan(&one); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(`{"status":"ready"}`))
	})
	return http.ListenAndServe(os.Getenv("STEADY_ADDR"), mux)
}

// Startup times, from exec to the first 200 from GET /readyz, `steady serve` against a
// migrated database, beside the bare baseline, in alternating runs.
func Startup(ctx context.Context, o StartupOptions, w io.Writer) error {
	ownerURL, appURL, err := o.urls()
	if err != nil {
		return err
	}
	if err := o.createDatabase(ctx, false); err != nil {
		return err
	}
	if err := db.Migrate(ctx, ownerURL, slog.New(slog.DiscardHandler)); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	steady := func() *exec.Cmd { return exec.Command(self) }
	what := "steady serve (the app linked into this program)"
	if o.Binary != "" {
		steady = func() *exec.Cmd { return exec.Command(o.Binary, "serve") }
		what = o.Binary + " serve"
	}
	var mine, base []time.Duration
	for range o.Runs {
		d, err := startOnce(ctx, exec.Command(self), "bare", appURL, ownerURL)
		if err != nil {
			return fmt.Errorf("bare: %w", err)
		}
		base = append(base, d)
		if d, err = startOnce(ctx, steady(), "serve", appURL, ownerURL); err != nil {
			return fmt.Errorf("steady: %w", err)
		}
		mine = append(mine, d)
	}
	b, s := figures("bare", base), figures("steady", mine)
	fmt.Fprintf(w, "From exec to the first 200 from GET /readyz, %d runs each, alternating:\n\n", o.Runs)
	fmt.Fprintf(w, "| %-58s | %9s | %9s | %9s |\n|%s|----------:|----------:|----------:|\n", "process", "p50", "max", "min",
		"------------------------------------------------------------")
	for _, f := range []struct {
		name string
		f    Figures
		all  []time.Duration
	}{{"baseline: Go, a pgx pool, SELECT 1", b, base}, {what, s, mine}} {
		fmt.Fprintf(w, "| %-58s | %9s | %9s | %9s |\n", f.name, ms(f.f.P50), ms(f.f.Max), ms(minOf(f.all)))
	}
	fmt.Fprintf(w, "\nSteady's p50 is %.1f× the baseline's; the goal is under %s: %s.\n",
		float64(s.P50)/float64(max(1, b.P50)), startupGoal, yesNo(s.P50 < startupGoal))
	return nil
}

func minOf(ds []time.Duration) time.Duration {
	m := ds[0]
	for _, d := range ds {
		m = min(m, d)
	}
	return m
}

// startOnce starts cmd as role on a free port and times it until /readyz answers 200; then
// it stops it with SIGTERM and waits.
func startOnce(ctx context.Context, cmd *exec.Cmd, role, appURL, ownerURL string) (time.Duration, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd.Env = append(os.Environ(), roleEnv+"="+role, "STEADY_ADDR="+addr, "DATABASE_URL="+appURL,
		"MIGRATION_DATABASE_URL="+ownerURL, "STEADY_ENV=development", "STEADY_LOG_FORMAT=json")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	client := &http.Client{Timeout: time.Second}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	}()
	for time.Since(start) < 30*time.Second {
		if res, err := client.Get("http://" + addr + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return time.Since(start), nil
			}
		}
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		time.Sleep(time.Millisecond)
	}
	return 0, fmt.Errorf("no 200 from /readyz within 30s")
}
