package clients

import (
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/validate"
	"github.com/steadyhq/steady/internal/web"
)

// Errors maps this domain's sentinel errors to answers.
var Errors = web.ErrorMap{
	ErrNotFound: web.NewError(http.StatusNotFound, "not_found", "There is no such record, or it is not yours to see."),
	ErrArchived: web.NewError(http.StatusConflict, "archived", "This client is archived. Restore them first."),
	ErrGrantOpen: web.NewError(http.StatusConflict, "emergency_access_open",
		"Your emergency access to this record is already open. End it first to open it again with a new reason."),
	ErrTreated: web.NewError(http.StatusConflict, "emergency_access_not_needed",
		"You are one of the clinicians here, so the record is already open to you."),
}

// handlers serves the client and couple routes.
type handlers struct{ svc *Service }

type clientRequest struct {
	Name          string   `json:"name"`
	PreferredName string   `json:"preferred_name"`
	Pronouns      string   `json:"pronouns"`
	Email         string   `json:"email"`
	Mobile        string   `json:"mobile"`
	TimeZone      string   `json:"time_zone"`
	ConsentEmail  bool     `json:"consent_email"`
	ConsentSMS    bool     `json:"consent_sms"`
	ClinicianIDs  []string `json:"clinician_ids"`
}

type clinicianJSON struct {
	UserID string `json:"user_id"`
	Name   string `json:"name"`
}

type coupleRefJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	TrustRole string `json:"trust_role"`
}

type clientJSON struct {
	ID            string          `json:"id"`
	Name          string          `json:"name"`
	PreferredName string          `json:"preferred_name"`
	Pronouns      string          `json:"pronouns"`
	Email         string          `json:"email"`
	Mobile        string          `json:"mobile"`
	TimeZone      string          `json:"time_zone"`
	ConsentEmail  bool            `json:"consent_email"`
	ConsentSMS    bool            `json:"consent_sms"`
	Status        string          `json:"status"`
	CreatedAt     time.Time       `json:"created_at"`
	UpdatedAt     time.Time       `json:"updated_at"`
	ArchivedAt    *time.Time      `json:"archived_at,omitempty"`
	Clinicians    []clinicianJSON `json:"clinicians,omitempty"`
	Couples       []coupleRefJSON `json:"couples,omitempty"`
	sightJSON                     // the record page only
}

func toClientJSON(c Client) clientJSON {
	return clientJSON{ID: c.ID.String(), Name: c.Name, PreferredName: c.PreferredName, Pronouns: c.Pronouns,
		Email: c.Email, Mobile: c.Mobile, TimeZone: c.TimeZone, ConsentEmail: c.ConsentEmail,
		ConsentSMS: c.ConsentSMS, Status: c.Status, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, ArchivedAt: c.ArchivedAt}
}

func toDetailJSON(d *Detail) clientJSON {
	out := toClientJSON(d.Client)
	out.sightJSON = toSightJSON(d.Access, d.Emergencies)
	out.Clinicians = toCliniciansJSON(d.Clinicians)
	out.Couples = make([]coupleRefJSON, len(d.Couples))
	for i, k := range d.Couples {
		out.Couples[i] = coupleRefJSON{ID: k.ID.String(), Name: k.Name, TrustRole: k.TrustRole}
	}
	return out
}

func toCliniciansJSON(cs []Clinician) []clinicianJSON {
	out := make([]clinicianJSON, len(cs))
	for i, c := range cs {
		out[i] = clinicianJSON{UserID: c.UserID.String(), Name: c.Name}
	}
	return out
}

func (r clientRequest) input() (Input, error) {
	ids, err := parseIDs("clinician_ids", r.ClinicianIDs)
	return Input{Name: r.Name, PreferredName: r.PreferredName, Pronouns: r.Pronouns, Email: r.Email,
		Mobile: r.Mobile, TimeZone: r.TimeZone, ConsentEmail: r.ConsentEmail, ConsentSMS: r.ConsentSMS,
		ClinicianIDs: ids}, err
}

func parseIDs(field string, raw []string) ([]uuid.UUID, error) {
	ids := make([]uuid.UUID, 0, len(raw))
	for _, s := range raw {
		id, err := uuid.Parse(s)
		if err != nil {
			return nil, validate.Errors{field: "must list ids of practice members"}
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// pathID reads :id. A malformed id cannot name anything, so it is answered like a missing one.
func pathID(c echo.Context) (uuid.UUID, error) { return web.PathID(c, "id", ErrNotFound) }

func (h *handlers) list(c echo.Context) error {
	v := validate.Errors{}
	f := ListFilter{Query: c.QueryParam("q"), Status: c.QueryParam("status"),
		Offset: web.QueryInt(c, v, "offset", 0, 0, 1_000_000),
		Limit:  web.QueryInt(c, v, "limit", DefaultListPage, 1, MaxListPage)}
	if s := c.QueryParam("clinician_id"); s != "" {
		id, err := uuid.Parse(s)
		if err != nil {
			v.Add("clinician_id", "must be the id of a practice member")
		}
		f.ClinicianID = id
	}
	if err := v.Err(); err != nil {
		return err
	}
	page, err := h.svc.List(c.Request().Context(), auth.CallerFrom(c), f)
	if err != nil {
		return err
	}
	out := make([]clientJSON, len(page.Clients))
	for i, cl := range page.Clients {
		out[i] = toClientJSON(cl)
	}
	return c.JSON(http.StatusOK, map[string]any{"clients": out, "total": page.Total, "offset": f.Offset, "limit": f.Limit})
}

func (h *handlers) create(c echo.Context) error {
	var req clientRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	in, err := req.input()
	if err != nil {
		return err
	}
	d, err := h.svc.Create(c.Request().Context(), auth.CallerFrom(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toDetailJSON(d))
}

func (h *handlers) update(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var req clientRequest
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	in, err := req.input()
	if err != nil {
		return err
	}
	d, err := h.svc.Update(c.Request().Context(), auth.CallerFrom(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toDetailJSON(d))
}

func (h *handlers) archive(archived bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c)
		if err != nil {
			return err
		}
		d, err := h.svc.SetArchived(c.Request().Context(), auth.CallerFrom(c), id, archived)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, toDetailJSON(d))
	}
}

func (h *handlers) erase(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := h.svc.Erase(c.Request().Context(), auth.CallerFrom(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
