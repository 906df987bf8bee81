// Package reminders sends the messages that bring a client back to their homework: one at the
// time of day they want, on the day of each occurrence, and one nudge the day after an
// occurrence left undone. Firing times are computed from the same cadence as the occurrences;
// an index of each assignment's next firing lets the dispatcher find what is due in batches.
package reminders

import (
	"time"

	"github.com/steadyhq/steady/internal/cadence"
)

// Kind is what a message is for.
type Kind string

// Kinds of message.
const (
	Reminder Kind = "reminder" // on the occurrence's day, at the chosen time
	Nudge    Kind = "nudge"    // the next day, at the same time, if the occurrence is still undone
)

// Quiet is a practice's quiet hours, in the client's local time: no message starts inside
// them.
type Quiet = cadence.Window

// Settings shape one assignment's messages.
type Settings struct {
	At    cadence.Clock // the client's local time of day
	Nudge bool
	Quiet Quiet
}

// Fire is one message to send: for which occurrence, of which kind, when.
type Fire struct {
	At   time.Time
	Date cadence.Date
	Kind Kind
}

// lookBack covers the nudge of an occurrence a day or two back; lookAhead covers the longest
// gap between occurrences of any cadence (a month, or four weeks), with room to spare.
const (
	lookBack  = 72 * time.Hour
	lookAhead = 40 * 24 * time.Hour
)

// Next is the first firing after cursor, in the order of (At, Date, Kind): pass the last
// firing handled, or Fire{At: now} to start from now (firings at now itself count). Each
// occurrence gives a reminder on its own local day at s.At and, with s.Nudge, a nudge the next
// day at s.At unless another occurrence falls on that day (its reminder brings the client
// back; a second message at the same hour would be noise). Both are in the zone the
// occurrence's day is lived in, so a client who moves is reminded at their new local time, and
// daylight saving follows cadence.WallTime: a time in a spring-forward gap moves forward, a
// repeated fall-back time fires on its first pass.
func Next(p cadence.Plan, s Settings, cursor Fire) (Fire, bool) {
	from := cursor.At.Add(-lookBack)
	// A week's window settles most plans cheaply (the dispatcher calls this for every firing).
	// Its answer stands only well inside the window: an occurrence due after the window has
	// no firing more than a day before its due time.
	if best, found := earliest(p, s, cursor, from, from.Add(shortAhead)); found && best.At.Before(from.Add(shortAhead-48*time.Hour)) {
		return best, true
	}
	for {
		if best, found := earliest(p, s, cursor, from, from.Add(lookAhead)); found {
			return best, true
		}
		next, ok := p.Next(from.Add(lookAhead))
		if !ok {
			return Fire{}, false
		}
		from = next.Due.Add(-lookBack)
	}
}

// shortAhead is the first, cheap window Next looks in.
const shortAhead = 7 * 24 * time.Hour

// earliest is the first firing after cursor among the occurrences due in [from, to).
func earliest(p cadence.Plan, s Settings, cursor Fire, from, to time.Time) (Fire, bool) {
	best, found := Fire{}, false
	for _, o := range p.Between(from, to) {
		for _, f := range firings(p, o, s) {
			if f.after(cursor) && (!found || best.after(f)) {
				best, found = f, true
			}
		}
	}
	return best, found
}

// after orders firings by time, then date, then kind (a nudge before a reminder).
func (f Fire) after(c Fire) bool {
	switch {
	case !f.At.Equal(c.At):
		return f.At.After(c.At)
	case f.Date != c.Date:
		return f.Date.After(c.Date)
	default:
		return f.Kind == Reminder && c.Kind != Reminder
	}
}

// firings are an occurrence's messages.
func firings(p cadence.Plan, o cadence.Occurrence, s Settings) []Fire {
	loc := o.EndOfDay.Location()
	out := []Fire{{At: s.fireAt(o.Date, loc), Date: o.Date, Kind: Reminder}}
	if !s.Nudge {
		return out // without asking the plan about the next day: half of Next's work in a storm
	}
	if _, busy := p.On(o.Date.AddDays(1)); !busy {
		out = append(out, Fire{At: s.fireAt(o.Date.AddDays(1), loc), Date: o.Date, Kind: Nudge})
	}
	return out
}

// fireAt is day d at the chosen time, moved to the end of quiet hours when it lies inside
// them (quiet hours set after the time was chosen; a new choice inside them is refused).
func (s Settings) fireAt(d cadence.Date, loc *time.Location) time.Time {
	if !s.Quiet.Contains(s.At) {
		return cadence.WallTime(d, s.At, loc)
	}
	if s.At.Hour*60+s.At.Minute >= s.Quiet.To.Hour*60+s.Quiet.To.Minute { // evening: quiet ends the next morning
		d = d.AddDays(1)
	}
	return cadence.WallTime(d, s.Quiet.To, loc)
}
