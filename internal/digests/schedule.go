package digests

import (
	"time"

	"github.com/steadyhq/steady/internal/cadence"
)

// Settings are when a person's digest is made and whether it is emailed: a weekday and an
// hour on their own wall clock, in their own time zone.
type Settings struct {
	Weekday  time.Weekday
	Hour     int
	TimeZone string
	Email    bool
}

// DefaultSettings are Monday at 08:00, emailed.
func DefaultSettings(zone string) Settings {
	return Settings{Weekday: time.Monday, Hour: 8, TimeZone: zone, Email: true}
}

// location is the settings' zone; a zone the server does not know reads as UTC rather than
// stop every digest (settings are checked when saved).
func (s Settings) location() *time.Location {
	if loc, err := cadence.Location(s.TimeZone); err == nil {
		return loc
	}
	return time.UTC
}

// NextSend is the first instant after t at which the person's wall clock reads their weekday
// at their hour. cadence.WallTime settles daylight saving: an hour skipped in spring is sent
// at the first instant after the gap, an hour that happens twice in autumn is sent once.
func (s Settings) NextSend(after time.Time) time.Time {
	loc := s.location()
	d := cadence.DateOf(after, loc)
	for i := 0; i <= 7; i++ {
		day := d.AddDays(i)
		if day.Weekday() != s.Weekday {
			continue
		}
		if at := cadence.WallTime(day, cadence.Clock{Hour: s.Hour}, loc); at.After(after) {
			return at
		}
	}
	// Unreachable: the loop looks at eight days, so the weekday comes round at least once after.
	return cadence.WallTime(d.AddDays(7), cadence.Clock{Hour: s.Hour}, loc)
}

// Week names the week a digest sent at t belongs to, by the Monday of t's ISO week in the
// person's zone (one digest per person per week, even when they change the day), and the
// seven days it looks back on: the seven before the send date.
func (s Settings) Week(at time.Time) (week, from, to cadence.Date) {
	d := cadence.DateOf(at, s.location())
	back := (int(d.Weekday()) + 6) % 7 // days since Monday
	return d.AddDays(-back), d.AddDays(-7), d.AddDays(-1)
}
