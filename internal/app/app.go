package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/labstack/echo/v4"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/steadyhq/steady/frontend"
	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/notify"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/seal"
	"github.com/steadyhq/steady/internal/web"
)

// App is Steady assembled: the database, the job client and the HTTP server.
type App struct {
	Config Config
	Log    *slog.Logger
	DB     *db.DB
	River  *river.Client[pgx.Tx]
	Server *web.Server
	Auth   *auth.Service
	Mailer notify.Mailer
	Texter notify.Texter // nil when texts are not configured
	Key    *seal.Key     // seals secrets at rest and derives tokens (STEADY_SECRET_KEY)
}

// Build opens the database and wires every domain. The caller closes a.DB.
func Build(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	d, err := db.OpenWith(ctx, cfg.DatabaseURL, cfg.dbOptions())
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, Log: log, DB: d}
	if cfg.DevMailbox() {
		a.Mailer = &notify.Mailbox{DB: d}
	} else if a.Mailer, err = notify.NewSMTP(notify.SMTPConfig{Host: cfg.SMTPHost, Port: cfg.SMTPPort,
		Username: cfg.SMTPUsername, Password: cfg.SMTPPassword, From: cfg.SMTPFrom, TLS: cfg.SMTPTLS}); err != nil {
		d.Close()
		return nil, err
	}
	if a.Texter, err = cfg.texter(a.Mailer); err != nil {
		d.Close()
		return nil, err
	}
	keys, err := cfg.keys(log)
	if err != nil {
		d.Close()
		return nil, err
	}
	a.Key = keys.master
	d.SetDataKeys(keys.ring)
	a.Auth = auth.NewService(d, auth.Options{Key: keys.master, PreviousKeys: keys.previous, Now: cfg.now})
	a.Auth.OnSignup = append(a.Auth.OnSignup, auth.EnqueueWelcome, recordSignup)
	mods, r := a.domains()
	if a.River, err = a.buildRiver(mods); err != nil {
		d.Close()
		return nil, err
	}
	d.SetJobs(a.River)
	a.Server = a.buildServer(mods, r)
	return a, nil
}

// buildRiver registers every domain's workers, periodic jobs and queues.
func (a *App) buildRiver(mods []module.Module) (*river.Client[pgx.Tx], error) {
	workers := river.NewWorkers()
	queues := map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 10}}
	var periodic []*river.PeriodicJob
	for _, m := range mods {
		if m.Workers != nil {
			m.Workers(workers)
		}
		periodic = append(periodic, m.Periodic...)
		maps.Copy(queues, m.Queues)
	}
	return river.NewClient(riverpgxv5.New(a.DB.Pool), &river.Config{
		// River reports routine progress at info every few seconds; our own logs say what matters.
		Logger: slog.New(levelFloor{a.Log.Handler(), slog.LevelWarn}),
		Queues: queues,
		// A job whose worker died (a crash, a SIGKILL) runs again after this; jobs with an
		// outside effect check their delivery row first, so a rerun never sends twice.
		RescueStuckJobsAfter: a.Config.rescueAfter(),
		JobTimeout:           min(time.Minute, a.Config.rescueAfter()/2),
		Workers:              workers,
		PeriodicJobs:         periodic,
		// Behind PgBouncer in transaction mode LISTEN cannot work: River polls for new jobs
		// (FetchPollInterval, 1s) and for leadership instead, as its docs say for PgBouncer.
		PollOnly: a.Config.transactionPooler(),
	})
}

// buildServer mounts the probes, every domain's error answers and routes, and the web apps.
func (a *App) buildServer(mods []module.Module, r routing) *web.Server {
	s := r.server
	s.Echo.GET("/healthz", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
	})
	s.Echo.GET("/readyz", a.readyz)
	s.Echo.GET("/metrics", s.MetricsHandler())
	routers := module.Routers{Staff: r.staff, Client: r.client, ClientClaim: r.claim, Public: s.API, Root: s.Echo}
	for _, m := range mods {
		s.MapErrors(m.Errors)
		if m.Routes != nil {
			m.Routes(routers)
		}
	}
	s.ServeFrontend(frontend.Dist())
	return s
}

// recordDenied writes an access.denied row when a member's role refuses them a route.
func (a *App) recordDenied(c echo.Context, caller auth.Caller, perm practice.Permission) error {
	ctx := c.Request().Context()
	return a.DB.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		return audit.Record(ctx, tx, caller.PracticeID, audit.ActorOf(caller.UserID, caller.IP, caller.UserAgent),
			audit.Event{Action: audit.ActionDenied, SubjectType: "route", SubjectID: c.Request().Method + " " + c.Path(),
				Detail: map[string]any{"permission": string(perm), "role": string(caller.Role)}})
	})
}

// strangerRecorder writes an access.denied row when a client's homework session reaches for a
// concealed staff route (a request with no session at all has no practice to record it in).
func (a *App) strangerRecorder(lh *links.Handlers) func(echo.Context, practice.Permission) error {
	return func(c echo.Context, perm practice.Permission) error {
		sess, ok := lh.ClientOf(c)
		if !ok {
			return nil
		}
		ctx := c.Request().Context()
		return a.DB.InTenant(ctx, db.Scope{PracticeID: sess.PracticeID}, func(tx *db.Tx) error {
			return audit.Record(ctx, tx, sess.PracticeID, audit.ActorOf(uuid.Nil, c.RealIP(), c.Request().UserAgent()),
				audit.Event{Action: audit.ActionDenied, SubjectType: "route", SubjectID: c.Request().Method + " " + c.Path(),
					ClientID: sess.ClientID, Detail: map[string]any{"permission": string(perm), "by": "client"}})
		})
	}
}

// recordSignup writes a new practice's first line in its audit trail, in the sign-up's own
// transaction: who confirmed it, and from where.
func recordSignup(ctx context.Context, tx *db.Tx, ev auth.SignupEvent) error {
	return audit.Record(ctx, tx, ev.PracticeID, audit.ActorOf(ev.UserID, ev.Client.IP, ev.Client.UserAgent),
		audit.Event{Action: "account.signup", SubjectType: "user", SubjectID: ev.UserID.String()})
}

// recordAccountChange writes a change a person made to their own account to the audit trail of
// the practice they are working in.
func (a *App) recordAccountChange(c echo.Context, caller auth.Caller, action string) error {
	ctx := c.Request().Context()
	return a.DB.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		return audit.Record(ctx, tx, caller.PracticeID, audit.ActorOf(caller.UserID, caller.IP, caller.UserAgent),
			audit.Event{Action: action, SubjectType: "user", SubjectID: caller.UserID.String()})
	})
}

func (a *App) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 3*time.Second)
	defer cancel()
	if a.Server.Draining() {
		// Shutting down (SIGTERM): the load balancer's check takes this replica out while it
		// still answers what reaches it (web.Server.ServeListener).
		return web.NewError(http.StatusServiceUnavailable, "not_ready", "Not ready: shutting down.")
	}
	if err := a.DB.CheckSchema(ctx); err != nil {
		a.Log.Warn("not ready", "error", err)
		return web.NewError(http.StatusServiceUnavailable, "not_ready",
			fmt.Sprintf("Not ready: %s.", readyReason(err)))
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}

func readyReason(err error) string {
	if errors.Is(err, db.ErrSchemaBehind) {
		return "the database schema is behind"
	}
	return "the database is not reachable"
}

// levelFloor drops records below min, so a chatty library logs only what needs attention.
type levelFloor struct {
	slog.Handler
	min slog.Level
}

func (h levelFloor) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h levelFloor) WithAttrs(attrs []slog.Attr) slog.Handler {
	return levelFloor{h.Handler.WithAttrs(attrs), h.min}
}

func (h levelFloor) WithGroup(name string) slog.Handler {
	return levelFloor{h.Handler.WithGroup(name), h.min}
}
