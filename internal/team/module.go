package team

import (
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/module"
)

// Module is the practice's team, invitations and settings as the composition root mounts them.
func Module(env module.Env, h *Handlers) module.Module {
	return module.Module{Name: "team", Errors: Errors, Routes: h.Routes,
		Workers: func(w *river.Workers) {
			river.AddWorker(w, &InviteWorker{DB: env.DB, Mailer: env.Mailer, PublicURL: env.PublicURL})
		}}
}
