package exercises

import (
	"context"
	"fmt"
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/validate"
	"github.com/steadyhq/steady/internal/web"
)

// Handlers serves the library, templates, safety screens and assignments to staff, and the
// tasks and answers to clients.
type Handlers struct{ svc *Service }

// NewHandlers builds the handlers.
func NewHandlers(svc *Service) *Handlers { return &Handlers{svc: svc} }

// Routes registers the staff routes; what a member sees follows who they may see.
func (h *Handlers) Routes(r *auth.Guarded) {
	r.GET("/exercises/library", practice.AnyMember, h.library)
	r.GET("/exercises/templates", practice.AnyMember, h.listTemplates)
	r.POST("/exercises/templates", practice.AnyMember, h.createTemplate)
	r.GET("/exercises/templates/:id", practice.AnyMember, h.getTemplate)
	r.PUT("/exercises/templates/:id", practice.AnyMember, h.updateTemplate)
	r.POST("/exercises/templates/:id/archive", practice.AnyMember, h.archiveTemplate)
	r.GET("/couples/:id/safety-screens", practice.AnyMember, h.listScreens)
	r.POST("/couples/:id/safety-screens", practice.AnyMember, h.recordScreen)
	r.POST("/assignments", practice.AnyMember, h.assign)
	r.GET("/assignments/:id", practice.AnyMember, h.getAssignment)
	r.POST("/assignments/:id/pause", practice.AnyMember, h.lifecycle((*Service).Pause))
	r.POST("/assignments/:id/resume", practice.AnyMember, h.lifecycle((*Service).Resume))
	r.POST("/assignments/:id/stop", practice.AnyMember, h.lifecycle((*Service).Stop))
	r.PUT("/assignments/:id/reminders", practice.AnyMember, h.setReminders)
	r.GET("/clients/:id/assignments", practice.AnyMember, h.clientAssignments)
	r.GET("/couples/:id/assignments", practice.AnyMember, h.coupleAssignments)
}

func (h *Handlers) library(c echo.Context) error {
	lib, err := Library()
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"exercises": append(Measures(), lib...)})
}

func (h *Handlers) listTemplates(c echo.Context) error {
	ts, err := h.svc.ListTemplates(c.Request().Context(), auth.CallerFrom(c))
	if err != nil {
		return err
	}
	out := make([]templateJSON, len(ts))
	for i := range ts {
		out[i] = toTemplateJSON(&ts[i])
	}
	return c.JSON(http.StatusOK, map[string]any{"templates": out})
}

func (h *Handlers) createTemplate(c echo.Context) error {
	var req struct {
		FromLibrary string      `json:"from_library"`
		Definition  *Definition `json:"definition"`
	}
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	t, err := h.svc.CreateTemplate(c.Request().Context(), auth.CallerFrom(c), req.FromLibrary, req.Definition)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toTemplateJSON(t))
}

func (h *Handlers) getTemplate(c echo.Context) error {
	id, err := web.PathID(c, "id", ErrNotFound)
	if err != nil {
		return err
	}
	t, err := h.svc.GetTemplate(c.Request().Context(), auth.CallerFrom(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toTemplateJSON(t))
}

func (h *Handlers) updateTemplate(c echo.Context) error {
	id, err := web.PathID(c, "id", ErrNotFound)
	if err != nil {
		return err
	}
	var req struct {
		Definition *Definition `json:"definition"`
	}
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	if req.Definition == nil {
		return validate.Errors{"definition": "is required"}
	}
	t, err := h.svc.UpdateTemplate(c.Request().Context(), auth.CallerFrom(c), id, *req.Definition)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toTemplateJSON(t))
}

func (h *Handlers) archiveTemplate(c echo.Context) error {
	id, err := web.PathID(c, "id", ErrNotFound)
	if err != nil {
		return err
	}
	t, err := h.svc.ArchiveTemplate(c.Request().Context(), auth.CallerFrom(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toTemplateJSON(t))
}

func (h *Handlers) listScreens(c echo.Context) error {
	id, err := web.PathID(c, "id", clients.ErrNotFound)
	if err != nil {
		return err
	}
	ss, err := h.svc.Screens(c.Request().Context(), auth.CallerFrom(c), id)
	if err != nil {
		return err
	}
	out := make([]screenJSON, len(ss))
	for i := range ss {
		out[i] = toScreenJSON(&ss[i])
	}
	return c.JSON(http.StatusOK, map[string]any{"screens": out})
}

func (h *Handlers) recordScreen(c echo.Context) error {
	id, err := web.PathID(c, "id", clients.ErrNotFound)
	if err != nil {
		return err
	}
	var req struct {
		ViolenceOrFear  *bool  `json:"violence_or_fear"`
		CoerciveControl *bool  `json:"coercive_control"`
		ActiveAddiction *bool  `json:"active_addiction"`
		OngoingContact  *bool  `json:"ongoing_contact"`
		Decision        string `json:"decision"`
		Note            string `json:"note"`
	}
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	v := validate.Errors{}
	answer := func(field string, b *bool) bool {
		if b == nil {
			v.Add(field, "is required: answer yes or no")
			return false
		}
		return *b
	}
	in := Screen{ViolenceOrFear: answer("violence_or_fear", req.ViolenceOrFear),
		CoerciveControl: answer("coercive_control", req.CoerciveControl),
		ActiveAddiction: answer("active_addiction", req.ActiveAddiction),
		OngoingContact:  answer("ongoing_contact", req.OngoingContact), Decision: req.Decision, Note: req.Note}
	if err := v.Err(); err != nil {
		return err
	}
	s, held, err := h.svc.RecordScreen(c.Request().Context(), auth.CallerFrom(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toRecordedScreenJSON(s, held))
}

type refRequest struct {
	Library    string `json:"library"`
	TemplateID string `json:"template_id"`
}

func (r refRequest) ref(v validate.Errors, field string) ExerciseRef {
	return ExerciseRef{Library: r.Library, TemplateID: parseID(v, field+".template_id", r.TemplateID)}
}

func (h *Handlers) assign(c echo.Context) error {
	var req struct {
		ClientID  string       `json:"client_id"`
		CoupleID  string       `json:"couple_id"`
		Exercise  *refRequest  `json:"exercise"`
		Exercises []refRequest `json:"exercises"`
		Partners  []struct {
			ClientID string     `json:"client_id"`
			Exercise refRequest `json:"exercise"`
		} `json:"partners"`
		Cadence *cadenceRequest `json:"cadence"`
	}
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	v := validate.Errors{}
	in := AssignInput{ClientID: parseID(v, "client_id", req.ClientID), CoupleID: parseID(v, "couple_id", req.CoupleID)}
	if req.Exercise != nil {
		ref := req.Exercise.ref(v, "exercise")
		in.Exercise = &ref
	}
	for i, r := range req.Exercises {
		in.Exercises = append(in.Exercises, r.ref(v, fmt.Sprintf("exercises.%d", i)))
	}
	if req.Exercises != nil && len(req.Exercises) == 0 {
		v.Add("exercises", "name at least one exercise")
	}
	if len(req.Partners) > 2 {
		v.Add("partners", "a couple has two partners")
	}
	for i, p := range req.Partners {
		f := fmt.Sprintf("partners.%d", i)
		in.Partners = append(in.Partners, PartnerExercise{ClientID: parseID(v, f+".client_id", p.ClientID),
			Exercise: p.Exercise.ref(v, f+".exercise")})
	}
	if req.Cadence == nil {
		v.Add("cadence", "is required")
	} else if rule, err := req.Cadence.rule(); err != nil {
		for k, msg := range err.(validate.Errors) {
			v.Add(k, msg)
		}
	} else {
		in.Rule = rule
	}
	if err := v.Err(); err != nil {
		return err
	}
	vs, err := h.svc.Assign(c.Request().Context(), auth.CallerFrom(c), in)
	if err != nil {
		return itemAnswer(err)
	}
	return c.JSON(http.StatusCreated, map[string]any{"assignments": toAssignmentsJSON(vs)})
}

func (h *Handlers) getAssignment(c echo.Context) error {
	id, err := web.PathID(c, "id", clients.ErrNotFound)
	if err != nil {
		return err
	}
	a, err := h.svc.GetAssignment(c.Request().Context(), auth.CallerFrom(c), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, toAssignmentJSON(a))
}

type transitionFunc func(*Service, context.Context, auth.Caller, uuid.UUID) (*AssignmentView, error)

func (h *Handlers) lifecycle(fn transitionFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := web.PathID(c, "id", clients.ErrNotFound)
		if err != nil {
			return err
		}
		a, err := fn(h.svc, c.Request().Context(), auth.CallerFrom(c), id)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, toAssignmentJSON(a))
	}
}

func (h *Handlers) clientAssignments(c echo.Context) error {
	id, err := web.PathID(c, "id", clients.ErrNotFound)
	if err != nil {
		return err
	}
	vs, err := h.svc.ClientAssignments(c.Request().Context(), auth.CallerFrom(c), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{"assignments": toAssignmentsJSON(vs)})
}

func (h *Handlers) coupleAssignments(c echo.Context) error {
	id, err := web.PathID(c, "id", clients.ErrNotFound)
	if err != nil {
		return err
	}
	ps, err := h.svc.CoupleAssignments(c.Request().Context(), auth.CallerFrom(c), id)
	if err != nil {
		return err
	}
	out := make([]map[string]any, len(ps))
	for i, p := range ps {
		out[i] = map[string]any{"client_id": p.ClientID.String(), "name": p.Name, "trust_role": p.TrustRole,
			"assignments": toAssignmentsJSON(p.Assignments)}
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{"partners": out})
}

func (h *Handlers) setReminders(c echo.Context) error {
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
		ReminderSettings{Channel: *req.Channel, At: req.At, Nudge: *req.Nudge})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toAssignmentJSON(a))
}
