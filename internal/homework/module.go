package homework

import (
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/module"
)

// Module is the client's homework as the composition root mounts it.
func Module(svc *Service, journal *checkins.Service) module.Module {
	return module.Module{Name: "homework", Errors: Errors, Routes: (&handlers{svc: svc, journal: journal}).Routes}
}

// ClientRoutes registers the client's routes on the homework group (behind a client session).
// Everything here is read by the session's client id: a link never shows anyone else's data.
func (h *handlers) Routes(r module.Routers) {
	r.Client.GET("/today", h.today)
	r.Client.GET("/tasks/:assignment_id/:date", h.task)
	r.ClientClaim.POST("/responses", h.submit) // the session is checked in the answer's transaction
	r.Client.GET("/history", h.history)
	r.Client.GET("/week", h.week)
}
