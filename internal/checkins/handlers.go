package checkins

import (
	"context"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/validate"
	"github.com/steadyhq/steady/internal/web"
)

// handlers serves the journal routes.
type handlers struct{ svc *Service }

// Errors maps this domain's errors to answers.
var Errors = web.ErrorMap{
	ErrAlertState: web.NewError(http.StatusConflict, "alert_state",
		"This alert has already moved on: an acknowledged or resolved alert can't be acknowledged, a resolved one can't be resolved again."),
}

type alertJSON struct {
	ID             string           `json:"id"`
	ClientID       string           `json:"client_id"`
	ClientName     string           `json:"client_name"`
	Instrument     string           `json:"instrument"`
	Item           string           `json:"item"`
	Reason         string           `json:"reason"`
	Status         string           `json:"status"`
	CreatedAt      time.Time        `json:"created_at"`
	AcknowledgedAt *time.Time       `json:"acknowledged_at,omitempty"`
	ResolvedAt     *time.Time       `json:"resolved_at,omitempty"`
	Note           string           `json:"note"`
	Answer         *alertAnswerJSON `json:"answer,omitempty"`
}

// alertAnswerJSON is the answer that raised an alert; date is the day the response answered.
type alertAnswerJSON struct {
	Question     string `json:"question"`
	Label        string `json:"label"`
	Value        int    `json:"value"`
	ResponseID   string `json:"response_id"`
	AssignmentID string `json:"assignment_id"`
	Date         string `json:"date"`
}

func toAlertJSON(a *Alert) alertJSON {
	out := alertJSON{ID: a.ID.String(), ClientID: a.ClientID.String(), ClientName: a.ClientName, Instrument: a.Instrument,
		Item: a.Item, Reason: a.Reason, Status: a.Status, CreatedAt: a.CreatedAt, AcknowledgedAt: a.AcknowledgedAt,
		ResolvedAt: a.ResolvedAt, Note: a.Note}
	if g := a.Answer; g != nil {
		out.Answer = &alertAnswerJSON{Question: g.Question, Label: g.Label, Value: g.Value, ResponseID: g.ResponseID.String(),
			AssignmentID: g.AssignmentID.String(), Date: g.Date.UTC().Format(time.DateOnly)}
	}
	return out
}

func (h *handlers) alerts(c echo.Context) error {
	var clientID uuid.UUID
	if s := c.QueryParam("client_id"); s != "" {
		id, err := uuid.Parse(s)
		if err != nil {
			return validate.Errors{"client_id": "must be a client's id"}
		}
		clientID = id
	}
	as, err := h.svc.Alerts(c.Request().Context(), auth.CallerFrom(c), clientID)
	if err != nil {
		return err
	}
	out := make([]alertJSON, len(as))
	for i := range as {
		out[i] = toAlertJSON(&as[i])
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{"alerts": out})
}

type alertMove func(*Service, context.Context, auth.Caller, uuid.UUID, string) (*Alert, error)

func (h *handlers) moveAlert(fn alertMove) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := web.PathID(c, "id", clients.ErrNotFound)
		if err != nil {
			return err
		}
		var req struct {
			Note string `json:"note"`
		}
		if err := web.Bind(c, &req); err != nil {
			return err
		}
		a, err := fn(h.svc, c.Request().Context(), auth.CallerFrom(c), id, req.Note)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, toAlertJSON(a))
	}
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

// entriesJSON is a client's journal as the API sends it to staff.
func entriesJSON(es []Entry) map[string]any { return map[string]any{"entries": ToJSON(es)} }

func (h *handlers) write(c echo.Context) error {
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
	e, replayed, err := h.svc.Write(c.Request().Context(), links.SessionFrom(c), req.Body, key,
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
