package auth

import (
	"github.com/labstack/echo/v4"
)

// AccountChange is told of every successful change a person makes to their own account
// (two-factor, password, sessions), so the composition root can write it to the audit trail
// of the practice they are working in. auth cannot import audit (audit's handlers use auth).
type AccountChange func(c echo.Context, caller Caller, action string) error

// audited runs the handler and, when it answered 2xx, reports action to h.OnAccountChange.
func (h *Handlers) audited(action string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if err := next(c); err != nil {
				return err
			}
			status := c.Response().Status
			if h.OnAccountChange == nil || status < 200 || status > 299 {
				return nil
			}
			return h.OnAccountChange(c, CallerFrom(c), action)
		}
	}
}
