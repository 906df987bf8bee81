package billing

import (
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/practice"
)

// Module is billing as the composition root mounts it.
func Module(svc *Service) module.Module {
	h := &handlers{svc: svc}
	return module.Module{Name: "billing", Errors: Errors, Routes: h.routes,
		Workers: func(w *river.Workers) { river.AddWorker(w, &SyncWorker{Billing: svc}) }}
}

// routes mounts the webhook outside /api: Stripe signs the body, so it carries no session and
// no CSRF token.
func (h *handlers) routes(r module.Routers) {
	r.Root.POST("/stripe/webhook", h.webhook)
	r.Staff.GET("/billing", practice.ManageBilling, h.state)
}
