package digests

import (
	"errors"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/ratelimit"
	"github.com/steadyhq/steady/internal/web"
)

type handlers struct{ svc *Service }

type settingsJSON struct {
	Weekday    string     `json:"weekday"`
	Hour       int        `json:"hour"`
	TimeZone   string     `json:"time_zone"`
	Email      bool       `json:"email"`
	NextSendAt *time.Time `json:"next_send_at"`
}

func toSettingsJSON(s *Schedule) settingsJSON {
	out := settingsJSON{Weekday: Weekdays[s.Weekday], Hour: s.Hour, TimeZone: s.TimeZone, Email: s.Email}
	if !s.NextSendAt.IsZero() {
		out.NextSendAt = &s.NextSendAt
	}
	return out
}

func (h *handlers) getSettings(c echo.Context) error {
	s, err := h.svc.GetSettings(c.Request().Context(), auth.CallerFrom(c))
	if err != nil {
		return err
	}
	if s.NextSendAt.IsZero() { // a new member's, not worked out yet
		s.NextSendAt = s.NextSend(h.svc.now())
	}
	return c.JSON(http.StatusOK, toSettingsJSON(s))
}

type settingsRequest struct {
	Weekday  string `json:"weekday"`
	Hour     int    `json:"hour"`
	TimeZone string `json:"time_zone"`
	Email    bool   `json:"email"`
}

func (h *handlers) putSettings(c echo.Context) error {
	var req settingsRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	s, err := h.svc.UpdateSettings(c.Request().Context(), auth.CallerFrom(c), SettingsInput(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSettingsJSON(s))
}

type summaryJSON struct {
	ID          uuid.UUID `json:"id"`
	Week        string    `json:"week"`
	PeriodStart string    `json:"period_start"`
	PeriodEnd   string    `json:"period_end"`
	Attention   int       `json:"attention"`
	CreatedAt   time.Time `json:"created_at"`
}

func toSummaryJSON(s Summary) summaryJSON {
	return summaryJSON{ID: s.ID, Week: dateOf(s.Week).String(), PeriodStart: dateOf(s.PeriodStart).String(),
		PeriodEnd: dateOf(s.PeriodEnd).String(), Attention: s.Attention, CreatedAt: s.CreatedAt}
}

func (h *handlers) list(c echo.Context) error {
	ds, err := h.svc.List(c.Request().Context(), auth.CallerFrom(c))
	if err != nil {
		return err
	}
	out := make([]summaryJSON, len(ds))
	for i, d := range ds {
		out[i] = toSummaryJSON(d)
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{"digests": out})
}

func (h *handlers) get(c echo.Context) error {
	id, err := web.PathID(c, "id", ErrNotFound)
	if err != nil {
		return err
	}
	d, err := h.svc.Get(c.Request().Context(), auth.CallerFrom(c), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{"digest": toSummaryJSON(d.Summary), "content": d.Content})
}

func (h *handlers) unsubscribePage(c echo.Context) error {
	return web.PlainPage(c, http.StatusOK, unsubscribePage, map[string]any{"State": "ask"})
}

func (h *handlers) unsubscribe(c echo.Context) error {
	err := h.svc.Unsubscribe(c.Request().Context(), c.Param("token"), c.RealIP(), c.Request().UserAgent())
	var limited *ratelimit.Exceeded
	state, status := "done", http.StatusOK
	switch {
	case errors.Is(err, ErrUnknownToken):
		state, status = "unknown", http.StatusNotFound
	case errors.As(err, &limited):
		state, status = "slow", http.StatusTooManyRequests
	case err != nil:
		return err
	}
	return web.PlainPage(c, status, unsubscribePage, map[string]any{"State": state})
}
