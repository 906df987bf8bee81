package billing

import (
	"io"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/web"
)

// maxEventBytes bounds a webhook body: Stripe's events are a few kilobytes.
const maxEventBytes = 256 << 10

// handlers serves the Stripe webhook.
type handlers struct{ svc *Service }

// webhook verifies and records an event and answers at once; the work is a job.
func (h *handlers) webhook(c echo.Context) error {
	body, err := io.ReadAll(io.LimitReader(c.Request().Body, maxEventBytes+1))
	if err != nil {
		return err
	}
	if len(body) > maxEventBytes {
		return web.NewError(http.StatusRequestEntityTooLarge, "too_large", "A webhook event is at most 256 KiB.")
	}
	if _, err := h.svc.Receive(c.Request().Context(), body, c.Request().Header.Get("Stripe-Signature")); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]bool{"received": true})
}

type stateJSON struct {
	Status            string     `json:"status"`
	TrialEnd          *time.Time `json:"trial_end"`
	CurrentPeriodEnd  *time.Time `json:"current_period_end"`
	CancelAtPeriodEnd bool       `json:"cancel_at_period_end"`
	PriceID           string     `json:"price_id"`
	Quantity          int        `json:"quantity"`
	Seats             int        `json:"seats"`
}

func (h *handlers) state(c echo.Context) error {
	st, err := h.svc.State(c.Request().Context(), auth.CallerFrom(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, stateJSON(*st))
}
