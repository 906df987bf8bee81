package progress

import (
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/validate"
	"github.com/steadyhq/steady/internal/web"
)

// handlers serves the progress routes.
type handlers struct{ svc *Service }

func (h *handlers) report(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	pdf, err := h.svc.Report(c.Request().Context(), auth.CallerFrom(c), id)
	if err != nil {
		return err
	}
	hd := c.Response().Header()
	hd.Set(echo.HeaderContentDisposition, `inline; filename="progress-report-`+time.Now().UTC().Format("2006-01-02")+`.pdf"`)
	hd.Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}

func (h *handlers) export(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	rows, err := h.svc.Export(c.Request().Context(), auth.CallerFrom(c), id)
	if err != nil {
		return err
	}
	return web.CSV(c, "client-record-"+time.Now().UTC().Format("2006-01-02")+".csv", ExportHeader, rows)
}

type bandJSON struct {
	Min   int    `json:"min"`
	Max   int    `json:"max"`
	Label string `json:"label"`
}

type pointJSON struct {
	Date  cadence.Date `json:"date"`
	Total int          `json:"total"`
	Band  string       `json:"band"`
}

type changeJSON struct {
	First      int    `json:"first"`
	Latest     int    `json:"latest"`
	Difference int    `json:"difference"`
	Status     string `json:"status"`
}

type seriesJSON struct {
	Instrument     string      `json:"instrument"`
	Title          string      `json:"title"`
	Max            int         `json:"max"`
	HigherIsBetter bool        `json:"higher_is_better"`
	Bands          []bandJSON  `json:"bands"`
	ReliableChange float64     `json:"reliable_change"`
	Points         []pointJSON `json:"points"`
	Change         *changeJSON `json:"change,omitempty"`
}

func toSeriesJSON(s Series) seriesJSON {
	in := s.Instrument
	out := seriesJSON{Instrument: in.Key, Title: in.Title, Max: in.Max(), HigherIsBetter: in.HigherIsBetter,
		Bands: []bandJSON{}, ReliableChange: in.ReliableChange(), Points: make([]pointJSON, len(s.Points))}
	for _, b := range in.Bands {
		out.Bands = append(out.Bands, bandJSON(b))
	}
	for i, p := range s.Points {
		out.Points[i] = pointJSON{Date: p.Date, Total: p.Total, Band: p.Band}
	}
	if first, latest, c, ok := s.Change(); ok {
		out.Change = &changeJSON{First: first, Latest: latest, Difference: latest - first, Status: string(c)}
	}
	return out
}

type weekJSON struct {
	WeekStart cadence.Date `json:"week_start"`
	Done      int          `json:"done"`
	Due       int          `json:"due"`
}

func weeksJSON(ws []Week) []weekJSON {
	out := make([]weekJSON, len(ws))
	for i, w := range ws {
		out[i] = weekJSON{WeekStart: w.Start, Done: w.Done, Due: w.Due}
	}
	return out
}

type dayJSON struct {
	Date   cadence.Date `json:"date"`
	Status string       `json:"status"`
	Step   int          `json:"step,omitempty"`
	Label  string       `json:"label,omitempty"`
}

type calendarJSON struct {
	AssignmentID string    `json:"assignment_id"`
	Title        string    `json:"title"`
	Kind         string    `json:"kind"`
	Days         []dayJSON `json:"days"`
}

func pathID(c echo.Context) (uuid.UUID, error) { return web.PathID(c, "id", clients.ErrNotFound) }

// clientJSON is a client's progress as the API sends it.
func clientJSON(p *Client) map[string]any {
	measures := make([]seriesJSON, len(p.Measures))
	for i, s := range p.Measures {
		measures[i] = toSeriesJSON(s)
	}
	cals := make([]calendarJSON, len(p.Calendars))
	for i, cal := range p.Calendars {
		cals[i] = calendarJSON{AssignmentID: cal.AssignmentID.String(), Title: cal.Title, Kind: string(cal.Kind),
			Days: make([]dayJSON, len(cal.Days))}
		for j, d := range cal.Days {
			cals[i].Days[j] = dayJSON{Date: d.Date, Status: string(d.Status), Step: d.Step, Label: d.Label}
		}
	}
	return map[string]any{"measures": measures, "adherence": weeksJSON(p.Adherence), "calendar": cals}
}

type checkInJSON struct {
	Date    cadence.Date `json:"date"`
	Safe    int          `json:"safe"`
	Matched int          `json:"matched"`
	Honest  int          `json:"honest"`
	Trust   int          `json:"trust"`
	Total   int          `json:"total"`
}

// coupleJSON is each partner's progress as the API sends it.
func coupleJSON(ps []Partner) map[string]any {
	out := make([]map[string]any, len(ps))
	for i, p := range ps {
		points := make([]checkInJSON, len(p.CheckIns))
		for j, pt := range p.CheckIns {
			points[j] = checkInJSON{Date: pt.Date, Safe: pt.Items["safe"], Matched: pt.Items["matched"],
				Honest: pt.Items["honest"], Trust: pt.Items["trust"], Total: pt.Total}
		}
		measures := make([]seriesJSON, len(p.Measures))
		for j, s := range p.Measures {
			measures[j] = toSeriesJSON(s)
		}
		out[i] = map[string]any{"client_id": p.ClientID.String(), "name": p.Name, "trust_role": p.TrustRole,
			"measures": measures, "checkins": points, "adherence": weeksJSON(p.Adherence)}
	}
	return map[string]any{"partners": out}
}

type entryJSON struct {
	ClientID     string   `json:"client_id"`
	Name         string   `json:"name"`
	OpenAlerts   int      `json:"open_alerts"`
	MissedStreak int      `json:"missed_streak"`
	Worsening    []string `json:"worsening"`
	Reasons      []string `json:"reasons"`
}

func (h *handlers) caseload(c echo.Context) error {
	v := validate.Errors{}
	offset := web.QueryInt(c, v, "offset", 0, 0, 1_000_000)
	limit := web.QueryInt(c, v, "limit", 50, 1, MaxCaseloadPage)
	if err := v.Err(); err != nil {
		return err
	}
	page, err := h.svc.Caseload(c.Request().Context(), auth.CallerFrom(c), offset, limit)
	if err != nil {
		return err
	}
	out := make([]entryJSON, len(page.Entries))
	for i, e := range page.Entries {
		out[i] = entryJSON{ClientID: e.ClientID.String(), Name: e.Name, OpenAlerts: e.OpenAlerts,
			MissedStreak: e.MissedStreak, Worsening: e.Worsening, Reasons: e.Reasons}
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{"clients": out, "total": page.Total, "flagged": page.Flagged,
		"offset": offset, "limit": limit})
}
