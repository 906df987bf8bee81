// Package team runs a practice's people and settings: the member list, roles, deactivation,
// invitations, and the practice's own settings.
package team

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/web"
)

// ErrNotFound means no such member or invitation in this practice.
var ErrNotFound = errors.New("team: not found")

// Errors maps this domain's sentinel errors to answers.
var Errors = web.ErrorMap{
	ErrNotFound: web.NewError(http.StatusNotFound, "not_found", "There is no such member or invitation in this practice."),
	ErrOwnerProtected: web.NewError(http.StatusConflict, "owner_protected",
		"The owner's role and access can only change by transferring ownership."),
	ErrInvitationInvalid: web.NewError(http.StatusGone, "invitation_invalid",
		"This invitation link is no longer valid: it may have been used, replaced, revoked or have expired. Ask the practice for a new one."),
	ErrAlreadyMember: web.NewError(http.StatusConflict, "already_member", "This person is already a member of the practice."),
	ErrAlreadyInvited: web.FieldError(http.StatusConflict, "already_invited", "email",
		"This email already has an open invitation. Resend it instead."),
	ErrSelf: web.NewError(http.StatusConflict, "own_membership",
		"You cannot change your own role or deactivate yourself. Ask another admin."),
}

// Member is a person in the practice, as the team page lists them.
type Member struct {
	UserID    uuid.UUID
	Name      string
	Email     string
	Role      string
	Status    string
	CreatedAt time.Time
}

// Service runs the team rules.
type Service struct{ db *db.DB }

// NewService builds the service.
func NewService(d *db.DB) *Service { return &Service{db: d} }

// membersSQL reads the practice's members with their names, active first.
const membersSQL = `SELECT m.user_id, u.name, u.email, m.role, m.status, m.created_at
	FROM memberships m JOIN users u ON u.id = m.user_id
	ORDER BY m.status = 'active' DESC, u.name`

// Members lists the practice's members, active first, by name.
func (s *Service) Members(ctx context.Context, caller auth.Caller) ([]Member, error) {
	var out []Member
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		return tx.Gorm.Raw(membersSQL).Scan(&out).Error
	})
	return out, err
}

// Handlers serves the team routes.
type Handlers struct {
	svc          *Service
	auth         *auth.Service
	authHandlers *auth.Handlers
}

// NewHandlers builds the handlers; accepting an invitation creates accounts and sessions
// through auth.
func NewHandlers(svc *Service, a *auth.Service, ah *auth.Handlers) *Handlers {
	return &Handlers{svc: svc, auth: a, authHandlers: ah}
}

// Routes registers the team routes.
func (h *Handlers) Routes(r *auth.Guarded) {
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

// PublicRoutes registers the invitation pages' routes, which need no session: the token is
// the credential.
func (h *Handlers) PublicRoutes(g *echo.Group) {
	g.GET("/invitations/preview", h.preview)
	g.POST("/invitations/accept", h.accept)
}

type memberJSON struct {
	UserID    string    `json:"user_id"`
	Name      string    `json:"name"`
	Email     string    `json:"email"`
	Role      string    `json:"role"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
}

func (h *Handlers) members(c echo.Context) error {
	ms, err := h.svc.Members(c.Request().Context(), auth.CallerFrom(c))
	if err != nil {
		return err
	}
	out := make([]memberJSON, len(ms))
	for i, m := range ms {
		out[i] = memberJSON{UserID: m.UserID.String(), Name: m.Name, Email: m.Email, Role: m.Role,
			Status: m.Status, CreatedAt: m.CreatedAt}
	}
	return c.JSON(http.StatusOK, map[string]any{"members": out})
}
