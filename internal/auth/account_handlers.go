package auth

import (
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/web"
)

// accountRoutes registers a person's own sessions, password change and password reset.
func (h *Handlers) accountRoutes(g *echo.Group) {
	g.GET("/auth/sessions", h.sessions, h.RequireStaff)
	g.DELETE("/auth/sessions/:id", h.endSession, h.RequireStaff, h.audited("account.session_end"))
	g.POST("/auth/password", h.changePassword, h.RequireStaff, h.audited("account.password_change"))
	g.POST("/auth/password-reset", h.requestReset)
	g.POST("/auth/password-reset/confirm", h.confirmReset)
}

type sessionJSON struct {
	ID         string    `json:"id"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	IP         string    `json:"ip"`
	UserAgent  string    `json:"user_agent"`
	Current    bool      `json:"current"`
}

type sessionsJSON struct {
	Sessions []sessionJSON `json:"sessions"`
}

type passwordChangeRequest struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

type resetRequest struct {
	Email string `json:"email"`
}

type resetConfirmRequest struct {
	Token       string `json:"token"`
	NewPassword string `json:"new_password"`
}

func (h *Handlers) sessions(c echo.Context) error {
	list, err := h.svc.Sessions(c.Request().Context(), StaffFrom(c))
	if err != nil {
		return err
	}
	out := sessionsJSON{Sessions: make([]sessionJSON, len(list))}
	for i, s := range list {
		out.Sessions[i] = sessionJSON{ID: s.ID.String(), CreatedAt: s.CreatedAt, LastSeenAt: s.LastSeenAt,
			IP: s.IP, UserAgent: s.UserAgent, Current: s.Current}
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, out)
}

func (h *Handlers) endSession(c echo.Context) error {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		return ErrSessionNotFound
	}
	current, err := h.svc.EndSession(c.Request().Context(), StaffFrom(c), id)
	if err != nil {
		return err
	}
	if current { // ending this browser's own session is logging out
		c.SetCookie(h.cookie("", -1))
		web.SetCSRFCookie(c, h.secure)
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *Handlers) changePassword(c echo.Context) error {
	var req passwordChangeRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	if err := h.svc.ChangePassword(c.Request().Context(), StaffFrom(c), req.CurrentPassword, req.NewPassword); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// requestReset answers 202 whether or not the address has an account.
func (h *Handlers) requestReset(c echo.Context) error {
	var req resetRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	if err := h.svc.RequestPasswordReset(c.Request().Context(), req.Email, clientOf(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusAccepted)
}

func (h *Handlers) confirmReset(c echo.Context) error {
	var req resetConfirmRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	if err := h.svc.ConfirmPasswordReset(c.Request().Context(), req.Token, req.NewPassword, clientOf(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
