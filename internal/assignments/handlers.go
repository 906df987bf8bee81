package assignments

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/validate"
	"github.com/steadyhq/steady/internal/web"
)

// handlers serves assignments to staff: making them, reading them and their lifecycle.
type handlers struct{ svc *Service }

type refRequest struct {
	Library    string `json:"library"`
	TemplateID string `json:"template_id"`
}

func (r refRequest) ref(v validate.Errors, field string) library.Ref {
	return library.Ref{Library: r.Library, TemplateID: v.ID(field+".template_id", r.TemplateID)}
}

func (h *handlers) assign(c echo.Context) error {
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
	in := AssignInput{ClientID: v.ID("client_id", req.ClientID), CoupleID: v.ID("couple_id", req.CoupleID)}
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
		in.Partners = append(in.Partners, PartnerExercise{ClientID: v.ID(f+".client_id", p.ClientID),
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

// listJSON is a list of assignments as the API sends it.
func listJSON(vs []AssignmentView) map[string]any {
	return map[string]any{"assignments": toAssignmentsJSON(vs)}
}

// partnersJSON is each partner's assignments, as the API sends them.
func partnersJSON(ps []PartnerAssignments) map[string]any {
	out := make([]map[string]any, len(ps))
	for i, p := range ps {
		out[i] = map[string]any{"client_id": p.ClientID.String(), "name": p.Name, "trust_role": p.TrustRole,
			"assignments": toAssignmentsJSON(p.Assignments)}
	}
	return map[string]any{"partners": out}
}
