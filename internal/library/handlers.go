package library

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/validate"
	"github.com/steadyhq/steady/internal/web"
)

// handlers serves the library and the practice's templates to staff.
type handlers struct{ svc *Service }

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
