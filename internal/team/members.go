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
	"github.com/steadyhq/steady/internal/module"
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
type Service struct {
	db *db.DB
	// Gate refuses invitations when the practice may take no new work (billing).
	Gate module.Gate
	// OnSeats runs in the transaction of every change that moves the count of active members
	// (billing queues the subscription's new quantity); change names the change.
	OnSeats func(ctx context.Context, tx *db.Tx, practiceID, change uuid.UUID) error
	// Now is the clock invitations expire by (app.Config's, so tests can step it); nil is the real one.
	Now func() time.Time
}

func (s *Service) now() time.Time { return module.Clock(s.Now)() }

// NewService builds the service.
func NewService(d *db.DB) *Service { return &Service{db: d} }

// Members lists the practice's members, active first, by name.
func (s *Service) Members(ctx context.Context, caller auth.Caller) ([]Member, error) {
	var out []Member
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) (err error) {
		out, err = members(ctx, tx)
		return err
	})
	return out, err
}

// members reads the memberships from practice and their people's names and addresses from
// auth, and keeps auth's order by name within active members, then the others.
func members(ctx context.Context, tx *db.Tx) ([]Member, error) {
	ms, err := practice.Members(ctx, tx)
	if err != nil {
		return nil, err
	}
	byUser := make(map[uuid.UUID]practice.Member, len(ms))
	ids := make([]uuid.UUID, len(ms))
	for i, m := range ms {
		byUser[m.UserID], ids[i] = m, m.UserID
	}
	people, err := auth.UsersByName(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Member, 0, len(people))
	for _, active := range []bool{true, false} {
		for _, p := range people {
			if m := byUser[p.ID]; (m.Status == practice.StatusActive) == active {
				out = append(out, Member{UserID: p.ID, Name: p.Name, Email: p.Email, Role: string(m.Role),
					Status: m.Status, CreatedAt: m.CreatedAt})
			}
		}
	}
	return out, nil
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
