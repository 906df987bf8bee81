package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/steadyhq/steady/internal/billing"
	"github.com/steadyhq/steady/internal/db"
)

const usage = `usage: steady <command>

commands:
  serve     run the API, the web app and the job workers
  worker    run the job workers only (for scaling workers apart from the API)
  migrate   apply River's and Steady's database migrations (as the schema owner)
  keys rotate
            re-wrap every practice's data key, and re-seal two-factor secrets, with
            STEADY_SECRET_KEY after a key change (see docs/security.md)
  demo      create or refresh the demo practice and print its logins
  billing setup
            create Steady's product and seat prices in the Stripe account of
            STEADY_STRIPE_SECRET_KEY (once; again changes nothing) and print their ids
  citus-plan
            print the statements that distribute the migrated schema over a Citus
            cluster (as the schema owner; see deploy/scale-out.md)
  version   print the version
  healthcheck
            exit 0 when this machine's serve answers GET /readyz with 200 (on the
            port of STEADY_ADDR), else 1; for container health checks
`

// Version is set at build time with -ldflags.
var Version = "dev"

// Main runs the command in args and returns the process exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, args, stdout); err != nil {
		fmt.Fprintln(stderr, "steady:", err)
		return 1
	}
	return 0
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) < 1 {
		fmt.Fprint(stdout, usage)
		return errors.New("no command given")
	}
	cmd := args[0]
	switch cmd {
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	case "version":
		fmt.Fprintln(stdout, Version)
		return nil
	case "healthcheck":
		return healthcheck(ctx, stdout)
	case "serve", "worker", "migrate", "demo", "citus-plan":
	case "keys":
		if len(args) != 2 || args[1] != "rotate" {
			fmt.Fprint(stdout, usage)
			return errors.New("usage: steady keys rotate")
		}
	case "billing":
		return runBilling(ctx, args[1:], stdout)
	default:
		fmt.Fprint(stdout, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
	cfg, err := LoadConfig()
	if err != nil {
		return err
	}
	log := newLogger(cfg, os.Stderr)
	log.Info("starting", append([]any{"command", cmd, "version", Version}, cfg.LogValue()...)...)
	switch cmd {
	case "migrate":
		return db.Migrate(ctx, cfg.MigrationDatabaseURL, log)
	case "keys":
		return rotateKeys(ctx, cfg, log, stdout)
	case "citus-plan":
		return citusPlan(ctx, cfg.MigrationDatabaseURL, stdout)
	case "demo":
		return runDemo(ctx, cfg, log, stdout)
	}
	return serve(ctx, cfg, log, cmd == "serve")
}

func newLogger(cfg Config, w io.Writer) *slog.Logger {
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// serve runs the workers and, when withHTTP, the HTTP server until ctx ends (SIGTERM). Then it
// stops accepting connections, lets in-flight requests finish, and lets running jobs finish,
// each within the configured grace period.
func serve(ctx context.Context, cfg Config, log *slog.Logger, withHTTP bool) error {
	TuneGC()
	a, err := Build(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	if err := a.DB.CheckSchema(ctx); err != nil {
		return fmt.Errorf("%w: run `steady migrate` first", err)
	}
	if cfg.PprofAddr != "" {
		if _, err := servePprof(ctx, cfg.PprofAddr, log); err != nil {
			return fmt.Errorf("STEADY_PPROF_ADDR: %w", err)
		}
	}
	if err := a.River.Start(ctx); err != nil {
		return fmt.Errorf("start job workers: %w", err)
	}
	var serveErr error
	if withHTTP {
		log.Info("listening", "addr", cfg.Addr, "open", cfg.PublicURL)
		serveErr = a.Server.Serve(ctx, cfg.Addr, cfg.DrainDelay, cfg.ShutdownGrace)
	} else {
		<-ctx.Done()
	}
	log.Info("shutting down: finishing running jobs")
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownGrace)
	defer cancel()
	if err := a.River.Stop(stopCtx); err != nil {
		log.Warn("jobs did not finish in time", "error", err)
	}
	log.Info("stopped")
	return serveErr
}

// runBilling runs `steady billing setup`: it needs only the Stripe settings, not the database.
func runBilling(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) != 1 || args[0] != "setup" {
		fmt.Fprint(stdout, usage)
		return errors.New("billing takes one subcommand: setup")
	}
	cfg, err := stripeConfig()
	if err != nil {
		return err
	}
	if cfg.SecretKey == "" {
		return errors.New("STEADY_STRIPE_SECRET_KEY is required: the Stripe account's secret key (sk_test_… to try it)")
	}
	prices, err := billing.SetUp(ctx, cfg, billing.DefaultPlan)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "STEADY_STRIPE_PRICE_MONTHLY=%s\nSTEADY_STRIPE_PRICE_YEARLY=%s\n", prices.Monthly, prices.Yearly)
	return nil
}

// citusPlan prints the statements that distribute the live schema (db.CitusPlan), one a line,
// for psql as the schema owner.
func citusPlan(ctx context.Context, ownerURL string, stdout io.Writer) error {
	plan, err := db.CitusPlanAt(ctx, ownerURL)
	if err != nil {
		return err
	}
	for _, stmt := range plan {
		fmt.Fprintln(stdout, stmt)
	}
	return nil
}
