package cadence

import (
	"sort"
	"strings"
	"time"
)

// Kind is the shape of a cadence.
type Kind string

const (
	Once      Kind = "once"      // one occurrence, due on End
	Daily     Kind = "daily"     // every day from Start, to End if set
	Weekly    Kind = "weekly"    // the chosen weekdays from Start, to End if set; every Every weeks
	Monthly   Kind = "monthly"   // Start's day of the month (or the month's last day), to End if set
	Programme Kind = "programme" // Days steps, one a day from Start; paused days do not count
)

// MaxProgrammeDays is the longest programme a Rule may ask for.
const MaxProgrammeDays = 365

// MaxEveryWeeks is the longest gap, in weeks, a weekly Rule may ask for (Rule.Every).
const MaxEveryWeeks = 4

// Rule is an assignment's cadence, in the client's local days and clock.
//
// A weekly rule's weeks begin on Start's weekday: week 0 is Start to Start+6, week 1 the seven
// days after, and so on. With Every 2 the rule gives its weekdays in weeks 0, 2, 4…: a date d
// is given when its weekday is chosen and (days from Start to d)/7 is a multiple of Every.
// Every 0, the zero value (and every rule stored before Every existed), means every week.
//
// A monthly rule gives one date a month, on Start's day of the month. A month without that day
// gives its last day instead: from 31 January, 28 (or 29) February, 31 March, 30 April. Each
// month is taken from Start afresh, so a short month does not pull later months earlier.
type Rule struct {
	Kind     Kind
	Start    Date           // first local day (inclusive); for Once, the day it opens
	End      *Date          // last local day (inclusive), optional; for Once the due date, required
	Weekdays []time.Weekday // Weekly only: the chosen days, at least one, none twice
	Every    int            // Weekly only: every Every weeks from Start's week, 1..MaxEveryWeeks; 0 means 1
	Days     int            // Programme only: the number of steps, 1..MaxProgrammeDays
	At       Clock          // time of day in the client's time zone
}

// Problems maps a field ("kind", "start", "end", "weekdays", "every", "days", "at") to what is
// wrong with it, so a form can show each message beside its field. It has the same shape as
// validate.Errors, so callers can convert it.
type Problems map[string]string

// Error lists the fields in a stable order.
func (p Problems) Error() string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + p[k]
	}
	return "invalid cadence: " + strings.Join(parts, "; ")
}

// Check reports every problem with r as Problems, or nil. Fields that do not apply to the
// kind must be empty: a stored rule should not carry settings that silently do nothing.
func (r Rule) Check() error {
	p := Problems{}
	switch r.Kind {
	case Once, Daily, Weekly, Monthly, Programme:
	case "":
		p["kind"] = "is required"
	default:
		p["kind"] = "must be once, daily, weekly, monthly or programme"
	}
	if msg := dateProblem(r.Start); msg != "" {
		p["start"] = msg
	}
	r.checkEnd(p)
	r.checkWeekdays(p)
	r.checkEvery(p)
	r.checkDays(p)
	if !r.At.valid() {
		p["at"] = "must be a time between 00:00 and 23:59"
	}
	if len(p) == 0 {
		return nil
	}
	return p
}

func dateProblem(d Date) string {
	switch {
	case d.IsZero():
		return "is required"
	case !d.valid():
		return "is not a real date"
	}
	return ""
}

func (r Rule) checkEnd(p Problems) {
	switch {
	case r.End == nil && r.Kind == Once:
		p["end"] = "is required: it is the due date of a one-off exercise"
	case r.End == nil:
	case dateProblem(*r.End) != "":
		p["end"] = dateProblem(*r.End)
	case r.Start.valid() && r.End.Before(r.Start):
		p["end"] = "must not be before start"
	}
}

func (r Rule) checkWeekdays(p Problems) {
	if r.Kind != Weekly {
		if len(r.Weekdays) > 0 {
			p["weekdays"] = "only apply to a weekly exercise"
		}
		return
	}
	if len(r.Weekdays) == 0 {
		p["weekdays"] = "choose at least one day"
		return
	}
	var seen uint8
	for _, w := range r.Weekdays {
		switch {
		case w < time.Sunday || w > time.Saturday:
			p["weekdays"] = "must be days of the week, 0 (Sunday) to 6 (Saturday)"
			return
		case seen&(1<<w) != 0:
			p["weekdays"] = "repeat " + w.String()
			return
		}
		seen |= 1 << w
	}
}

func (r Rule) checkEvery(p Problems) {
	switch {
	case r.Kind != Weekly && r.Every != 0:
		p["every"] = "only applies to a weekly exercise"
	case r.Every < 0 || r.Every > MaxEveryWeeks:
		p["every"] = "must be 1 to 4 weeks"
	}
}

func (r Rule) checkDays(p Problems) {
	switch {
	case r.Kind == Programme && (r.Days < 1 || r.Days > MaxProgrammeDays):
		p["days"] = "must be between 1 and 365"
	case r.Kind != Programme && r.Days != 0:
		p["days"] = "only apply to a programme"
	}
}

// weekdayMask has bit w set for each chosen weekday w, so matching a date costs no loop.
func (r Rule) weekdayMask() uint8 {
	var m uint8
	for _, w := range r.Weekdays {
		if w >= time.Sunday && w <= time.Saturday {
			m |= 1 << w
		}
	}
	return m
}

// weekOK reports whether the date n days after Start (n >= 0) lies in a week the rule gives:
// weeks begin on Start's weekday, and every Every-th one from Start's own is given (see Rule).
func (r Rule) weekOK(n int) bool {
	return r.Every <= 1 || (n/7)%r.Every == 0
}

// monthDay is the day of month y-m that a monthly rule falls on: Start's day, or the month's
// last day if it is shorter (from the 31st: 28 or 29 February, 30 April).
func (r Rule) monthDay(y int, m time.Month) int {
	return min(r.Start.Day, daysIn(y, m))
}

// dates is the range of candidate dates, first to last inclusive; open reports that there
// is no last. ok is false when the rule can have no dates at all.
func (r Rule) dates() (first, last Date, open, ok bool) {
	switch r.Kind {
	case Once:
		if r.End == nil {
			return Date{}, Date{}, false, false
		}
		return *r.End, *r.End, false, true
	case Daily, Weekly, Monthly, Programme:
		if r.End == nil {
			return r.Start, Date{}, true, true
		}
		return r.Start, *r.End, false, !r.End.Before(r.Start)
	}
	return Date{}, Date{}, false, false
}
