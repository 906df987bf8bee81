package progress

import (
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/practice"
)

// Module is progress and the caseload as the composition root mounts them, with the job that
// keeps the caseload's stored summary fresh.
func Module(env module.Env, svc *Service) module.Module {
	return module.Module{Name: "progress", Routes: (&handlers{svc: svc}).Routes,
		Workers: func(w *river.Workers) {
			river.AddWorker(w, &AttentionWorker{DB: env.DB, Now: env.Now})
		},
		Periodic: []*river.PeriodicJob{module.Every(AttentionInterval, AttentionArgs{})}}
}

// Routes registers the routes; each member sees only the clients they may see.
func (h *handlers) Routes(rs module.Routers) {
	r := rs.Staff
	r.GET("/clients/:id/progress", practice.ClinicalRecord, auth.OnRecord(clients.ErrNotFound, h.svc.ForClient, clientJSON, auth.Private))
	r.GET("/couples/:id/progress", practice.ClinicalRecord, auth.OnRecord(clients.ErrNotFound, h.svc.ForCouple, coupleJSON, auth.Private))
	r.GET("/caseload", practice.AnyMember, h.caseload)
	r.GET("/clients/:id/export", practice.ClinicalRecord, h.export)
	r.GET("/clients/:id/report", practice.ClinicalRecord, h.report)
}
