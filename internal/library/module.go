package library

import (
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/practice"
)

// Module is the library and the practice's templates as the composition root mounts them.
func Module(svc *Service) module.Module {
	return module.Module{Name: "library", Errors: Errors, Routes: (&handlers{svc: svc}).Routes,
		Names: map[string]module.Namer{"template": TemplateNames}}
}

// Routes registers the staff routes.
func (h *handlers) Routes(rs module.Routers) {
	r := rs.Staff
	r.GET("/exercises/library", practice.AnyMember, h.library)
	r.GET("/exercises/templates", practice.AnyMember, h.listTemplates)
	r.POST("/exercises/templates", practice.AnyMember, h.createTemplate)
	r.GET("/exercises/templates/:id", practice.AnyMember, auth.OnRecord(ErrNotFound, h.svc.GetTemplate, toTemplateJSON, false))
	r.PUT("/exercises/templates/:id", practice.AnyMember, h.updateTemplate)
	r.POST("/exercises/templates/:id/archive", practice.AnyMember,
		auth.OnRecord(ErrNotFound, h.svc.ArchiveTemplate, toTemplateJSON, false))
}
