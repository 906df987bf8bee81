package checkins

import (
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/practice"
)

// Module is the journal, measures and risk alerts as the composition root mounts them.
func Module(env module.Env, svc *Service) module.Module {
	return module.Module{Name: "checkins", Errors: Errors, Routes: (&handlers{svc: svc}).Routes,
		Workers: func(w *river.Workers) {
			river.AddWorker(w, &AlertWorker{DB: env.DB, Mailer: env.Mailer, PublicURL: env.PublicURL})
		},
		Names: map[string]module.Namer{"alert": AlertNames}}
}

// Routes registers the staff route and the client route (behind a client session).
func (h *handlers) Routes(r module.Routers) {
	staff, client := r.Staff, r.Client
	staff.GET("/clients/:id/journal", practice.ClinicalRecord, auth.OnRecord(clients.ErrNotFound, h.svc.ForClinician, entriesJSON, auth.Private))
	staff.GET("/alerts", practice.AnyMember, h.alerts)
	staff.POST("/alerts/:id/acknowledge", practice.ClinicalRecord, h.moveAlert((*Service).Acknowledge))
	staff.POST("/alerts/:id/resolve", practice.ClinicalRecord, h.moveAlert((*Service).Resolve))
	client.POST("/journal", h.write)
}
