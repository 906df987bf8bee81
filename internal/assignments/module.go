package assignments

import "github.com/steadyhq/steady/internal/module"

// Module is assignments as the composition root mounts them.
func Module(svc *Service) module.Module {
	return module.Module{Name: "assignments", Errors: Errors, Routes: (&handlers{svc: svc}).Routes,
		Names: map[string]module.Namer{"assignment": Names}}
}
