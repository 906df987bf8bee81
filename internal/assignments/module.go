package assignments

import (
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/practice"
)

// Module is assignments as the composition root mounts them.
func Module(svc *Service) module.Module {
	return module.Module{Name: "assignments", Errors: Errors, Routes: (&handlers{svc: svc}).Routes,
		Names: map[string]module.Namer{"assignment": Names}}
}

// Routes registers the staff routes; what a member sees follows who they may see.
func (h *handlers) Routes(rs module.Routers) {
	r := rs.Staff
	r.POST("/assignments", practice.ClinicalRecord, h.assign)
	r.GET("/assignments/:id", practice.ClinicalRecord, auth.OnRecord(clients.ErrNotFound, h.svc.GetAssignment, ToJSON, auth.Private))
	r.POST("/assignments/:id/pause", practice.ClinicalRecord, auth.OnRecord(clients.ErrNotFound, h.svc.Pause, ToJSON, false))
	r.POST("/assignments/:id/resume", practice.ClinicalRecord, auth.OnRecord(clients.ErrNotFound, h.svc.Resume, ToJSON, false))
	r.POST("/assignments/:id/stop", practice.ClinicalRecord, auth.OnRecord(clients.ErrNotFound, h.svc.Stop, ToJSON, false))
	r.GET("/clients/:id/assignments", practice.ClinicalRecord,
		auth.OnRecord(clients.ErrNotFound, h.svc.ClientAssignments, listJSON, auth.Private))
	r.GET("/couples/:id/assignments", practice.ClinicalRecord,
		auth.OnRecord(clients.ErrNotFound, h.svc.CoupleAssignments, partnersJSON, auth.Private))
}
