package auth

import (
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/module"
)

// Module is sign-up, sign-in and accounts as the composition root mounts them. Its Guard is
// what every other domain's staff routes hang from (module.Routers.Staff).
func Module(env module.Env, h *Handlers) module.Module {
	return module.Module{Name: "auth", Errors: Errors, Routes: h.Routes,
		Workers: func(w *river.Workers) {
			river.AddWorker(w, &WelcomeWorker{DB: env.DB, Mailer: env.Mailer, PublicURL: env.PublicURL})
			river.AddWorker(w, &ResetWorker{Auth: h.svc, Mailer: env.Mailer, PublicURL: env.PublicURL})
		}}
}
