package library

import "github.com/steadyhq/steady/internal/module"

// Module is the library and the practice's templates as the composition root mounts them.
func Module(svc *Service) module.Module {
	return module.Module{Name: "library", Errors: Errors, Routes: (&handlers{svc: svc}).Routes,
		Names: map[string]module.Namer{"template": TemplateNames}}
}
