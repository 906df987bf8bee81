package reminders

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/ratelimit"
	"github.com/steadyhq/steady/internal/validate"
	"github.com/steadyhq/steady/internal/web"
)

// handlers serve the reminder routes: a client's delivery log and an assignment's reminders
// for staff, the client's own choices, and the unsubscribe page an email links to.
type handlers struct{ svc *Service }

func (h *handlers) log(c echo.Context) error {
	id, err := web.PathID(c, "id", clients.ErrNotFound)
	if err != nil {
		return err
	}
	ds, err := h.svc.Log(c.Request().Context(), auth.CallerFrom(c), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{"deliveries": ds})
}

func (h *handlers) setReminders(c echo.Context) error {
	id, err := web.PathID(c, "id", clients.ErrNotFound)
	if err != nil {
		return err
	}
	var req struct {
		Channel *string `json:"channel"`
		At      *string `json:"at"`
		Nudge   *bool   `json:"nudge"`
	}
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	v := validate.Errors{}
	if req.Channel == nil {
		v.Add("channel", "is required")
	}
	if req.Nudge == nil {
		v.Add("nudge", "is required")
	}
	if err := v.Err(); err != nil {
		return err
	}
	a, err := h.svc.SetReminders(c.Request().Context(), auth.CallerFrom(c), id,
		AssignmentSettings{Channel: *req.Channel, At: req.At, Nudge: *req.Nudge})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, assignments.ToJSON(a))
}

func (h *handlers) getChoices(c echo.Context) error {
	out, err := h.svc.Choices(c.Request().Context(), links.SessionFrom(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, out)
}

func (h *handlers) setChoices(c echo.Context) error {
	var req Choices
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	out, err := h.svc.SetChoices(c.Request().Context(), links.SessionFrom(c), req, c.RealIP(), c.Request().UserAgent())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (h *handlers) unsubscribePage(c echo.Context) error { return page(c, http.StatusOK, "ask") }

func (h *handlers) unsubscribe(c echo.Context) error {
	err := h.svc.Unsubscribe(c.Request().Context(), c.Param("token"), c.RealIP(), c.Request().UserAgent())
	var limited *ratelimit.Exceeded
	switch {
	case err == nil:
		return page(c, http.StatusOK, "done")
	case errors.Is(err, ErrUnknownToken):
		return page(c, http.StatusNotFound, "unknown")
	case errors.As(err, &limited):
		return page(c, http.StatusTooManyRequests, "slow")
	}
	return err
}
