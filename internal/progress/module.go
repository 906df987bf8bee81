package progress

import (
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/module"
)

// Module is progress and the caseload as the composition root mounts them, with the job that
// keeps the caseload's stored summary fresh.
func Module(env module.Env, svc *Service) module.Module {
	return module.Module{Name: "progress", Routes: (&handlers{svc: svc}).Routes,
		Workers: func(w *river.Workers) {
			river.AddWorker(w, &AttentionWorker{DB: env.DB, Now: env.Now})
		},
		Periodic: []*river.PeriodicJob{module.Every(AttentionInterval, AttentionArgs{})}}
}
