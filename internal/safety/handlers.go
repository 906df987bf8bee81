package safety

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/validate"
	"github.com/steadyhq/steady/internal/web"
)

// handlers serves a couple's safety screens to staff.
type handlers struct{ svc *Service }

// screensJSON is a couple's screens as the API sends them.
func screensJSON(ss []Screen) map[string]any {
	out := make([]screenJSON, len(ss))
	for i := range ss {
		out[i] = toScreenJSON(&ss[i])
	}
	return map[string]any{"screens": out}
}

func (h *handlers) recordScreen(c echo.Context) error {
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
