package progress

import (
	"slices"
	"sort"
	"time"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
)

// The weekly digest's figures (migrations/0015) are computed here at each refresh, from the
// views and scores the caseload's are computed from, and read back by Weeks. Each changes only
// when an answer, an assignment or a time zone changes (the triggers mark the row stale) or
// when an occurrence closes (stale_after), except a measure opening: see measuresDue.

// endingAhead is how many days after a week an assignment's last day counts as ending soon.
const endingAhead = 14

// dated is a title on a client's local date, as stored in measures_due, ending and completed.
// Opens is set on a measure that was not open yet when the row was refreshed.
type dated struct {
	Date  cadence.Date `json:"date"`
	Title string       `json:"title"`
	Opens *time.Time   `json:"opens,omitempty"`
}

// summary is what Refresh stores for one client.
type summary struct {
	missed, kept                   int
	worsening, improving           []worse
	days                           map[string][2]int
	measuresDue, ending, completed []dated
	staleAfter                     time.Time
	lastMissedDue                  *time.Time // the most recent missed occurrence's, if any
}

// summarise computes a client's stored summary from their occurrences in the window Refresh
// loads and their scores.
func summarise(views []assignments.AssignmentView, series []Series, now time.Time) summary {
	closed := closedNewestFirst(views)
	first := firstFullDay(now)
	s := summary{missed: missedStreak(closed), kept: keptStreak(closed), staleAfter: nextClosing(views, now)}
	for _, o := range closed { // newest first
		if o.status == cadence.Missed {
			s.lastMissedDue = &o.due
			break
		}
	}
	s.worsening, s.improving = changes(series)
	s.days = dayCounts(views, first)
	s.measuresDue = measuresDue(views, first, s.staleAfter)
	s.ending = ending(views, first, now)
	s.completed = completed(views, first)
	return s
}

// firstFullDay is the first local date all of whose occurrences are in the window Refresh
// loads (those due from streakBack ago). A date's occurrences are due from 14 hours before its
// midnight read as UTC (zones' offsets reach +14:00), so of the window's first UTC date and
// the next, some occurrences may be left out; a count of them would be short.
func firstFullDay(now time.Time) cadence.Date {
	return cadence.DateOf(now.Add(-streakBack), time.UTC).AddDays(2)
}

// changes lists the measures worse, and those better, by a reliable change.
func changes(series []Series) (worsening, improving []worse) {
	worsening, improving = []worse{}, []worse{}
	for _, sr := range series {
		first, latest, c, ok := sr.Change()
		if !ok {
			continue
		}
		w := worse{Instrument: sr.Instrument.Key, First: first, Latest: latest}
		switch c {
		case checkins.Worsened:
			worsening = append(worsening, w)
		case checkins.Improved:
			improving = append(improving, w)
		}
	}
	return worsening, improving
}

// closedOccurrence is what a streak needs of a closed occurrence; at is its place in the views.
type closedOccurrence struct {
	due    time.Time
	status cadence.Status
	at     int
}

// closedNewestFirst lists the closed occurrences (done, late or missed), the most recent due
// first; occurrences due at the same instant keep the views' order.
func closedNewestFirst(views []assignments.AssignmentView) []closedOccurrence {
	var closed []closedOccurrence
	for _, v := range views {
		for _, o := range v.Occurrences {
			if closedStatus(o.Status) {
				closed = append(closed, closedOccurrence{due: o.Due, status: o.Status, at: len(closed)})
			}
		}
	}
	slices.SortFunc(closed, func(a, b closedOccurrence) int {
		if c := b.due.Compare(a.due); c != 0 {
			return c
		}
		return a.at - b.at
	})
	return closed
}

// keptStreak counts occurrences done, on time or late, in a row from the most recent closed
// one back: the mirror of missedStreak.
func keptStreak(closed []closedOccurrence) int {
	return streak(closed, func(s cadence.Status) bool { return s == cadence.Done || s == cadence.Late })
}

// streak counts the occurrences from the first for which in holds.
func streak(closed []closedOccurrence, in func(cadence.Status) bool) int {
	n := 0
	for _, o := range closed {
		if !in(o.status) {
			break
		}
		n++
	}
	return n
}

// dayCounts counts, per local date from first, the occurrences done or closed (due) and of
// them those done, on time or late. An occurrence still open and unanswered is in neither: it
// may yet be done, and its closing makes the row stale. A day with none is absent.
func dayCounts(views []assignments.AssignmentView, first cadence.Date) map[string][2]int {
	byDay := map[cadence.Date][2]int{}
	for _, v := range views {
		for _, o := range v.Occurrences {
			if !closedStatus(o.Status) || o.Date.Before(first) {
				continue
			}
			c := byDay[o.Date]
			c[0]++
			if o.Status != cadence.Missed {
				c[1]++
			}
			byDay[o.Date] = c
		}
	}
	out := make(map[string][2]int, len(byDay))
	for d, c := range byDay {
		out[d.String()] = c
	}
	return out
}

// measuresDue lists the measures asked and not answered, from first: missed, or open now. A
// measure opening before the row turns stale (staleAfter) is listed with when it opens, so a
// read after that instant counts it with no refresh: opening is no write and closes nothing.
func measuresDue(views []assignments.AssignmentView, first cadence.Date, staleAfter time.Time) []dated {
	out := []dated{}
	for _, v := range views {
		if v.Definition.Measure == "" {
			continue
		}
		for _, o := range v.Occurrences {
			if o.Date.Before(first) {
				continue
			}
			switch {
			case o.Status == cadence.Missed || o.Status == cadence.Due:
				out = append(out, dated{Date: o.Date, Title: v.Title})
			case o.Status == cadence.Upcoming && o.Opens.Before(staleAfter):
				opens := o.Opens
				out = append(out, dated{Date: o.Date, Title: v.Title, Opens: &opens})
			}
		}
	}
	return byDate(out)
}

// ending lists the assignments not stopped with their last day, from first to endingAhead days
// past the latest instant the row stays fresh (closingAhead from now): any week read before
// then finds those ending in the days after it.
func ending(views []assignments.AssignmentView, first cadence.Date, now time.Time) []dated {
	last := cadence.DateOf(now.Add(closingAhead), time.UTC).AddDays(endingAhead)
	out := []dated{}
	for _, v := range views {
		if v.Status == assignments.Stopped {
			continue
		}
		if d, ok := lastDay(v); ok && !d.Before(first) && !d.After(last) {
			out = append(out, dated{Date: d, Title: v.Title})
		}
	}
	return byDate(out)
}

// lastDay is the date of an assignment's last occurrence: a programme's last step, when the
// window holds it, or else the end date. An assignment with neither has none in sight.
func lastDay(v assignments.AssignmentView) (cadence.Date, bool) {
	if o, ok := lastStep(v); ok {
		return o.Date, true
	}
	if v.EndDate != nil {
		return cadence.DateOf(*v.EndDate, time.UTC), true
	}
	return cadence.Date{}, false
}

// lastStep is a programme's last step among the window's occurrences.
func lastStep(v assignments.AssignmentView) (assignments.OccurrenceView, bool) {
	if cadence.Kind(v.Kind) != cadence.Programme || v.Days < 1 {
		return assignments.OccurrenceView{}, false
	}
	for i := len(v.Occurrences) - 1; i >= 0; i-- {
		if v.Occurrences[i].Step == v.Days {
			return v.Occurrences[i], true
		}
	}
	return assignments.OccurrenceView{}, false
}

// completed lists the programmes whose last step, dated from first, was done, on time or
// late, dated by that step.
func completed(views []assignments.AssignmentView, first cadence.Date) []dated {
	out := []dated{}
	for _, v := range views {
		o, ok := lastStep(v)
		if ok && (o.Status == cadence.Done || o.Status == cadence.Late) && !o.Date.Before(first) {
			out = append(out, dated{Date: o.Date, Title: v.Title})
		}
	}
	return byDate(out)
}

// byDate orders dated titles by date, then title.
func byDate(ds []dated) []dated {
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].Date != ds[j].Date {
			return ds[i].Date.Before(ds[j].Date)
		}
		return ds[i].Title < ds[j].Title
	})
	return ds
}
