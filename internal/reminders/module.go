package reminders

import (
	"time"

	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/practice"
)

// DispatchInterval is how often due reminders are handed to send jobs.
const DispatchInterval = time.Minute

// Module is reminders as the composition root mounts them: the routes, the dispatcher that
// runs every minute, the sender on its own queue, and the notice of a client left without a
// live link.
func Module(env module.Env, svc *Service) module.Module {
	return module.Module{Name: "reminders", Routes: (&handlers{svc: svc}).Routes,
		Workers: func(w *river.Workers) {
			river.AddWorker(w, &DispatchWorker{DB: env.DB, Key: env.Key, Now: env.Now})
			river.AddWorker(w, &LinkNoticeWorker{DB: env.DB, Mailer: env.Mailer, PublicURL: env.PublicURL})
			river.AddWorker(w, &SendWorker{DB: env.DB, Mailer: env.Mailer, Texter: env.Texter, Key: env.Key,
				PublicURL: env.PublicURL, Now: env.Now, Log: env.Log})
		},
		Periodic: []*river.PeriodicJob{module.Every(DispatchInterval, DispatchArgs{})},
		Queues:   map[string]river.QueueConfig{Queue: QueueConfig()}}
}

// Routes registers the staff routes.
func (h *handlers) Routes(r module.Routers) {
	r.Staff.GET("/clients/:id/reminders", practice.ClinicalRecord, h.log)
	r.Staff.PUT("/assignments/:id/reminders", practice.ClinicalRecord, h.setReminders)
	r.Client.GET("/reminders", h.getChoices)
	r.Client.PUT("/reminders", h.setChoices)
	// The unsubscribe page is outside /api (a mail app's one-click POST carries no CSRF token;
	// the token in the address is the proof). GET only shows a button, because mail scanners
	// open links; POST does it.
	r.Root.GET("/unsubscribe/:token", h.unsubscribePage)
	r.Root.POST("/unsubscribe/:token", h.unsubscribe)
}
