package team

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/crisis"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/web"
)

type settingsJSON struct {
	Name                string `json:"name"`
	TimeZone            string `json:"time_zone"`
	ReminderWindowStart string `json:"reminder_window_start"`
	ReminderWindowEnd   string `json:"reminder_window_end"`
	QuietHoursStart     string `json:"quiet_hours_start"`
	QuietHoursEnd       string `json:"quiet_hours_end"`
	// Left out of a request, the two-factor and PIN rules stay as they are.
	RequireTwoFactor    *bool `json:"require_two_factor,omitempty"`
	HomeworkPINRequired *bool `json:"homework_pin_required,omitempty"`
	// Left out of a request, the crisis support stays as it is; always sent in an answer.
	Crisis *crisis.Support `json:"crisis,omitempty"`
}

type roleRequest struct {
	Role string `json:"role"`
}

func memberID(c echo.Context) (uuid.UUID, error) { return web.PathID(c, "id", ErrNotFound) }

func (h *Handlers) getSettings(c echo.Context) error {
	st, err := h.svc.GetSettings(c.Request().Context(), auth.CallerFrom(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, settingsJSON(*st))
}

func (h *Handlers) updateSettings(c echo.Context) error {
	var req settingsJSON
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	st, err := h.svc.UpdateSettings(c.Request().Context(), auth.CallerFrom(c), Settings(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, settingsJSON(*st))
}

func (h *Handlers) setRole(c echo.Context) error {
	id, err := memberID(c)
	if err != nil {
		return err
	}
	var req roleRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	if err := h.svc.SetRole(c.Request().Context(), auth.CallerFrom(c), id, practice.Role(req.Role)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *Handlers) setActive(active bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := memberID(c)
		if err != nil {
			return err
		}
		if err := h.svc.SetActive(c.Request().Context(), auth.CallerFrom(c), id, active); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}
}

func (h *Handlers) makeOwner(c echo.Context) error {
	id, err := memberID(c)
	if err != nil {
		return err
	}
	if err := h.svc.TransferOwnership(c.Request().Context(), auth.CallerFrom(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
