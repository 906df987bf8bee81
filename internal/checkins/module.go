package checkins

import (
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/module"
)

// Module is the journal, measures and risk alerts as the composition root mounts them.
func Module(env module.Env, svc *Service) module.Module {
	return module.Module{Name: "checkins", Errors: Errors, Routes: (&handlers{svc: svc}).Routes,
		Workers: func(w *river.Workers) {
			river.AddWorker(w, &AlertWorker{DB: env.DB, Mailer: env.Mailer, PublicURL: env.PublicURL})
		},
		Names: map[string]module.Namer{"alert": AlertNames}}
}
