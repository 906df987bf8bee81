package cadence

import (
	"iter"
	"time"
)

// Span is a pause, [From, To); a zero To means still paused.
type Span struct {
	From, To time.Time
}

func (s Span) contains(t time.Time) bool {
	return !t.Before(s.From) && (s.To.IsZero() || t.Before(s.To))
}

// Occurrence is one time the client is asked to do the exercise. All its instants are
// computed in the one zone its Date uses (see Plan).
type Occurrence struct {
	Date     Date      // the client's local day; the occurrence's identity within an assignment
	Step     int       // Programme: 1..Days; otherwise 0
	Due      time.Time // Date at Rule.At
	Opens    time.Time // start of Date (Once: start of Rule.Start): it may be done from then
	EndOfDay time.Time // start of Date+1: completed before it is "done", after it "late"
	Closes   time.Time // start of Date+2, the end of the following day: after it, "missed"
}

// Plan is everything that shapes an assignment's occurrences. Its methods expect a Rule that
// passed Check; a rule that did not yields no occurrences rather than a panic.
type Plan struct {
	Rule    Rule
	Zones   []Zone    // the client's time-zone history, at least one (none means UTC)
	Pauses  []Span    // an occurrence due inside any of these is skipped
	Stopped time.Time // zero: not stopped; otherwise no occurrence is due at or after it
}

// slackDays bounds how far, in days, an occurrence's Due can be from its Date read as UTC
// (offsets and gaps stay within a day each; see reach). Windows over instants are widened
// by it when turned into windows over dates.
const slackDays = 3

// horizonDays bounds Next's search, so one call never walks more than a few years of days.
const horizonDays = 800

// Between returns the occurrences whose Due lies in [from, to), in order. Daily, weekly and
// monthly rules look only at the dates near the window; a programme counts its steps from Start.
func (p Plan) Between(from, to time.Time) []Occurrence {
	if !from.Before(to) {
		return nil
	}
	var out []Occurrence
	lo, hi := DatesAround(from, to)
	for o := range p.occurrences(lo, hi) {
		if !o.Due.Before(from) && o.Due.Before(to) {
			out = append(out, o)
		}
	}
	return out
}

// DatesAround is the span of local dates that holds every occurrence due in [from, to), in
// any zone: what a read of answers to a window's occurrences may keep to.
func DatesAround(from, to time.Time) (lo, hi Date) {
	return DateOf(from, time.UTC).AddDays(-slackDays), DateOf(to, time.UTC).AddDays(slackDays)
}

// On returns the occurrence for local date d, if there is one.
func (p Plan) On(d Date) (Occurrence, bool) {
	for o := range p.occurrences(d, d) {
		return o, true
	}
	return Occurrence{}, false
}

// Next returns the first occurrence with Due >= t, if any. The search stops at the rule's
// End and, whatever the End, 800 days past t (or past Start, if later).
func (p Plan) Next(t time.Time) (Occurrence, bool) {
	lo := DateOf(t, time.UTC).AddDays(-slackDays)
	base := lo
	if base.Before(p.Rule.Start) {
		base = p.Rule.Start
	}
	for o := range p.occurrences(lo, base.AddDays(horizonDays)) {
		if !o.Due.Before(t) {
			return o, true
		}
	}
	return Occurrence{}, false
}

// occurrences yields, in date order, the occurrences dated lo..hi. A programme walks from
// Start whatever lo is, because a step's number depends on every unpaused day before it.
func (p Plan) occurrences(lo, hi Date) iter.Seq[Occurrence] {
	return func(yield func(Occurrence) bool) {
		r := p.Rule
		first, last, open, ok := r.dates()
		if !ok || (r.Kind == Programme && r.Days < 1) || r.Every < 0 || r.Every > MaxEveryWeeks {
			return
		}
		if r.Kind != Programme && first.Before(lo) {
			first = lo
		}
		if open || hi.Before(last) {
			last = hi
		}
		if cut, ok := p.cutoff(); ok && cut.Before(last) {
			last = cut
		}
		mask, step := r.weekdayMask(), 0
		// n counts the days from Start to d, for a weekly rule's weeks; first is never before
		// Start, so n is never negative.
		n := daysBetween(r.Start, first)
		for d := first; !d.After(last); d, n = d.AddDays(1), n+1 {
			switch r.Kind {
			case Weekly:
				if mask&(1<<d.Weekday()) == 0 || !r.weekOK(n) {
					continue
				}
			case Monthly:
				if d.Day != r.monthDay(d.Year, d.Month) {
					continue
				}
			}
			loc, due := p.zoneFor(d)
			if p.skipped(due) {
				continue // paused or stopped: a programme's step waits for the next day
			}
			if r.Kind == Programme {
				if step == r.Days {
					return
				}
				step++
			}
			if d.Before(lo) {
				continue
			}
			if !yield(p.occurrence(d, step, loc, due)) {
				return
			}
		}
	}
}

// cutoff is a date after which every Due is skipped: a few days past the stop or the start
// of a pause with no end. Walking past it would only skip days (Next would walk 800 of them).
func (p Plan) cutoff() (Date, bool) {
	var cut time.Time
	found := !p.Stopped.IsZero()
	if found {
		cut = p.Stopped
	}
	for _, s := range p.Pauses {
		if s.To.IsZero() && (!found || s.From.Before(cut)) {
			cut, found = s.From, true
		}
	}
	return DateOf(cut, time.UTC).AddDays(slackDays), found
}

// skipped reports whether an occurrence due at due is not given: stopped or paused.
func (p Plan) skipped(due time.Time) bool {
	if !p.Stopped.IsZero() && !due.Before(p.Stopped) {
		return true
	}
	for _, s := range p.Pauses {
		if s.contains(due) {
			return true
		}
	}
	return false
}

// occurrence fills in d's window, in the zone its Due was computed in.
func (p Plan) occurrence(d Date, step int, loc *time.Location, due time.Time) Occurrence {
	opens := d
	if p.Rule.Kind == Once {
		opens = p.Rule.Start
	}
	return Occurrence{
		Date:     d,
		Step:     step,
		Due:      due,
		Opens:    WallTime(opens, Clock{}, loc),
		EndOfDay: WallTime(d.AddDays(1), Clock{}, loc),
		Closes:   WallTime(d.AddDays(2), Clock{}, loc),
	}
}
