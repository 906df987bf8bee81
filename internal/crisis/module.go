package crisis

import (
	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/practice"
)

// Module is the practice's crisis support as the composition root mounts it.
func Module(svc *Service) module.Module {
	return module.Module{Name: "crisis", Routes: (&handlers{svc: svc}).Routes}
}

// Routes registers the client's page (behind a client session) and, for the settings page,
// Steady's default for a country.
func (h *handlers) Routes(r module.Routers) {
	r.Client.GET("/crisis", h.forClient)
	r.Staff.GET("/practice/crisis-default", practice.AnyMember, h.defaultFor)
}
