package homework

import (
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/module"
)

// Module is the client's homework as the composition root mounts it.
func Module(svc *Service, journal *checkins.Service) module.Module {
	return module.Module{Name: "homework", Errors: Errors, Routes: (&handlers{svc: svc, journal: journal}).Routes}
}
