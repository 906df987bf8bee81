package clients

import (
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/validate"
	"github.com/steadyhq/steady/internal/web"
)

// partnerRequest is one partner: an existing client (client_id) or a new one (new_client).
type partnerRequest struct {
	ClientID  string         `json:"client_id"`
	NewClient *clientRequest `json:"new_client"`
	TrustRole string         `json:"trust_role"`
}

type coupleRequest struct {
	Name         string           `json:"name"`
	Partners     []partnerRequest `json:"partners"`
	ClinicianIDs []string         `json:"clinician_ids"`
}

type partnerJSON struct {
	ClientID  string `json:"client_id"`
	Name      string `json:"name"`
	TrustRole string `json:"trust_role"`
}

type coupleJSON struct {
	ID         string          `json:"id"`
	Name       string          `json:"name"`
	Status     string          `json:"status"`
	CreatedAt  time.Time       `json:"created_at"`
	Partners   []partnerJSON   `json:"partners"`
	Clinicians []clinicianJSON `json:"clinicians"`
	sightJSON                  // the couple page only
}

func toCoupleJSON(d *CoupleDetail) coupleJSON {
	out := coupleJSON{ID: d.ID.String(), Name: d.Name, Status: d.Status, CreatedAt: d.CreatedAt,
		Partners: make([]partnerJSON, len(d.Partners)), Clinicians: toCliniciansJSON(d.Clinicians)}
	if d.Access.Kind != "" {
		out.sightJSON = toSightJSON(d.Access, d.Emergencies)
	}
	for i, p := range d.Partners {
		out.Partners[i] = partnerJSON{ClientID: p.ClientID.String(), Name: p.Name, TrustRole: p.TrustRole}
	}
	return out
}

func (r coupleRequest) input() (CoupleInput, error) {
	ids, err := parseIDs("clinician_ids", r.ClinicianIDs)
	if err != nil {
		return CoupleInput{}, err
	}
	in := CoupleInput{Name: r.Name, ClinicianIDs: ids}
	v := validate.Errors{}
	for i, p := range r.Partners {
		part, err := p.partner(i)
		addPrefixed(v, "", err)
		in.Partners = append(in.Partners, part)
	}
	return in, v.Err()
}

// partner reads the i-th partner; its errors are named by their full field, e.g.
// "partners.1.client_id".
func (p partnerRequest) partner(i int) (Partner, error) {
	part := Partner{TrustRole: p.TrustRole}
	if part.TrustRole == "" {
		part.TrustRole = TrustUnspecified
	}
	switch {
	case p.NewClient != nil && p.ClientID != "":
		return part, validate.Errors{fmt.Sprintf("partners.%d", i): "must be an existing client or a new one, not both"}
	case p.NewClient != nil:
		in, err := p.NewClient.input()
		if err != nil {
			v := validate.Errors{}
			addPrefixed(v, partnerField(i, "new_client."), err)
			return part, v
		}
		if p.NewClient.ClinicianIDs == nil {
			in.ClinicianIDs = nil // none given: the couple's clinicians (CreateCouple)
		}
		part.New = &in
	case p.ClientID == "":
		return part, validate.Errors{partnerField(i, "client_id"): "is required: choose a client or add a new one"}
	default:
		id, err := uuid.Parse(p.ClientID)
		if err != nil {
			return part, validate.Errors{partnerField(i, "client_id"): "must be a client id"}
		}
		part.ClientID = id
	}
	return part, nil
}

func (h *handlers) createCouple(c echo.Context) error {
	var req coupleRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	in, err := req.input()
	if err != nil {
		return err
	}
	d, err := h.svc.CreateCouple(c.Request().Context(), auth.CallerFrom(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toCoupleJSON(d))
}

func (h *handlers) listCouples(c echo.Context) error {
	ks, err := h.svc.ListCouples(c.Request().Context(), auth.CallerFrom(c))
	if err != nil {
		return err
	}
	out := make([]coupleJSON, len(ks))
	for i := range ks {
		out[i] = toCoupleJSON(&ks[i])
	}
	return c.JSON(http.StatusOK, map[string]any{"couples": out})
}
