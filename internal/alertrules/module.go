package alertrules

import (
	"net/http"

	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/web"
)

// Errors maps this domain's errors to answers.
var Errors = web.ErrorMap{
	ErrNotClinician: web.NewError(http.StatusNotFound, "not_found", "There is no such member in this practice."),
}

// Module is alert rules as the composition root mounts it.
func Module(env module.Env, svc *Service) module.Module {
	h := &handlers{svc: svc}
	return module.Module{Name: "alertrules", Errors: Errors, Routes: h.routes,
		Workers: func(w *river.Workers) {
			river.AddWorker(w, &EvaluateWorker{Rules: svc})
			river.AddWorker(w, &EmailWorker{DB: env.DB, Mailer: env.Mailer, PublicURL: env.PublicURL})
		},
		Periodic: []*river.PeriodicJob{module.Every(EvaluateInterval, EvaluateArgs{})}}
}

// routes: the practice's rules (read by every member, set by owners and admins), a member's
// own override, and the caller's own rule alerts.
func (h *handlers) routes(r module.Routers) {
	r.Staff.GET("/alert-rules", practice.AnyMember, h.getPractice)
	r.Staff.PUT("/alert-rules", practice.ManageSettings, h.putPractice)
	r.Staff.GET("/alert-rules/members/:id", practice.AnyMember, h.getMember)
	r.Staff.PUT("/alert-rules/members/:id", practice.AnyMember, h.putMember)
	r.Staff.DELETE("/alert-rules/members/:id", practice.AnyMember, h.deleteMember)
	r.Staff.GET("/rule-alerts", practice.AnyMember, h.mine)
	r.Staff.POST("/rule-alerts/seen", practice.AnyMember, h.seen)
}
