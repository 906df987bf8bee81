package audit

import "github.com/steadyhq/steady/internal/module"

// Module is the audit trail's routes as the composition root mounts them. Recording into the
// trail is audit.Record, called by every domain inside its own transaction.
func Module(svc *Service) module.Module {
	return module.Module{Name: "audit", Routes: (&handlers{svc: svc}).Routes}
}
