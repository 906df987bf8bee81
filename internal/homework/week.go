package homework

import (
	"context"
	"time"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/progress"
)

// trendWeeks is how far back the client's own check-in trend looks.
const trendWeeks = 8

// Week is the client's own last seven days: what they did, their own check-ins' trend, and a
// line of encouragement. Only the session's client's data: never a partner's.
type Week struct {
	From, To  cadence.Date
	Due, Done int // tasks whose day has passed (or that are done), and of them done
	Completed []Completed
	Trends    []Trend
	Line      string
}

// Completed is one task done this week.
type Completed struct {
	Title string
	Date  cadence.Date
}

// Trend is one of the client's own check-ins over the last weeks.
type Trend struct {
	Title  string
	Points []progress.Point
	Change string // better, worse or steady (by a reliable change), empty with one point
}

// YourWeek reads the client's last seven days on their own calendar; the PIN guards it like
// their history.
func (s *Service) YourWeek(ctx context.Context, sess *links.Session) (*Week, error) {
	if !sess.PINVerified {
		return nil, links.ErrPINRequired
	}
	now := s.now()
	loc := time.UTC
	if l, err := cadence.Location(sess.TimeZone); err == nil {
		loc = l
	}
	w := &Week{To: cadence.DateOf(now, loc), Completed: []Completed{}, Trends: []Trend{}}
	w.From = w.To.AddDays(-6)
	err := s.db.InTenant(ctx, sess.Scope(), func(tx *db.Tx) error {
		views, err := assignments.ClientWindow(ctx, tx, sess.ClientID, now, now.Add(-8*24*time.Hour), now)
		if err != nil {
			return err
		}
		w.count(views)
		series, err := progress.SeriesOf(ctx, tx, sess.ClientID)
		w.Trends = trends(series, w.To.AddDays(-7*trendWeeks))
		return err
	})
	w.Line = encouragement(w.Due, w.Done)
	return w, err
}

// count tallies the week's tasks and lists those done.
func (w *Week) count(views []assignments.AssignmentView) {
	for _, v := range views {
		for _, o := range v.Occurrences {
			if o.Date.Before(w.From) || o.Date.After(w.To) {
				continue
			}
			switch o.Status {
			case cadence.Done, cadence.Late:
				w.Due, w.Done = w.Due+1, w.Done+1
				w.Completed = append(w.Completed, Completed{Title: taskTitle(&v.Definition, o.Step), Date: o.Date})
			case cadence.Missed:
				w.Due++
			}
		}
	}
}

// trends keeps each series' points since from.
func trends(series []progress.Series, from cadence.Date) []Trend {
	out := []Trend{}
	for _, sr := range series {
		t := Trend{Title: sr.Instrument.Title}
		for _, p := range sr.Points {
			if !p.Date.Before(from) {
				t.Points = append(t.Points, p)
			}
		}
		if len(t.Points) == 0 {
			continue
		}
		if len(t.Points) > 1 {
			first, latest := t.Points[0].Total, t.Points[len(t.Points)-1].Total
			t.Change = changeWord(sr.Instrument.Compare(first, latest))
		}
		out = append(out, t)
	}
	return out
}

func changeWord(c checkins.Change) string {
	switch c {
	case checkins.Improved:
		return "better"
	case checkins.Worsened:
		return "worse"
	}
	return "steady"
}

// encouragement is the week's line, in words that meet the client where they are.
func encouragement(due, done int) string {
	switch {
	case due == 0 && done == 0:
		return "A quiet week for tasks. Your link is here whenever you want it."
	case done == due:
		return "You did every task that came up this week. That kind of steadiness is how trust is rebuilt, one ordinary day at a time."
	case done*2 >= due:
		return "You kept going on most days this week. Each one counts, including the small ones."
	case done > 0:
		return "Some days worked and some didn't; that is what real weeks look like. Picking it up again today is what matters."
	}
	return "This week was hard to fit in, and that is all right. One small task today is a good place to start again."
}

// taskTitle is an exercise's title, with the step's for a programme.
func taskTitle(d *library.Definition, step int) string {
	if step > 0 && step <= len(d.Steps) {
		return d.Title + ": " + d.Steps[step-1].Title
	}
	return d.Title
}
