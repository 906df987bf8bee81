package clients

import (
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/practice"
)

// Module is clients and couples as the composition root mounts them, with the worker that
// tells clinicians of an owner's emergency access.
func Module(env module.Env, svc *Service) module.Module {
	return module.Module{Name: "clients", Errors: Errors, Routes: (&handlers{svc: svc}).Routes,
		Names: map[string]module.Namer{"client": Names, "couple": CoupleNames},
		Workers: func(w *river.Workers) {
			river.AddWorker(w, &EmergencyEmailWorker{DB: env.DB, Mailer: env.Mailer, PublicURL: env.PublicURL})
		}}
}

// Routes registers the routes; each member sees only what their role and assignments allow.
func (h *handlers) Routes(rs module.Routers) {
	r := rs.Staff
	r.GET("/clients", practice.AnyMember, h.list)
	r.POST("/clients", practice.AnyMember, h.create)
	r.GET("/clients/:id", practice.AnyMember, auth.OnRecord(ErrNotFound, h.svc.Get, toDetailJSON, auth.Private))
	r.PATCH("/clients/:id", practice.AnyMember, h.update)
	r.POST("/clients/:id/archive", practice.AnyMember, h.archive(true))
	r.POST("/clients/:id/restore", practice.AnyMember, h.archive(false))
	r.DELETE("/clients/:id", practice.DeleteClientData, h.erase)
	r.GET("/couples", practice.AnyMember, h.listCouples)
	r.POST("/couples", practice.AnyMember, h.createCouple)
	r.GET("/couples/:id", practice.AnyMember, auth.OnRecord(ErrNotFound, h.svc.GetCouple, toCoupleJSON, auth.Private))
	r.POST("/clients/:id/emergency-access", practice.EmergencyAccess, h.openEmergency(false))
	r.DELETE("/clients/:id/emergency-access", practice.EmergencyAccess, h.endEmergency(false))
	r.POST("/couples/:id/emergency-access", practice.EmergencyAccess, h.openEmergency(true))
	r.DELETE("/couples/:id/emergency-access", practice.EmergencyAccess, h.endEmergency(true))
}
