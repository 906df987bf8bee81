package auth

import (
	"context"
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/web"
)

// Private marks an answer that must not be kept by any cache: a client's record.
const Private = true

// OnRecord is the handler of a staff route on the one record the path's :id names, which most
// reads and state changes are: it reads the id (a malformed one is answered with notFound,
// like an id that names nothing), runs do as the caller, and answers 200 with view's shape of
// the result, kept out of caches when private.
func OnRecord[T, J any](notFound error, do func(context.Context, Caller, uuid.UUID) (T, error), view func(T) J,
	private bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := web.PathID(c, "id", notFound)
		if err != nil {
			return err
		}
		v, err := do(c.Request().Context(), CallerFrom(c), id)
		if err != nil {
			return err
		}
		if private {
			c.Response().Header().Set("Cache-Control", "no-store")
		}
		return c.JSON(http.StatusOK, view(v))
	}
}
