package audit

import (
	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/practice"
)

// Module is the audit trail's routes as the composition root mounts them. Recording into the
// trail is audit.Record, called by every domain inside its own transaction.
func Module(svc *Service) module.Module {
	return module.Module{Name: "audit", Routes: (&handlers{svc: svc}).Routes}
}

// Routes registers GET /audit (JSON, newest first, paged by before_id) and GET /audit/export
// (CSV of everything matching, up to exportLimit rows).
func (h *handlers) Routes(rs module.Routers) {
	r := rs.Staff
	r.GET("/audit", practice.ViewAudit, h.list)
	r.GET("/audit/export", practice.ViewAudit, h.export)
}
