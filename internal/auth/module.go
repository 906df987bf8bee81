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
			river.AddWorker(w, &SignupEmailWorker{Auth: h.svc, Mailer: env.Mailer, PublicURL: env.PublicURL})
		}}
}

// Routes registers the auth routes under g (the /api group).
func (h *Handlers) Routes(r module.Routers) {
	g := r.Public
	g.GET("/auth/csrf", h.csrf)
	g.POST("/auth/signup", h.signup)
	g.POST("/auth/signup/confirm", h.confirmSignup)
	g.POST("/auth/login", h.login)
	g.POST("/auth/logout", h.logout)
	// Before anything else, a member whose practice requires two-factor sign-in must set it
	// up: these routes (and logout, csrf) are open to them, RequireStaff routes are not.
	g.GET("/auth/me", h.me, h.requireSession)
	h.twoFactorRoutes(g)
	h.accountRoutes(g)
	h.switchRoutes(g)
}
