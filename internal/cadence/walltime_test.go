package cadence_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/cadence"
)

func TestWallTime(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, zone, date, clock string
		want                    string // UTC
		reads                   string // the local clock at that instant
	}{
		{"ordinary winter day", "America/New_York", "2026-01-15", "08:00", "2026-01-15T13:00:00Z", "2026-01-15 08:00 EST"},
		{"ordinary summer day", "America/New_York", "2026-07-15", "08:00", "2026-07-15T12:00:00Z", "2026-07-15 08:00 EDT"},
		{"midnight", "America/New_York", "2026-01-15", "00:00", "2026-01-15T05:00:00Z", "2026-01-15 00:00 EST"},
		{"last minute of the day", "America/New_York", "2026-01-15", "23:59", "2026-01-16T04:59:00Z", "2026-01-15 23:59 EST"},
		{"midnight on spring-forward day", "America/New_York", "2026-03-08", "00:00", "2026-03-08T05:00:00Z", "2026-03-08 00:00 EST"},
		{"just before the gap", "America/New_York", "2026-03-08", "01:59", "2026-03-08T06:59:00Z", "2026-03-08 01:59 EST"},
		{"gap start moves forward an hour", "America/New_York", "2026-03-08", "02:00", "2026-03-08T07:00:00Z", "2026-03-08 03:00 EDT"},
		{"inside the gap", "America/New_York", "2026-03-08", "02:30", "2026-03-08T07:30:00Z", "2026-03-08 03:30 EDT"},
		{"last gap minute", "America/New_York", "2026-03-08", "02:59", "2026-03-08T07:59:00Z", "2026-03-08 03:59 EDT"},
		{"gap end exists", "America/New_York", "2026-03-08", "03:00", "2026-03-08T07:00:00Z", "2026-03-08 03:00 EDT"},
		{"before the overlap", "America/New_York", "2026-11-01", "00:59", "2026-11-01T04:59:00Z", "2026-11-01 00:59 EDT"},
		{"overlap start is the earlier", "America/New_York", "2026-11-01", "01:00", "2026-11-01T05:00:00Z", "2026-11-01 01:00 EDT"},
		{"inside the overlap is the earlier", "America/New_York", "2026-11-01", "01:30", "2026-11-01T05:30:00Z", "2026-11-01 01:30 EDT"},
		{"last overlap minute is the earlier", "America/New_York", "2026-11-01", "01:59", "2026-11-01T05:59:00Z", "2026-11-01 01:59 EDT"},
		{"after the overlap", "America/New_York", "2026-11-01", "02:00", "2026-11-01T07:00:00Z", "2026-11-01 02:00 EST"},
		{"London gap", "Europe/London", "2026-03-29", "01:30", "2026-03-29T01:30:00Z", "2026-03-29 02:30 BST"},
		{"London overlap", "Europe/London", "2026-10-25", "01:30", "2026-10-25T00:30:00Z", "2026-10-25 01:30 BST"},
		{"Sydney overlap (April)", "Australia/Sydney", "2026-04-05", "02:30", "2026-04-04T15:30:00Z", "2026-04-05 02:30 AEDT"},
		{"Sydney gap (October)", "Australia/Sydney", "2026-10-04", "02:30", "2026-10-03T16:30:00Z", "2026-10-04 03:30 AEDT"},
		{"Lord Howe half-hour gap", "Australia/Lord_Howe", "2026-10-04", "02:15", "2026-10-03T15:45:00Z", "2026-10-04 02:45 +11"},
		{"Lord Howe half-hour overlap", "Australia/Lord_Howe", "2026-04-05", "01:45", "2026-04-04T14:45:00Z", "2026-04-05 01:45 +11"},
		{"Kolkata, no DST", "Asia/Kolkata", "2026-03-08", "08:00", "2026-03-08T02:30:00Z", "2026-03-08 08:00 IST"},
		{"Kathmandu +05:45", "Asia/Kathmandu", "2026-03-08", "08:00", "2026-03-08T02:15:00Z", "2026-03-08 08:00 +0545"},
		{"Chatham gap at 02:45", "Pacific/Chatham", "2026-09-27", "03:00", "2026-09-26T14:15:00Z", "2026-09-27 04:00 +1345"},
		{"Chatham overlap", "Pacific/Chatham", "2026-04-05", "03:00", "2026-04-04T13:15:00Z", "2026-04-05 03:00 +1345"},
		{"Santiago midnight gap", "America/Santiago", "2026-09-06", "00:30", "2026-09-06T04:30:00Z", "2026-09-06 01:30 -03"},
		{"Samoa skipped a whole day", "Pacific/Apia", "2011-12-30", "08:00", "2011-12-30T18:00:00Z", "2011-12-31 08:00 +14"},
		{"UTC", "UTC", "2026-03-08", "02:30", "2026-03-08T02:30:00Z", "2026-03-08 02:30 UTC"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			loc := mustLoc(t, tc.zone)
			got := cadence.WallTime(mustDate(t, tc.date), mustClock(t, tc.clock), loc)
			requireInstant(t, utc(t, tc.want), got)
			require.Equal(t, tc.reads, local(got, loc))
			require.Equal(t, loc, got.Location(), "the result is in loc")
		})
	}
}

// TestWallTimeMatchesBruteForce checks every minute of every transition day in several zones
// against a brute-force reading of the clock, minute by minute.
func TestWallTimeMatchesBruteForce(t *testing.T) {
	t.Parallel()
	zones := []string{
		"America/New_York", "Europe/London", "Australia/Sydney", "Australia/Lord_Howe",
		"Asia/Kolkata", "Asia/Kathmandu", "Pacific/Chatham", "America/Santiago",
		"America/Havana", "Africa/Casablanca", "Asia/Beirut", "Pacific/Apia",
	}
	for _, name := range zones {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			loc := mustLoc(t, name)
			days := transitionDays(loc, utc(t, "2025-01-01T00:00:00Z"), utc(t, "2028-01-01T00:00:00Z"))
			days = append(days, mustDate(t, "2026-06-15"), mustDate(t, "2026-12-15"))
			if name == "Pacific/Apia" {
				days = append(days, mustDate(t, "2011-12-29"), mustDate(t, "2011-12-30"), mustDate(t, "2011-12-31"))
			}
			for _, d := range days {
				o := readClock(d, loc)
				for m := 0; m < 24*60; m++ {
					c := cadence.Clock{Hour: m / 60, Minute: m % 60}
					got := cadence.WallTime(d, c, loc)
					require.True(t, o.want(d, c).Equal(got), "%s %s: want %s, got %s", d, c, o.want(d, c), got)
				}
			}
		})
	}
}

// transitionDays are the local days (and the days before) on which loc's offset changes.
func transitionDays(loc *time.Location, from, to time.Time) []cadence.Date {
	var out []cadence.Date
	for t := from; t.Before(to); {
		_, end := t.In(loc).ZoneBounds()
		if end.IsZero() {
			break
		}
		out = append(out, cadence.DateOf(end, loc), cadence.DateOf(end.Add(-time.Second), loc))
		t = end
	}
	return out
}

// clockReadings is a brute-force model of a wall clock around one day: the earliest instant
// showing each reading, and every jump where readings are skipped.
type clockReadings struct {
	first map[time.Time]time.Time // reading (as UTC) → earliest instant
	jumps []jump
}

type jump struct {
	before, after time.Time // consecutive minute readings more than a minute apart
	offset        int       // the offset before the jump, seconds
}

func readClock(d cadence.Date, loc *time.Location) clockReadings {
	r := clockReadings{first: map[time.Time]time.Time{}}
	day := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	var prev time.Time
	prevOff := 0
	for u := day.Add(-18 * time.Hour); u.Before(day.Add(42 * time.Hour)); u = u.Add(time.Minute) {
		l := u.In(loc)
		reading := time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), 0, 0, time.UTC)
		if _, ok := r.first[reading]; !ok {
			r.first[reading] = u
		}
		if !prev.IsZero() && reading.Sub(prev) > time.Minute {
			r.jumps = append(r.jumps, jump{before: prev, after: reading, offset: prevOff})
		}
		prev = reading
		_, prevOff = l.Zone()
	}
	return r
}

func (r clockReadings) want(d cadence.Date, c cadence.Clock) time.Time {
	wall := time.Date(d.Year, d.Month, d.Day, c.Hour, c.Minute, 0, 0, time.UTC)
	if u, ok := r.first[wall]; ok {
		return u
	}
	for _, j := range r.jumps {
		if j.before.Before(wall) && wall.Before(j.after) {
			return wall.Add(-time.Duration(j.offset) * time.Second)
		}
	}
	panic(fmt.Sprintf("no reading and no gap for %s %s", d, c))
}
