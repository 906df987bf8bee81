package digests

import (
	"net/http"

	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/web"
)

// Errors maps this domain's errors to answers.
var Errors = web.ErrorMap{
	ErrNotFound: web.NewError(http.StatusNotFound, "not_found", "There is no such digest, or it is not yours to see."),
}

// Module is digests as the composition root mounts it.
func Module(svc *Service) module.Module {
	h := &handlers{svc: svc}
	return module.Module{Name: "digests", Errors: Errors, Routes: h.routes,
		Workers: func(w *river.Workers) {
			river.AddWorker(w, &DispatchWorker{Digests: svc})
			river.AddWorker(w, &SendWorker{Digests: svc})
		},
		Periodic: []*river.PeriodicJob{module.Every(DispatchInterval, DispatchArgs{})}}
}

// routes: each member's own digests and settings; the unsubscribe page outside /api (a mail
// app's one-click POST carries no CSRF token; the token in the address is the proof).
func (h *handlers) routes(r module.Routers) {
	r.Staff.GET("/digests", practice.AnyMember, h.list)
	r.Staff.GET("/digests/settings", practice.AnyMember, h.getSettings)
	r.Staff.PUT("/digests/settings", practice.AnyMember, h.putSettings)
	r.Staff.GET("/digests/:id", practice.AnyMember, h.get)
	r.Root.GET("/digests/unsubscribe/:token", h.unsubscribePage)
	r.Root.POST("/digests/unsubscribe/:token", h.unsubscribe)
}
