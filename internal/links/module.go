package links

import "github.com/steadyhq/steady/internal/module"

// Module is homework links and client sessions as the composition root mounts them. The
// client router every other domain mounts on is h.ClientGroup, made before the routes.
func Module(h *Handlers) module.Module {
	return module.Module{Name: "links", Errors: Errors, Routes: h.Routes}
}
