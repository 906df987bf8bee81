package billing

import (
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/practice"
)

// Module is billing as the composition root mounts it.
func Module(env module.Env, svc *Service) module.Module {
	h := &handlers{svc: svc}
	return module.Module{Name: "billing", Errors: Errors, Routes: h.routes,
		Workers: func(w *river.Workers) {
			river.AddWorker(w, &SyncWorker{Billing: svc})
			river.AddWorker(w, &SeatWorker{Billing: svc})
			river.AddWorker(w, &ReconcileWorker{Billing: svc})
			river.AddWorker(w, &CancelWorker{Billing: svc})
			river.AddWorker(w, &NoticeWorker{DB: env.DB, Mailer: env.Mailer, PublicURL: env.PublicURL})
		},
		Periodic: []*river.PeriodicJob{module.Every(ReconcileInterval, ReconcileArgs{})}}
}

// routes mounts the webhook outside /api: Stripe signs the body, so it carries no session and
// no CSRF token.
func (h *handlers) routes(r module.Routers) {
	r.Root.POST("/stripe/webhook", h.webhook)
	r.Staff.GET("/billing", practice.ManageBilling, h.state)
	r.Staff.POST("/billing/checkout", practice.ManageBilling, h.checkout)
	r.Staff.POST("/billing/portal", practice.ManageBilling, h.portal)
	r.Staff.GET("/billing/seat-preview", practice.ManageBilling, h.seatPreview)
	r.Staff.GET("/practice/standing", practice.AnyMember, h.standing)
}
