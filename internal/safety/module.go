package safety

import (
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/practice"
)

// Module is safety screens as the composition root mounts them.
func Module(svc *Service) module.Module {
	return module.Module{Name: "safety", Errors: Errors, Routes: (&handlers{svc: svc}).Routes}
}

// Routes registers the staff routes; a member sees the screens of the couples they may see.
func (h *handlers) Routes(rs module.Routers) {
	r := rs.Staff
	r.GET("/couples/:id/safety-screens", practice.ClinicalRecord, auth.OnRecord(clients.ErrNotFound, h.svc.Screens, screensJSON, false))
	r.POST("/couples/:id/safety-screens", practice.ClinicalRecord, h.recordScreen)
}
