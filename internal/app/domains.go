package app

import (
	"log/slog"
	"maps"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/alertrules"
	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/billing"
	"github.com/steadyhq/steady/internal/billing/devstripe"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/crisis"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/digests"
	"github.com/steadyhq/steady/internal/homework"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/notify"
	"github.com/steadyhq/steady/internal/practicedata"
	"github.com/steadyhq/steady/internal/progress"
	"github.com/steadyhq/steady/internal/reminders"
	"github.com/steadyhq/steady/internal/safety"
	"github.com/steadyhq/steady/internal/team"
	"github.com/steadyhq/steady/internal/web"
)

// routing is what every domain's routes hang from: the server, the staff router behind a
// session and a permission (auth's Guard), and the client router behind a homework link's
// session (links' ClientGroup).
type routing struct {
	server *web.Server
	staff  *auth.Guarded
	client *echo.Group
	claim  *echo.Group
}

// domains builds every domain's service and returns the domains as modules, in the order
// their routes are mounted, with the routers they mount on. A new domain is one line here.
func (a *App) domains() ([]module.Module, routing) {
	env := module.Env{DB: a.DB, Mailer: a.Mailer, Texter: a.Texter, Key: a.Key, PublicURL: a.Config.PublicURL,
		Secure: a.Config.Secure(), Now: a.Config.now, Log: a.Log}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s := web.NewServer(web.Options{Log: a.Log, Secure: env.Secure, Metrics: reg})

	authHandlers := auth.NewHandlers(a.Auth, env.Secure)
	authHandlers.OnAccountChange = a.recordAccountChange
	cs := clients.NewService(a.DB)
	ls := links.NewService(a.DB, cs, env.Now)
	ls.SendThrough(a.Mailer, a.Texter, env.PublicURL)
	linkHandlers := links.NewHandlers(ls, env.Secure, env.PublicURL)
	// The claim group first: the client group, made after it, keeps /api/homework's unknown paths.
	claim := linkHandlers.ClaimGroup(s.API)
	r := routing{server: s, staff: authHandlers.Guard(s.API, a.recordDenied), client: linkHandlers.ClientGroup(s.API), claim: claim}
	r.staff.OnStranger = a.strangerRecorder(linkHandlers)

	as := assignments.NewService(a.DB, cs, env.Now)
	journal := checkins.NewService(a.DB, cs, env.Now)
	bs := billing.NewService(a.DB, a.Config.Stripe, env.PublicURL, env.Now)
	a.Auth.OnSignup = append(a.Auth.OnSignup, bs.StartTrial)
	// New work in a read-only practice is refused in each service that makes it, and every
	// team change that moves the seat count queues the subscription's change in its transaction.
	cs.Gate, as.Gate = bs.Writable, bs.Writable
	ts := team.NewService(a.DB)
	ts.Gate, ts.OnSeats, ts.Now = bs.Writable, bs.SeatsChanged, env.Now
	// Closing a practice cancels its subscription, by a job queued in the closing's transaction.
	pd := practicedata.NewService(env, a.Auth, a.Config.closedRetention())
	pd.OnClose = append(pd.OnClose, bs.PracticeClosed)
	mods := []module.Module{
		maintenance(a.DB, a.Config.Clock(), a.Log),
		auth.Module(env, authHandlers),
		team.Module(env, team.NewHandlers(ts, a.Auth, authHandlers)),
		clients.Module(env, cs),
		links.Module(linkHandlers),
		library.Module(library.NewService(a.DB, env.Now)),
		assignments.Module(as),
		safety.Module(safety.NewService(a.DB, cs, assignments.HoldTrustRepair, env.Now)),
		homework.Module(homework.NewService(a.DB, env.Now), journal),
		checkins.Module(env, journal),
		progress.Module(env, progress.NewService(a.DB, cs, env.Now)),
		reminders.Module(env, reminders.NewService(a.DB, cs, as, env.Now)),
		crisis.Module(crisis.NewService(a.DB)),
		devMailbox(a.Mailer),
		billing.Module(env, bs),
		digests.Module(digests.NewService(a.DB, a.Mailer, env.PublicURL, env.Now)),
		alertrules.Module(env, alertrules.NewService(a.DB, env.Now)),
		practicedata.Module(pd),
		demoStripe(a.Config),
	}
	// The audit trail names the records of every domain above, with the Namers they give.
	names := audit.Namers{}
	for _, m := range mods {
		maps.Copy(names, m.Names)
	}
	return append(mods, audit.Module(audit.NewService(a.DB, names))), r
}

// maintenance is the process's own periodic work: the sweep of what can no longer matter, and
// the sealing of clinical text stored before sealing (keys.go).
func maintenance(d *db.DB, now func() time.Time, log *slog.Logger) module.Module {
	return module.Module{Name: "maintenance",
		Workers: func(w *river.Workers) {
			river.AddWorker(w, &sweepWorker{DB: d, Now: now})
			river.AddWorker(w, &sealStoredWorker{DB: d, Log: log})
		},
		Periodic: []*river.PeriodicJob{module.Every(sweepInterval, sweepArgs{}), module.Every(time.Hour, sealStoredArgs{})}}
}

// devMailbox shows development's mailbox (notify is the outside channels, not a domain: it
// cannot present a Module, since module.Env names its Mailer).
func devMailbox(m notify.Mailer) module.Module {
	return module.Module{Name: "mailbox", Routes: func(r module.Routers) {
		if mb, ok := m.(*notify.Mailbox); ok {
			mb.Routes(r.Public)
		}
	}}
}

// demoStripe mounts development's stand-in for Stripe when there is no Stripe key
// (Config.demoStripe says when).
func demoStripe(c Config) module.Module {
	return module.Module{Name: "devstripe", Routes: func(r module.Routers) {
		if c.StripeMockURL != "" {
			devstripe.New(c.StripeMockURL, c.PublicURL, c.Stripe.WebhookSecret).Mount(r.Root)
		}
	}}
}
