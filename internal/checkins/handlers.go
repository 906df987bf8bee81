package checkins

import (
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/homework"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/validate"
	"github.com/steadyhq/steady/internal/web"
)

// Handlers serves the journal routes.
type Handlers struct{ svc *Service }

// NewHandlers builds the handlers.
func NewHandlers(svc *Service) *Handlers { return &Handlers{svc: svc} }

// Routes registers the staff route and the client route (behind a client session).
func (h *Handlers) Routes(staff *auth.Guarded, client *echo.Group) {
	staff.GET("/clients/:id/journal", practice.AnyMember, h.list)
	client.POST("/journal", h.write)
}

// EntryJSON is an entry as the API shows it.
type EntryJSON struct {
	ID        string    `json:"id"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// ToJSON converts entries for an answer.
func ToJSON(es []Entry) []EntryJSON {
	out := make([]EntryJSON, len(es))
	for i, e := range es {
		out[i] = EntryJSON{ID: e.ID.String(), Body: e.Body, CreatedAt: e.CreatedAt}
	}
	return out
}

func (h *Handlers) list(c echo.Context) error {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		return clients.ErrNotFound
	}
	es, err := h.svc.ForClinician(c.Request().Context(), auth.CallerFrom(c), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{"entries": ToJSON(es)})
}

func (h *Handlers) write(c echo.Context) error {
	var req struct {
		Body           string `json:"body"`
		IdempotencyKey string `json:"idempotency_key"`
	}
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	key, err := uuid.Parse(req.IdempotencyKey)
	if err != nil {
		return validate.Errors{"idempotency_key": "must be a UUID made once per entry"}
	}
	e, replayed, err := h.svc.Write(c.Request().Context(), homework.SessionFrom(c), req.Body, key,
		c.RealIP(), c.Request().UserAgent())
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if replayed {
		status = http.StatusOK
	}
	return c.JSON(status, map[string]any{"id": e.ID.String(), "submitted_at": e.CreatedAt})
}
