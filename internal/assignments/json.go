package assignments

import (
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/validate"
)

// The API's shapes (internal/web/openapi.yaml); stored rows are never sent as they are.

type cadenceJSON struct {
	Kind     string        `json:"kind"`
	Start    cadence.Date  `json:"start"`
	End      *cadence.Date `json:"end,omitempty"`
	Weekdays []string      `json:"weekdays,omitempty"`
	Every    int           `json:"every,omitempty"`
	Days     int           `json:"days,omitempty"`
	At       string        `json:"at"`
}

var weekdayNames = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

func toCadenceJSON(r cadence.Rule) cadenceJSON {
	out := cadenceJSON{Kind: string(r.Kind), Start: r.Start, End: r.End, Every: r.Every, Days: r.Days, At: r.At.String()}
	for _, d := range r.Weekdays {
		out.Weekdays = append(out.Weekdays, weekdayNames[d])
	}
	return out
}

// cadenceRequest is read leniently as strings, so each bad value gets its own message.
type cadenceRequest struct {
	Kind     string   `json:"kind"`
	Start    string   `json:"start"`
	End      string   `json:"end"`
	Weekdays []string `json:"weekdays"`
	Every    int      `json:"every"`
	Days     int      `json:"days"`
	At       string   `json:"at"`
}

func (r cadenceRequest) rule() (cadence.Rule, error) {
	v := validate.Errors{}
	out := cadence.Rule{Kind: cadence.Kind(r.Kind), Days: r.Days, Every: r.Every}
	var err error
	if out.Start, err = cadence.ParseDate(r.Start); err != nil {
		v.Add("cadence.start", "must be a date like 2026-03-08")
	}
	if r.End != "" {
		end, err := cadence.ParseDate(r.End)
		if err != nil {
			v.Add("cadence.end", "must be a date like 2026-03-08")
		}
		out.End = &end
	}
	if out.At, err = cadence.ParseClock(r.At); err != nil {
		v.Add("cadence.at", "must be a time like 19:00, between 00:00 and 23:59")
	}
	for _, name := range r.Weekdays {
		d := -1
		for i, n := range weekdayNames {
			if n == name {
				d = i
			}
		}
		if d < 0 {
			v.Add("cadence.weekdays", "must list days as sun, mon, tue, wed, thu, fri, sat")
			continue
		}
		out.Weekdays = append(out.Weekdays, time.Weekday(d))
	}
	return out, v.Err()
}

type responseJSON struct {
	ID          string         `json:"id"`
	SubmittedAt time.Time      `json:"submitted_at"`
	Answers     map[string]any `json:"answers"`
}

type occurrenceJSON struct {
	Date     cadence.Date  `json:"date"`
	Step     int           `json:"step"`
	DueAt    time.Time     `json:"due_at"`
	Status   string        `json:"status"`
	Response *responseJSON `json:"response,omitempty"`
}

type assignmentJSON struct {
	ID              string             `json:"id"`
	ClientID        string             `json:"client_id"`
	ClientName      string             `json:"client_name"`
	CoupleID        *uuid.UUID         `json:"couple_id,omitempty"`
	GroupID         string             `json:"group_id"`
	Title           string             `json:"title"`
	LibrarySlug     string             `json:"library_slug"`
	TemplateID      *uuid.UUID         `json:"template_id,omitempty"`
	TemplateVersion *int               `json:"template_version,omitempty"`
	Definition      library.Definition `json:"definition"`
	Cadence         cadenceJSON        `json:"cadence"`
	Status          string             `json:"status"`
	CreatedAt       time.Time          `json:"created_at"`
	PausedAt        *time.Time         `json:"paused_at,omitempty"`
	StoppedAt       *time.Time         `json:"stopped_at,omitempty"`
	Reminders       remindersJSON      `json:"reminders"`
	Occurrences     []occurrenceJSON   `json:"occurrences"`
}

// remindersJSON is an assignment's reminder settings; a null at means the assignment's time.
type remindersJSON struct {
	Channel string  `json:"channel"`
	At      *string `json:"at"`
	Nudge   bool    `json:"nudge"`
}

// ToJSON is an assignment as the API sends it.
func ToJSON(v *AssignmentView) assignmentJSON {
	a := &v.Assignment
	out := assignmentJSON{ID: a.ID.String(), ClientID: a.ClientID.String(), ClientName: v.ClientName,
		CoupleID: a.CoupleID, GroupID: a.GroupID.String(), Title: a.Title, LibrarySlug: a.LibrarySlug,
		TemplateID: a.TemplateID, TemplateVersion: a.TemplateVersion, Definition: a.Definition,
		Cadence: toCadenceJSON(a.Rule()), Status: a.Status, CreatedAt: a.CreatedAt, PausedAt: a.PausedAt,
		StoppedAt: a.StoppedAt, Occurrences: make([]occurrenceJSON, len(v.Occurrences)),
		Reminders: remindersJSON{Channel: a.ReminderChannel, At: a.ReminderAt, Nudge: a.ReminderNudge}}
	for i, o := range v.Occurrences {
		oj := occurrenceJSON{Date: o.Date, Step: o.Step, DueAt: o.Due, Status: string(o.Status)}
		if r := o.Response; r != nil {
			oj.Response = &responseJSON{ID: r.ID.String(), SubmittedAt: r.SubmittedAt, Answers: r.Answers}
		}
		out.Occurrences[i] = oj
	}
	return out
}

func toAssignmentsJSON(vs []AssignmentView) []assignmentJSON {
	out := make([]assignmentJSON, len(vs))
	for i := range vs {
		out[i] = ToJSON(&vs[i])
	}
	return out
}
