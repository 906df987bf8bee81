package clients

import "github.com/steadyhq/steady/internal/module"

// Module is clients and couples as the composition root mounts them.
func Module(svc *Service) module.Module {
	return module.Module{Name: "clients", Errors: Errors, Routes: (&handlers{svc: svc}).Routes,
		Names: map[string]module.Namer{"client": Names, "couple": CoupleNames}}
}
