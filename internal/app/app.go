package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/steadyhq/steady/frontend"
	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/crisis"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/exercises"
	"github.com/steadyhq/steady/internal/homework"
	"github.com/steadyhq/steady/internal/notify"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/progress"
	"github.com/steadyhq/steady/internal/reminders"
	"github.com/steadyhq/steady/internal/seal"
	"github.com/steadyhq/steady/internal/team"
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
	d, err := db.Open(ctx, cfg.DatabaseURL)
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
	key, err := cfg.sealKey(log)
	if err != nil {
		d.Close()
		return nil, err
	}
	a.Key = key
	a.Auth = auth.NewService(d, auth.Options{Key: key, Now: cfg.now})
	a.Auth.OnSignup = append(a.Auth.OnSignup, auth.EnqueueWelcome)
	if a.River, err = a.buildRiver(); err != nil {
		d.Close()
		return nil, err
	}
	d.SetJobs(a.River)
	a.Server = a.buildServer()
	return a, nil
}

// buildRiver registers every worker and periodic job.
func (a *App) buildRiver() (*river.Client[pgx.Tx], error) {
	workers := river.NewWorkers()
	river.AddWorker(workers, &auth.WelcomeWorker{DB: a.DB, Mailer: a.Mailer, PublicURL: a.Config.PublicURL})
	river.AddWorker(workers, &auth.ResetWorker{Auth: a.Auth, Mailer: a.Mailer, PublicURL: a.Config.PublicURL})
	river.AddWorker(workers, &team.InviteWorker{DB: a.DB, Mailer: a.Mailer, PublicURL: a.Config.PublicURL})
	river.AddWorker(workers, &sweepWorker{DB: a.DB})
	river.AddWorker(workers, &checkins.AlertWorker{DB: a.DB, Mailer: a.Mailer, PublicURL: a.Config.PublicURL})
	river.AddWorker(workers, &progress.AttentionWorker{DB: a.DB, Now: a.Config.now})
	river.AddWorker(workers, &reminders.DispatchWorker{DB: a.DB, Key: a.Key, Now: a.Config.now})
	river.AddWorker(workers, &reminders.LinkNoticeWorker{DB: a.DB, Mailer: a.Mailer, PublicURL: a.Config.PublicURL})
	river.AddWorker(workers, &reminders.SendWorker{DB: a.DB, Mailer: a.Mailer, Texter: a.Texter, Key: a.Key,
		PublicURL: a.Config.PublicURL, Now: a.Config.now, Log: a.Log})
	return river.NewClient(riverpgxv5.New(a.DB.Pool), &river.Config{
		// River reports routine progress at info every few seconds; our own logs say what matters.
		Logger: slog.New(levelFloor{a.Log.Handler(), slog.LevelWarn}),
		Queues: map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 10}, reminders.Queue: reminders.QueueConfig()},
		// A job whose worker died (a crash, a SIGKILL) runs again after this; jobs with an
		// outside effect check their delivery row first, so a rerun never sends twice.
		RescueStuckJobsAfter: a.Config.rescueAfter(),
		JobTimeout:           min(time.Minute, a.Config.rescueAfter()/2),
		Workers:              workers,
		PeriodicJobs: []*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(15*time.Minute),
				func() (river.JobArgs, *river.InsertOpts) { return sweepArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(time.Minute),
				func() (river.JobArgs, *river.InsertOpts) { return reminders.DispatchArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(progress.AttentionInterval),
				func() (river.JobArgs, *river.InsertOpts) { return progress.AttentionArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
		},
	})
}

// buildServer mounts every domain's routes.
func (a *App) buildServer() *web.Server {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s := web.NewServer(web.Options{Log: a.Log, Secure: a.Config.Secure(), Metrics: reg})
	s.Echo.GET("/healthz", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
	})
	s.Echo.GET("/readyz", a.readyz)
	s.Echo.GET("/metrics", s.MetricsHandler())
	s.MapErrors(auth.Errors)
	s.MapErrors(clients.Errors)
	s.MapErrors(homework.Errors)
	s.MapErrors(exercises.Errors)
	s.MapErrors(checkins.Errors)
	authHandlers := auth.NewHandlers(a.Auth, a.Config.Secure())
	authHandlers.OnAccountChange = a.recordAccountChange
	authHandlers.Routes(s.API)
	guard := authHandlers.Guard(s.API, a.recordDenied)
	clientSvc := clients.NewService(a.DB)
	clients.NewHandlers(clientSvc).Routes(guard)
	a.routeHomework(s, guard, clientSvc)
	audit.NewHandlers(a.DB).Routes(guard)
	s.MapErrors(team.Errors)
	teamHandlers := team.NewHandlers(team.NewService(a.DB), a.Auth, authHandlers)
	teamHandlers.Routes(guard)
	teamHandlers.PublicRoutes(s.API)
	if mb, ok := a.Mailer.(*notify.Mailbox); ok {
		mb.Routes(s.API)
	}
	s.ServeFrontend(frontend.Dist())
	return s
}

// routeHomework mounts the exercise, homework-link and journal routes, for staff and clients.
func (a *App) routeHomework(s *web.Server, guard *auth.Guarded, cs *clients.Service) {
	now := a.Config.now
	hw := homework.NewService(a.DB, cs, now)
	hw.SendThrough(a.Mailer, a.Texter, a.Config.PublicURL)
	links := homework.NewHandlers(hw, a.Config.Secure(), a.Config.PublicURL)
	client := links.ClientGroup(s.API)
	links.Routes(guard, s.API, client)
	journal := checkins.NewService(a.DB, cs, now)
	checkins.NewHandlers(journal).Routes(guard, client)
	ex := exercises.NewHandlers(exercises.NewService(a.DB, cs, now))
	ex.Routes(guard)
	ex.ClientRoutes(client, journal)
	progress.NewHandlers(progress.NewService(a.DB, cs, now)).Routes(guard)
	rh := &reminders.Handlers{DB: a.DB, Clients: cs, Now: now}
	rh.Routes(guard)
	rh.PublicRoutes(s.Echo)
	rh.ClientRoutes(client)
	crisis.NewHandlers(crisis.NewService(a.DB)).Routes(guard, client)
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
