package alertrules

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/validate"
	"github.com/steadyhq/steady/internal/web"
)

type handlers struct{ svc *Service }

type rulesJSON struct {
	MissedInRow        *int  `json:"missed_in_row"`
	SilentDays         *int  `json:"silent_days"`
	Deterioration      bool  `json:"deterioration"`
	ProgrammeCompleted bool  `json:"programme_completed"`
	Email              bool  `json:"email"`
	Override           *bool `json:"override,omitempty"`
}

func (h *handlers) getPractice(c echo.Context) error {
	r, err := h.svc.PracticeRules(c.Request().Context(), auth.CallerFrom(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rulesJSON{r.MissedInRow, r.SilentDays, r.Deterioration, r.ProgrammeCompleted, r.Email, nil})
}

// bindRules reads a whole set of rules: every field must be given (a threshold as null to turn
// its rule off), so a missing one is never read as "off".
func bindRules(c echo.Context) (Rules, error) {
	var req struct {
		MissedInRow        json.RawMessage `json:"missed_in_row"`
		SilentDays         json.RawMessage `json:"silent_days"`
		Deterioration      *bool           `json:"deterioration"`
		ProgrammeCompleted *bool           `json:"programme_completed"`
		Email              *bool           `json:"email"`
	}
	if err := web.Bind(c, &req); err != nil {
		return Rules{}, err
	}
	v := validate.Errors{}
	var r Rules
	r.MissedInRow = threshold(v, "missed_in_row", req.MissedInRow)
	r.SilentDays = threshold(v, "silent_days", req.SilentDays)
	for field, b := range map[string]*bool{"deterioration": req.Deterioration,
		"programme_completed": req.ProgrammeCompleted, "email": req.Email} {
		if b == nil {
			v.Add(field, "is required: true or false")
		}
	}
	if err := v.Err(); err != nil {
		return Rules{}, err
	}
	r.Deterioration, r.ProgrammeCompleted, r.Email = *req.Deterioration, *req.ProgrammeCompleted, *req.Email
	return r, nil
}

// threshold reads a whole number or null; a missing field is named.
func threshold(v validate.Errors, field string, raw json.RawMessage) *int {
	if len(raw) == 0 {
		v.Add(field, "is required: a whole number, or null to turn the rule off")
		return nil
	}
	var n *int
	if json.Unmarshal(raw, &n) != nil {
		v.Add(field, "must be a whole number, or null to turn the rule off")
	}
	return n
}

func (h *handlers) putPractice(c echo.Context) error {
	r, err := bindRules(c)
	if err != nil {
		return err
	}
	if err := h.svc.SetPracticeRules(c.Request().Context(), auth.CallerFrom(c), r); err != nil {
		return err
	}
	return h.getPractice(c)
}

func memberID(c echo.Context) (uuid.UUID, error) { return web.PathID(c, "id", ErrNotClinician) }

func (h *handlers) getMember(c echo.Context) error {
	id, err := memberID(c)
	if err != nil {
		return err
	}
	r, own, err := h.svc.ClinicianRules(c.Request().Context(), auth.CallerFrom(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rulesJSON{r.MissedInRow, r.SilentDays, r.Deterioration, r.ProgrammeCompleted, r.Email, &own})
}

func (h *handlers) putMember(c echo.Context) error {
	id, err := memberID(c)
	if err != nil {
		return err
	}
	r, err := bindRules(c)
	if err != nil {
		return err
	}
	if err := h.svc.SetClinicianRules(c.Request().Context(), auth.CallerFrom(c), id, r); err != nil {
		return err
	}
	return h.getMember(c)
}

func (h *handlers) deleteMember(c echo.Context) error {
	id, err := memberID(c)
	if err != nil {
		return err
	}
	if err := h.svc.ClearClinicianRules(c.Request().Context(), auth.CallerFrom(c), id); err != nil {
		return err
	}
	return h.getMember(c)
}

type alertJSON struct {
	ID         uuid.UUID  `json:"id"`
	ClientID   uuid.UUID  `json:"client_id"`
	ClientName string     `json:"client_name"`
	Rule       string     `json:"rule"`
	Detail     string     `json:"detail"`
	OpenedAt   time.Time  `json:"opened_at"`
	ClosedAt   *time.Time `json:"closed_at"`
	Seen       bool       `json:"seen"`
}

func (h *handlers) mine(c echo.Context) error {
	as, unseen, err := h.svc.Mine(c.Request().Context(), auth.CallerFrom(c))
	if err != nil {
		return err
	}
	out := make([]alertJSON, len(as))
	for i, a := range as {
		out[i] = alertJSON{ID: a.ID, ClientID: a.ClientID, ClientName: a.ClientName, Rule: a.Rule, Detail: a.Detail,
			OpenedAt: a.OpenedAt, ClosedAt: a.ClosedAt, Seen: a.SeenAt != nil}
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{"alerts": out, "unseen": unseen})
}

func (h *handlers) seen(c echo.Context) error {
	if err := h.svc.MarkSeen(c.Request().Context(), auth.CallerFrom(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
