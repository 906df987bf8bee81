package homework

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/crisis"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/validate"
	"github.com/steadyhq/steady/internal/web"
)

type taskJSON struct {
	AssignmentID string       `json:"assignment_id"`
	Date         cadence.Date `json:"date"`
	Step         int          `json:"step"`
	Title        string       `json:"title"`
	Summary      string       `json:"summary"`
	Minutes      int          `json:"minutes"`
	Status       string       `json:"status"`
	DueAt        time.Time    `json:"due_at"`
}

func toTaskJSON(t Task) taskJSON {
	d := &t.Assignment.Definition
	return taskJSON{AssignmentID: t.Assignment.ID.String(), Date: t.Occurrence.Date, Step: t.Occurrence.Step,
		Title: taskTitle(d, t.Occurrence.Step), Summary: d.Summary, Minutes: d.Minutes, Status: string(t.Status), DueAt: t.Occurrence.Due}
}

func tasksJSON(ts []Task) []taskJSON {
	out := make([]taskJSON, len(ts))
	for i, t := range ts {
		out[i] = toTaskJSON(t)
	}
	return out
}

func (h *handlers) today(c echo.Context) error {
	sess := links.SessionFrom(c)
	open, upcoming, err := h.svc.Today(c.Request().Context(), sess)
	if err != nil {
		return err
	}
	today := cadence.DateOf(h.svc.now(), time.UTC)
	if loc, err := time.LoadLocation(sess.TimeZone); err == nil {
		today = cadence.DateOf(h.svc.now(), loc)
	}
	return c.JSON(http.StatusOK, map[string]any{"today": today, "open": tasksJSON(open), "upcoming": tasksJSON(upcoming)})
}

func (h *handlers) task(c echo.Context) error {
	id, err := web.PathID(c, "assignment_id", ErrNotFound)
	if err != nil {
		return err
	}
	date, err := cadence.ParseDate(c.Param("date"))
	if err != nil {
		return ErrNotFound
	}
	t, answered, err := h.svc.TaskFor(c.Request().Context(), links.SessionFrom(c), id, date)
	if err != nil {
		return err
	}
	d := &t.Assignment.Definition
	return c.JSON(http.StatusOK, struct {
		taskJSON
		Intro    string          `json:"intro,omitempty"`
		Why      string          `json:"why"`
		WatchOut string          `json:"watch_out,omitempty"`
		Fields   []library.Field `json:"fields"`
		Answered bool            `json:"answered"`
	}{toTaskJSON(*t), d.Intro, d.Why, d.WatchOut, d.FieldsFor(t.Occurrence.Step), answered})
}

func (h *handlers) submit(c echo.Context) error {
	var req struct {
		AssignmentID   string                     `json:"assignment_id"`
		Date           string                     `json:"date"`
		Answers        map[string]json.RawMessage `json:"answers"`
		IdempotencyKey string                     `json:"idempotency_key"`
	}
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	v := validate.Errors{}
	in := Submission{AssignmentID: v.ID("assignment_id", req.AssignmentID), Answers: req.Answers,
		IdempotencyKey: v.ID("idempotency_key", req.IdempotencyKey)}
	var err error
	if in.Date, err = cadence.ParseDate(req.Date); err != nil {
		v.Add("date", "must be a date like 2026-03-08")
	}
	if req.Answers == nil {
		v.Add("answers", "is required")
	}
	if err := v.Err(); err != nil {
		return err
	}
	r, replayed, err := h.svc.SubmitClaimed(c.Request().Context(), links.ClaimFrom(c), in, c.RealIP(), c.Request().UserAgent())
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if replayed {
		status = http.StatusOK
	}
	return c.JSON(status, receiptJSON{ID: r.ID.String(), SubmittedAt: r.SubmittedAt, Crisis: r.Crisis})
}

// receiptJSON answers a submission. Crisis is there only when the answer set off a risk item.
type receiptJSON struct {
	ID          string          `json:"id"`
	SubmittedAt time.Time       `json:"submitted_at"`
	Crisis      *crisis.Support `json:"crisis,omitempty"`
}

type pastJSON struct {
	ID           string          `json:"id"`
	AssignmentID string          `json:"assignment_id"`
	Title        string          `json:"title"`
	Date         cadence.Date    `json:"date"`
	Step         int             `json:"step"`
	SubmittedAt  time.Time       `json:"submitted_at"`
	Fields       []library.Field `json:"fields"`
	Answers      map[string]any  `json:"answers"`
}

func (h *handlers) history(c echo.Context) error {
	ctx, sess := c.Request().Context(), links.SessionFrom(c)
	rs, err := h.svc.History(ctx, sess)
	if err != nil {
		return err
	}
	es, err := h.journal.Own(ctx, sess)
	if err != nil {
		return err
	}
	out := make([]pastJSON, len(rs))
	for i, r := range rs {
		out[i] = pastJSON{ID: r.ID.String(), AssignmentID: r.AssignmentID.String(), Title: r.Title,
			Date: cadence.DateOf(r.OccurrenceDate, time.UTC), Step: r.Step, SubmittedAt: r.SubmittedAt,
			Fields: r.Definition.FieldsFor(r.Step), Answers: r.Answers}
	}
	return c.JSON(http.StatusOK, map[string]any{"responses": out, "journal": checkins.ToJSON(es)})
}

type pointJSON struct {
	Date  cadence.Date `json:"date"`
	Total int          `json:"total"`
}

type trendJSON struct {
	Title  string      `json:"title"`
	Points []pointJSON `json:"points"`
	Change string      `json:"change"`
}

type completedJSON struct {
	Title string       `json:"title"`
	Date  cadence.Date `json:"date"`
}

// week is the client's own "your week".
func (h *handlers) week(c echo.Context) error {
	w, err := h.svc.YourWeek(c.Request().Context(), links.SessionFrom(c))
	if err != nil {
		return err
	}
	out := map[string]any{"from": w.From, "to": w.To, "due": w.Due, "done": w.Done, "line": w.Line}
	completed := make([]completedJSON, len(w.Completed))
	for i, x := range w.Completed {
		completed[i] = completedJSON(x)
	}
	trends := make([]trendJSON, len(w.Trends))
	for i, t := range w.Trends {
		trends[i] = trendJSON{Title: t.Title, Change: t.Change, Points: make([]pointJSON, len(t.Points))}
		for j, p := range t.Points {
			trends[i].Points[j] = pointJSON{Date: p.Date, Total: p.Total}
		}
	}
	out["completed"], out["trends"] = completed, trends
	return c.JSON(http.StatusOK, out)
}
