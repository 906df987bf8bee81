package auth

import (
	"context"
	"errors"
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/web"
)

// ErrNotMember is a switch to a practice the person is not an active member of.
var ErrNotMember = errors.New("auth: not a member of that practice")

// Membership is one practice a person can work in.
type Membership struct {
	PracticeID uuid.UUID
	Name       string
	Role       practice.Role
}

// Practices lists the practices the person of staff is an active member of. Each name is read
// inside that practice's own scope, where the person is a member.
func (s *Service) Practices(ctx context.Context, staff *Staff) ([]Membership, error) {
	var ms []userPractice
	if err := s.db.InGlobal(ctx, func(tx *db.Tx) error {
		var err error
		ms, err = userPractices(ctx, tx, staff.UserID)
		return err
	}); err != nil {
		return nil, err
	}
	out := make([]Membership, 0, len(ms))
	for _, m := range ms {
		var p *practice.Practice
		err := s.db.InTenant(ctx, db.Scope{PracticeID: m.PracticeID, UserID: staff.UserID}, func(tx *db.Tx) error {
			var err error
			p, err = practice.Get(ctx, tx, m.PracticeID)
			return err
		})
		if err != nil {
			return nil, err
		}
		out = append(out, Membership{PracticeID: m.PracticeID, Name: p.Name, Role: practice.Role(m.Role)})
	}
	return out, nil
}

// Switch moves the session of staff to another practice the person belongs to, without a new
// log-in.
func (s *Service) Switch(ctx context.Context, staff *Staff, practiceID uuid.UUID) (*Profile, error) {
	var target *Staff
	err := s.db.InGlobal(ctx, func(tx *db.Tx) error {
		ms, err := userPractices(ctx, tx, staff.UserID)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.PracticeID == practiceID {
				target = &Staff{UserID: staff.UserID, PracticeID: practiceID, Role: practice.Role(m.Role), tokenHash: staff.tokenHash}
			}
		}
		if target == nil {
			return ErrNotMember
		}
		return tx.Gorm.Model(&session{}).Where("token_hash = ?", db.Bytes(staff.tokenHash)).
			Update("current_practice_id", practiceID).Error
	})
	if err != nil {
		return nil, err
	}
	return s.Profile(ctx, target)
}

type switchRequest struct {
	PracticeID string `json:"practice_id"`
}

type membershipJSON struct {
	PracticeID string `json:"practice_id"`
	Name       string `json:"name"`
	Role       string `json:"role"`
	Current    bool   `json:"current"`
}

func (h *Handlers) switchRoutes(g *echo.Group) {
	g.GET("/auth/practices", h.practices, h.requireSession)
	g.POST("/auth/switch", h.switchPractice, h.requireSession)
}

func (h *Handlers) practices(c echo.Context) error {
	staff := StaffFrom(c)
	ms, err := h.svc.Practices(c.Request().Context(), staff)
	if err != nil {
		return err
	}
	out := make([]membershipJSON, len(ms))
	for i, m := range ms {
		out[i] = membershipJSON{PracticeID: m.PracticeID.String(), Name: m.Name, Role: string(m.Role),
			Current: m.PracticeID == staff.PracticeID}
	}
	return c.JSON(http.StatusOK, map[string]any{"practices": out})
}

func (h *Handlers) switchPractice(c echo.Context) error {
	var req switchRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	id, err := uuid.Parse(req.PracticeID)
	if err != nil {
		return ErrNotMember
	}
	prof, err := h.svc.Switch(c.Request().Context(), StaffFrom(c), id)
	if err != nil {
		return err
	}
	web.SetCSRFCookie(c, h.secure)
	return c.JSON(http.StatusOK, toMe(prof))
}
