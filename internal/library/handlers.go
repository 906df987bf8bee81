package library

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/validate"
	"github.com/steadyhq/steady/internal/web"
)

// handlers serves the library and the practice's templates to staff.
type handlers struct{ svc *Service }

// Routes registers the staff routes.
func (h *handlers) Routes(rs module.Routers) {
	r := rs.Staff
	r.GET("/exercises/library", practice.AnyMember, h.library)
	r.GET("/exercises/templates", practice.AnyMember, h.listTemplates)
	r.POST("/exercises/templates", practice.AnyMember, h.createTemplate)
	r.GET("/exercises/templates/:id", practice.AnyMember, auth.OnRecord(ErrNotFound, h.svc.GetTemplate, toTemplateJSON, false))
	r.PUT("/exercises/templates/:id", practice.AnyMember, h.updateTemplate)
	r.POST("/exercises/templates/:id/archive", practice.AnyMember,
		auth.OnRecord(ErrNotFound, h.svc.ArchiveTemplate, toTemplateJSON, false))
}

func (h *handlers) library(c echo.Context) error {
	lib, err := Library()
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"exercises": append(Measures(), lib...)})
}

func (h *handlers) listTemplates(c echo.Context) error {
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

func (h *handlers) createTemplate(c echo.Context) error {
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

func (h *handlers) updateTemplate(c echo.Context) error {
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
