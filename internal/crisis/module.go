package crisis

import "github.com/steadyhq/steady/internal/module"

// Module is the practice's crisis support as the composition root mounts it.
func Module(svc *Service) module.Module {
	return module.Module{Name: "crisis", Routes: (&handlers{svc: svc}).Routes}
}
