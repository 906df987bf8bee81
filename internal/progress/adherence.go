package progress

import (
	"time"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/library"
)

// adherence counts, per week, the occurrences whose time has come and those answered. An
// occurrence that is still open and unanswered counts as due but not yet missed.
func adherence(views []assignments.AssignmentView, now time.Time) []Week {
	first := weekStart(now).AddDate(0, 0, -7*(adherenceWeeks-1))
	weeks := make([]Week, adherenceWeeks)
	for i := range weeks {
		weeks[i].Start = cadence.DateOf(first.AddDate(0, 0, 7*i), time.UTC)
	}
	for _, v := range views {
		for _, o := range v.Occurrences {
			if o.Status == cadence.Upcoming || o.Due.After(now) {
				continue
			}
			i := int(o.Date.UTC().Sub(first).Hours() / (24 * 7))
			if i < 0 || i >= len(weeks) {
				continue
			}
			weeks[i].Due++
			if o.Status == cadence.Done || o.Status == cadence.Late {
				weeks[i].Done++
			}
		}
	}
	return weeks
}

// calendars lays out the last 60 days of each exercise asked day by day: daily ones, and
// programmes (one step a day), each programme day carrying its step and the step's title.
func calendars(views []assignments.AssignmentView, now time.Time) []Calendar {
	from := cadence.DateOf(now.AddDate(0, 0, -calendarDays+1), time.UTC)
	var out []Calendar
	for _, v := range views {
		kind := cadence.Kind(v.Kind)
		if kind != cadence.Daily && kind != cadence.Programme {
			continue
		}
		c := Calendar{AssignmentID: v.ID, Title: v.Title, Kind: kind}
		for _, o := range v.Occurrences {
			if !o.Date.Before(from) {
				c.Days = append(c.Days, Day{Date: o.Date, Status: o.Status, Step: o.Step, Label: stepTitle(&v.Definition, o.Step)})
			}
		}
		out = append(out, c)
	}
	return out
}

// stepTitle is the title of a programme's step (1-based), or "" for anything else.
func stepTitle(d *library.Definition, step int) string {
	if step < 1 || step > len(d.Steps) {
		return ""
	}
	return d.Steps[step-1].Title
}
