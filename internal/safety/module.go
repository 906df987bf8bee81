package safety

import "github.com/steadyhq/steady/internal/module"

// Module is safety screens as the composition root mounts them.
func Module(svc *Service) module.Module {
	return module.Module{Name: "safety", Errors: Errors, Routes: (&handlers{svc: svc}).Routes}
}
