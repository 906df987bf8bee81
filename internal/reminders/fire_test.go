package reminders

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/cadence"
)

func zone(t *testing.T, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

func date(s string) cadence.Date { d, _ := cadence.ParseDate(s); return d }

func clock(h, m int) cadence.Clock { return cadence.Clock{Hour: h, Minute: m} }

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// Firing times across time zones, daylight saving, quiet hours and nudges, each computed by
// hand from the tz database's published transitions.
func TestNextFiring(t *testing.T) {
	london, newYork, sydney := zone(t, "Europe/London"), zone(t, "America/New_York"), zone(t, "Australia/Sydney")
	daily := func(start string, at cadence.Clock) cadence.Rule {
		return cadence.Rule{Kind: cadence.Daily, Start: date(start), At: at}
	}
	weekly := func(start string, days ...time.Weekday) cadence.Rule {
		return cadence.Rule{Kind: cadence.Weekly, Start: date(start), At: clock(19, 0), Weekdays: days}
	}
	night := Quiet{From: clock(21, 0), To: clock(8, 0)}
	cases := []struct {
		name  string
		rule  cadence.Rule
		loc   *time.Location
		s     Settings
		after string // UTC
		want  Fire
	}{
		{"London winter: 18:00 GMT is 18:00 UTC", daily("2026-01-10", clock(19, 0)), london,
			Settings{At: clock(18, 0)}, "2026-01-12 12:00", Fire{utc("2026-01-12 18:00"), date("2026-01-12"), Reminder}},
		{"London summer: 18:00 BST is 17:00 UTC", daily("2026-07-01", clock(19, 0)), london,
			Settings{At: clock(18, 0)}, "2026-07-02 12:00", Fire{utc("2026-07-02 17:00"), date("2026-07-02"), Reminder}},
		{"the time already passed today: tomorrow's", daily("2026-01-10", clock(19, 0)), london,
			Settings{At: clock(9, 0)}, "2026-01-12 12:00", Fire{utc("2026-01-13 09:00"), date("2026-01-13"), Reminder}},
		{"spring forward: 01:30 does not exist on 29 March, it fires at 02:30 BST", daily("2026-03-20", clock(19, 0)), london,
			Settings{At: clock(1, 30)}, "2026-03-28 12:00", Fire{utc("2026-03-29 01:30"), date("2026-03-29"), Reminder}},
		{"fall back: 01:30 happens twice on 25 October, it fires on the first pass", daily("2026-10-20", clock(19, 0)), london,
			Settings{At: clock(1, 30)}, "2026-10-24 12:00", Fire{utc("2026-10-25 00:30"), date("2026-10-25"), Reminder}},
		{"the day after fall back is back to GMT", daily("2026-10-20", clock(19, 0)), london,
			Settings{At: clock(1, 30)}, "2026-10-25 00:31", Fire{utc("2026-10-26 01:30"), date("2026-10-26"), Reminder}},
		{"New York spring forward: 02:15 becomes 03:15 EDT", daily("2026-03-01", clock(19, 0)), newYork,
			Settings{At: clock(2, 15)}, "2026-03-07 12:00", Fire{utc("2026-03-08 07:15"), date("2026-03-08"), Reminder}},
		{"Sydney: 07:00 on 4 October is already AEDT, UTC+11", daily("2026-10-01", clock(19, 0)), sydney,
			Settings{At: clock(7, 0)}, "2026-10-03 12:00", Fire{utc("2026-10-03 20:00"), date("2026-10-04"), Reminder}},
		{"a morning time in quiet hours waits for their end", daily("2026-01-10", clock(19, 0)), london,
			Settings{At: clock(6, 30), Quiet: night}, "2026-01-12 12:00", Fire{utc("2026-01-13 08:00"), date("2026-01-13"), Reminder}},
		{"an evening time in quiet hours waits for the next morning", daily("2026-01-10", clock(19, 0)), london,
			Settings{At: clock(22, 0), Quiet: night}, "2026-01-12 12:00", Fire{utc("2026-01-13 08:00"), date("2026-01-12"), Reminder}},
		{"weekly: a nudge the next day when no occurrence falls on it", weekly("2026-01-05", time.Monday), london,
			Settings{At: clock(18, 0), Nudge: true}, "2026-01-12 18:01", Fire{utc("2026-01-13 18:00"), date("2026-01-12"), Nudge}},
		{"weekly without nudges: next week's reminder", weekly("2026-01-05", time.Monday), london,
			Settings{At: clock(18, 0)}, "2026-01-12 18:01", Fire{utc("2026-01-19 18:00"), date("2026-01-19"), Reminder}},
		{"Monday and Tuesday: no nudge for Monday, Tuesday's reminder instead", weekly("2026-01-05", time.Monday, time.Tuesday), london,
			Settings{At: clock(18, 0), Nudge: true}, "2026-01-12 18:01", Fire{utc("2026-01-13 18:00"), date("2026-01-13"), Reminder}},
		{"daily with nudges: one message a day", daily("2026-01-10", clock(19, 0)), london,
			Settings{At: clock(18, 0), Nudge: true}, "2026-01-12 18:01", Fire{utc("2026-01-13 18:00"), date("2026-01-13"), Reminder}},
		{"a start in the future: its first day", daily("2026-02-01", clock(19, 0)), london,
			Settings{At: clock(18, 0)}, "2026-01-12 12:00", Fire{utc("2026-02-01 18:00"), date("2026-02-01"), Reminder}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := cadence.Plan{Rule: c.rule, Zones: []cadence.Zone{{From: utc("2025-01-01 00:00"), Loc: c.loc}}}
			got, ok := Next(p, c.s, Fire{At: utc(c.after)})
			require.True(t, ok)
			require.Equal(t, c.want.Kind, got.Kind)
			require.Equal(t, c.want.Date, got.Date)
			require.Equal(t, c.want.At, got.At.UTC())
		})
	}
}

// A client who moves from London to New York is reminded at 18:00 where they now live.
func TestNextFiringFollowsAMove(t *testing.T) {
	moved := utc("2026-01-14 12:00")
	p := cadence.Plan{Rule: cadence.Rule{Kind: cadence.Daily, Start: date("2026-01-10"), At: clock(19, 0)},
		Zones: []cadence.Zone{{From: utc("2025-01-01 00:00"), Loc: zone(t, "Europe/London")}, {From: moved, Loc: zone(t, "America/New_York")}}}
	s := Settings{At: clock(18, 0)}
	f, ok := Next(p, s, Fire{At: utc("2026-01-13 12:00")})
	require.True(t, ok)
	require.Equal(t, utc("2026-01-13 18:00"), f.At.UTC(), "still in London")
	f, ok = Next(p, s, f)
	require.True(t, ok)
	require.Equal(t, date("2026-01-14"), f.Date)
	require.Equal(t, utc("2026-01-14 23:00"), f.At.UTC(), "18:00 in New York")
}

// Walking firing to firing gives each (date, kind) once, in order, and stops with the plan.
func TestNextFiringWalksEachOnce(t *testing.T) {
	end := date("2026-04-26")
	p := cadence.Plan{Rule: cadence.Rule{Kind: cadence.Weekly, Start: date("2026-03-02"), End: &end,
		At: clock(19, 0), Weekdays: []time.Weekday{time.Monday, time.Thursday}},
		Zones: []cadence.Zone{{From: utc("2025-01-01 00:00"), Loc: zone(t, "Europe/London")}}}
	s := Settings{At: clock(1, 30), Nudge: true}
	seen := map[Fire]bool{}
	cursor := Fire{At: utc("2026-03-01 00:00")}
	n := 0
	for {
		f, ok := Next(p, s, cursor)
		if !ok {
			break
		}
		require.True(t, f.after(cursor))
		key := Fire{Date: f.Date, Kind: f.Kind}
		require.False(t, seen[key], "%v fired twice", key)
		seen[key] = true
		cursor = f
		n++
	}
	require.Equal(t, 32, n, "16 occurrences, each with a reminder and a nudge")
}

func TestQuietHours(t *testing.T) {
	night := Quiet{From: clock(21, 0), To: clock(8, 0)}
	require.True(t, night.Contains(clock(23, 0)))
	require.True(t, night.Contains(clock(7, 59)))
	require.False(t, night.Contains(clock(8, 0)))
	require.False(t, night.Contains(clock(20, 59)))
	lunch := Quiet{From: clock(12, 0), To: clock(13, 0)}
	require.True(t, lunch.Contains(clock(12, 30)))
	require.False(t, lunch.Contains(clock(13, 0)))
	require.False(t, Quiet{}.Contains(clock(3, 0)), "equal ends: no quiet hours")
}
