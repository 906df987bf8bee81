package team

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/web"
)

type inviteRequest struct {
	Email string `json:"email"`
	Role  string `json:"role"`
}

type invitationJSON struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Role      string    `json:"role"`
	Sends     int       `json:"sends"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	Expired   bool      `json:"expired"`
}

func toInvitationJSON(i *Invitation, now time.Time) invitationJSON {
	return invitationJSON{ID: i.ID.String(), Email: i.Email, Role: i.Role, Sends: i.Sends, CreatedAt: i.CreatedAt,
		ExpiresAt: i.ExpiresAt, Expired: !now.Before(i.ExpiresAt)}
}

type acceptRequest struct {
	Token    string `json:"token"`
	Name     string `json:"name"`
	Password string `json:"password"`
}

func (h *Handlers) invite(c echo.Context) error {
	var req inviteRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	inv, err := h.svc.Invite(c.Request().Context(), auth.CallerFrom(c), req.Email, practice.Role(req.Role))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toInvitationJSON(inv, h.svc.now()))
}

func (h *Handlers) invitations(c echo.Context) error {
	invs, err := h.svc.Invitations(c.Request().Context(), auth.CallerFrom(c))
	if err != nil {
		return err
	}
	out := make([]invitationJSON, len(invs))
	now := h.svc.now()
	for i := range invs {
		out[i] = toInvitationJSON(&invs[i], now)
	}
	return c.JSON(http.StatusOK, map[string]any{"invitations": out})
}

func (h *Handlers) resend(c echo.Context) error {
	id, err := memberID(c)
	if err != nil {
		return err
	}
	if err := h.svc.Resend(c.Request().Context(), auth.CallerFrom(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *Handlers) revoke(c echo.Context) error {
	id, err := memberID(c)
	if err != nil {
		return err
	}
	if err := h.svc.Revoke(c.Request().Context(), auth.CallerFrom(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// preview answers GET without changing anything: mail scanners open links before people do.
func (h *Handlers) preview(c echo.Context) error {
	p, err := h.svc.PreviewInvitation(c.Request().Context(), c.QueryParam("token"), c.RealIP())
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{"practice_name": p.PracticeName, "email": p.Email,
		"role": p.Role, "existing_account": p.ExistingAccount})
}

func (h *Handlers) accept(c echo.Context) error {
	var req acceptRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	joined, err := h.svc.Accept(c.Request().Context(), h.auth, AcceptInput(req), auth.ClientOf(c))
	if err != nil {
		return err
	}
	if joined.Token != "" {
		h.authHandlers.SetSessionCookie(c, joined.Token)
	}
	return c.JSON(http.StatusOK, map[string]bool{"login_required": joined.LoginRequired})
}
