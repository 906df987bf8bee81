package team

import (
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/practice"
)

// Module is the practice's team, invitations and settings as the composition root mounts them.
func Module(env module.Env, h *Handlers) module.Module {
	return module.Module{Name: "team", Errors: Errors, Routes: h.Routes,
		Workers: func(w *river.Workers) {
			river.AddWorker(w, &InviteWorker{DB: env.DB, Mailer: env.Mailer, PublicURL: env.PublicURL, Now: env.Now})
		}}
}

// Routes registers the team routes.
func (h *Handlers) Routes(rs module.Routers) {
	r := rs.Staff
	rs.Public.GET("/invitations/preview", h.preview)
	rs.Public.POST("/invitations/accept", h.accept)
	r.GET("/team/members", practice.AnyMember, h.members)
	r.PATCH("/team/members/:id", practice.ManageTeam, h.setRole)
	r.POST("/team/members/:id/deactivate", practice.ManageTeam, h.setActive(false))
	r.POST("/team/members/:id/reactivate", practice.ManageTeam, h.setActive(true))
	r.POST("/team/members/:id/make-owner", practice.TransferOwnership, h.makeOwner)
	r.GET("/practice", practice.AnyMember, h.getSettings)
	r.PATCH("/practice", practice.ManageSettings, h.updateSettings)
	r.GET("/team/invitations", practice.ManageTeam, h.invitations)
	r.POST("/team/invitations", practice.ManageTeam, h.invite)
	r.POST("/team/invitations/:id/resend", practice.ManageTeam, h.resend)
	r.DELETE("/team/invitations/:id", practice.ManageTeam, h.revoke)
}
