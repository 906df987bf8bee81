package links

import (
	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/practice"
)

// Module is homework links and client sessions as the composition root mounts them. The
// client router every other domain mounts on is h.ClientGroup, made before the routes.
func Module(h *Handlers) module.Module {
	return module.Module{Name: "links", Errors: Errors, Routes: h.Routes}
}

// Routes registers the staff routes (a member who may see the client) and the client routes.
func (h *Handlers) Routes(r module.Routers) {
	staff, api, client := r.Staff, r.Public, r.Client
	staff.GET("/clients/:id/homework-link", practice.ClinicalRecord, h.getLink)
	staff.POST("/clients/:id/homework-link", practice.ClinicalRecord, h.createLink)
	staff.POST("/clients/:id/homework-link/renew", practice.ClinicalRecord, h.renewLink)
	staff.POST("/clients/:id/homework-link/send", practice.ClinicalRecord, h.sendLink)
	staff.DELETE("/clients/:id/homework-link", practice.ClinicalRecord, h.revokeLink)
	staff.POST("/clients/:id/pin/reset", practice.ClinicalRecord, h.resetPIN)
	api.POST("/homework/session", h.startSession, noStore)
	api.POST("/homework/logout", h.logout, noStore)
	client.GET("/me", h.me)
	client.POST("/pin", h.setPIN)
	client.POST("/pin/verify", h.verifyPIN)
}
