package audit

import (
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/validate"
	"github.com/steadyhq/steady/internal/web"
)

// handlers serves the audit log to owners and admins.
type handlers struct{ svc *Service }

type eventJSON struct {
	ID          int64     `json:"id"`
	OccurredAt  time.Time `json:"occurred_at"`
	ActorUserID string    `json:"actor_user_id,omitempty"`
	ActorName   string    `json:"actor_name"`
	Action      string    `json:"action"`
	SubjectType string    `json:"subject_type"`
	SubjectID   string    `json:"subject_id"`
	ClientID    string    `json:"client_id,omitempty"`
	IP          string    `json:"ip"`
	UserAgent   string    `json:"user_agent"`
	Detail      string    `json:"detail"`
	// Readable names, so the log reads "Samira Haddad", not an id (names.go).
	SubjectName  string `json:"subject_name"`
	SubjectFound bool   `json:"subject_found"`
	ClientName   string `json:"client_name,omitempty"`
}

func toJSON(n Named) eventJSON {
	r := n.Row
	return eventJSON{ID: r.ID, OccurredAt: r.OccurredAt, ActorUserID: idString(r.ActorUserID), ActorName: r.ActorName,
		Action: r.Action, SubjectType: r.SubjectType, SubjectID: r.SubjectID, ClientID: idString(r.ClientID),
		IP: r.IP, UserAgent: r.UserAgent, Detail: r.Detail,
		SubjectName: n.SubjectName, SubjectFound: n.SubjectFound, ClientName: n.ClientName}
}

func idString(id *uuid.UUID) string {
	if id == nil {
		return ""
	}
	return id.String()
}

// parseFilter reads the query string. Dates are YYYY-MM-DD days in the time zone tz names (the
// viewer's own, so "today" is their today), in UTC without it; "to" is inclusive of its day.
func parseFilter(c echo.Context) (Filter, error) {
	v := validate.Errors{}
	var f Filter
	f.ActorUserID = queryID(c, v, "actor_user_id")
	f.ClientID = queryID(c, v, "client_id")
	f.Action = c.QueryParam("action")
	loc := queryZone(c, v, "tz")
	f.From = queryDate(c, v, "from", loc)
	if to := queryDate(c, v, "to", loc); !to.IsZero() {
		f.To = to.AddDate(0, 0, 1) // the next local midnight, 23 or 25 hours on when the clocks change
	}
	if s := c.QueryParam("before_id"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 {
			v.Add("before_id", "must be a positive number")
		}
		f.BeforeID = n
	}
	f.Limit = web.QueryInt(c, v, "limit", 100, 1, 500)
	return f, v.Err()
}

func queryID(c echo.Context, v validate.Errors, name string) uuid.UUID {
	s := c.QueryParam(name)
	if s == "" {
		return uuid.Nil
	}
	id, err := uuid.Parse(s)
	if err != nil {
		v.Add(name, "must be an id")
	}
	return id
}

// queryZone reads an IANA time zone name such as Europe/London; none means UTC.
func queryZone(c echo.Context, v validate.Errors, name string) *time.Location {
	s := c.QueryParam(name)
	if s == "" {
		return time.UTC
	}
	check := validate.Errors{}
	check.TimeZone(name, s)
	if msg, bad := check[name]; bad {
		v.Add(name, msg)
		return time.UTC
	}
	loc, _ := time.LoadLocation(s) // checked just above
	return loc
}

func queryDate(c echo.Context, v validate.Errors, name string, loc *time.Location) time.Time {
	s := c.QueryParam(name)
	if s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		v.Add(name, "must be a date like 2026-11-22")
	}
	return t
}

func (h *handlers) list(c echo.Context) error {
	f, err := parseFilter(c)
	if err != nil {
		return err
	}
	rows, err := h.svc.Named(c.Request().Context(), auth.CallerFrom(c), f)
	if err != nil {
		return err
	}
	out := make([]eventJSON, len(rows))
	for i, r := range rows {
		out[i] = toJSON(r)
	}
	return c.JSON(http.StatusOK, map[string]any{"events": out})
}

func (h *handlers) export(c echo.Context) error {
	f, err := parseFilter(c)
	if err != nil {
		return err
	}
	rows, err := h.svc.Export(c.Request().Context(), auth.CallerFrom(c), f)
	if err != nil {
		return err
	}
	cells := make([][]string, len(rows))
	for i, r := range rows {
		cells[i] = []string{strconv.FormatInt(r.ID, 10), r.OccurredAt.UTC().Format(time.RFC3339),
			idString(r.ActorUserID), r.ActorName, r.Action, r.SubjectType, r.SubjectID, idString(r.ClientID),
			r.IP, r.UserAgent, r.Detail}
	}
	return web.CSV(c, "audit-"+time.Now().UTC().Format("2006-01-02")+".csv", exportHeader, cells)
}

// exportHeader names the export's columns.
var exportHeader = []string{"id", "occurred_at", "actor_user_id", "actor_name", "action", "subject_type",
	"subject_id", "client_id", "ip", "user_agent", "detail"}
