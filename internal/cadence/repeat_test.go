package cadence_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/cadence"
)

// Every N weeks and monthly: the cadences scored measures (PHQ-9 and the like) use.

func TestWeeklyEvery(t *testing.T) {
	t.Parallel()
	ny, london := mustLoc(t, "America/New_York"), mustLoc(t, "Europe/London")
	monThu := []time.Weekday{time.Thursday, time.Monday}
	cases := []struct {
		name       string
		zone       *time.Location
		start, end string
		weekdays   []time.Weekday
		every      int
		at         string
		dates      []string
		dues       []string // nil: not checked
	}{
		{"fortnightly Mon/Thu across New York's spring-forward", ny, "2026-02-23", "2026-04-02", monThu, 2, "09:00",
			[]string{"2026-02-23", "2026-02-26", "2026-03-09", "2026-03-12", "2026-03-23", "2026-03-26"},
			[]string{"2026-02-23T14:00:00Z", "2026-02-26T14:00:00Z", // 09:00 EST
				"2026-03-09T13:00:00Z", "2026-03-12T13:00:00Z", "2026-03-23T13:00:00Z", "2026-03-26T13:00:00Z"}}, // EDT
		{"fortnightly from a Thursday across London's spring-forward: weeks begin on Thursday", london,
			"2026-03-19", "2026-04-06", monThu, 2, "18:00",
			[]string{"2026-03-19", "2026-03-23", "2026-04-02", "2026-04-06"},
			[]string{"2026-03-19T18:00:00Z", "2026-03-23T18:00:00Z", "2026-04-02T17:00:00Z", "2026-04-06T17:00:00Z"}},
		{"fortnightly across fall-back at 01:30: once, on the first pass", ny, "2026-10-18", "2026-11-15",
			[]time.Weekday{time.Sunday}, 2, "01:30",
			[]string{"2026-10-18", "2026-11-01", "2026-11-15"},
			[]string{"2026-10-18T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-15T06:30:00Z"}},
		{"every 4 weeks", ny, "2026-01-05", "2026-05-31", []time.Weekday{time.Monday}, 4, "09:00",
			[]string{"2026-01-05", "2026-02-02", "2026-03-02", "2026-03-30", "2026-04-27", "2026-05-25"}, nil},
		{"every 3 weeks from a Sunday: the Saturday after is still week 0", ny, "2026-03-01", "2026-04-30",
			[]time.Weekday{time.Saturday}, 3, "09:00",
			[]string{"2026-03-07", "2026-03-28", "2026-04-18"}, nil},
		{"every 2 weeks, a chosen day before Start's weekday falls late in the week", ny, "2026-03-04", "2026-03-31",
			monThu, 2, "09:00",
			[]string{"2026-03-05", "2026-03-09", "2026-03-19", "2026-03-23"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := cadence.Rule{Kind: cadence.Weekly, Start: mustDate(t, tc.start), End: ptr(mustDate(t, tc.end)),
				Weekdays: tc.weekdays, Every: tc.every, At: mustClock(t, tc.at)}
			require.NoError(t, r.Check())
			p := cadence.Plan{Rule: r, Zones: oneZone(tc.zone)}
			got := p.Between(year2026(t))
			require.Equal(t, tc.dates, dates(got))
			if tc.dues != nil {
				require.Equal(t, tc.dues, dues(got))
			}
			requireWellFormed(t, got)
			// On finds exactly these dates, and not the chosen weekdays of the weeks between.
			given := map[cadence.Date]bool{}
			for _, o := range got {
				given[o.Date] = true
			}
			for d := r.Start.AddDays(-7); !d.After(r.End.AddDays(7)); d = d.AddDays(1) {
				_, ok := p.On(d)
				require.Equal(t, given[d], ok, "On(%s)", d)
			}
		})
	}
}

// TestWeeklyEveryOneIsWeekly: Every 0 (stored rules) and Every 1 are the plain weekly rule.
func TestWeeklyEveryOneIsWeekly(t *testing.T) {
	t.Parallel()
	london := mustLoc(t, "Europe/London")
	r := cadence.Rule{
		Kind: cadence.Weekly, Start: mustDate(t, "2026-03-03"), End: ptr(mustDate(t, "2026-04-03")),
		Weekdays: []time.Weekday{time.Friday, time.Monday, time.Wednesday}, At: mustClock(t, "18:00"),
	}
	zero := cadence.Plan{Rule: r, Zones: oneZone(london)}.Between(year2026(t))
	require.Len(t, zero, 14)
	r.Every = 1
	one := cadence.Plan{Rule: r, Zones: oneZone(london)}.Between(year2026(t))
	require.Equal(t, showAll(zero), showAll(one))
	r.Every = 2
	two := cadence.Plan{Rule: r, Zones: oneZone(london)}.Between(year2026(t))
	require.Equal(t, []string{"2026-03-04", "2026-03-06", "2026-03-09", "2026-03-18", "2026-03-20", "2026-03-23",
		"2026-04-01", "2026-04-03"}, dates(two), "weeks from Tuesday 3rd: 3rd–9th, 17th–23rd, 31st–6th")
}

func TestWeeklyEveryNext(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	r := cadence.Rule{Kind: cadence.Weekly, Start: mustDate(t, "2026-02-23"),
		Weekdays: []time.Weekday{time.Monday, time.Thursday}, Every: 2, At: mustClock(t, "09:00")}
	p := cadence.Plan{Rule: r, Zones: oneZone(ny)}
	cases := []struct{ t, want string }{
		{"2026-01-01T00:00:00Z", "2026-02-23"},
		{"2026-02-23T14:00:00Z", "2026-02-23"},
		{"2026-02-23T14:00:01Z", "2026-02-26"},
		{"2026-02-26T14:00:01Z", "2026-03-09"}, // skips the off week, and crosses spring-forward
		{"2026-03-26T13:00:01Z", "2026-04-06"},
	}
	for _, tc := range cases {
		o, ok := p.Next(utc(t, tc.t))
		require.True(t, ok, tc.t)
		require.Equal(t, tc.want, o.Date.String(), tc.t)
	}
	// Every 4 weeks, open-ended, from years ahead: Next still finds the first.
	r.Start, r.Every = mustDate(t, "2028-06-05"), 4
	o, ok := cadence.Plan{Rule: r, Zones: oneZone(ny)}.Next(utc(t, "2026-03-01T00:00:00Z"))
	require.True(t, ok)
	require.Equal(t, "2028-06-05", o.Date.String())
}

func TestMonthly(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, start, end string
		dates            []string
	}{
		{"from the 31st: the last day of shorter months", "2026-01-31", "2026-07-31",
			[]string{"2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30", "2026-07-31"}},
		{"from the 31st in a leap year", "2027-12-31", "2028-04-30",
			[]string{"2027-12-31", "2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30"}},
		{"from the 30th", "2026-01-30", "2026-04-30",
			[]string{"2026-01-30", "2026-02-28", "2026-03-30", "2026-04-30"}},
		{"from the 29th: February does not pull March earlier", "2026-01-29", "2026-04-30",
			[]string{"2026-01-29", "2026-02-28", "2026-03-29", "2026-04-29"}},
		{"from the 29th in a leap year", "2028-01-29", "2028-03-31",
			[]string{"2028-01-29", "2028-02-29", "2028-03-29"}},
		{"from the 15th, End inclusive", "2026-01-15", "2026-04-15",
			[]string{"2026-01-15", "2026-02-15", "2026-03-15", "2026-04-15"}},
		{"End the day before", "2026-01-15", "2026-04-14",
			[]string{"2026-01-15", "2026-02-15", "2026-03-15"}},
		{"End before February's stand-in", "2026-01-31", "2026-02-27", []string{"2026-01-31"}},
		{"End on February's stand-in", "2026-01-31", "2026-02-28", []string{"2026-01-31", "2026-02-28"}},
		{"one day", "2026-03-08", "2026-03-08", []string{"2026-03-08"}},
		{"across the year", "2026-11-01", "2027-02-01",
			[]string{"2026-11-01", "2026-12-01", "2027-01-01", "2027-02-01"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := cadence.Rule{Kind: cadence.Monthly, Start: mustDate(t, tc.start), End: ptr(mustDate(t, tc.end)), At: mustClock(t, "08:00")}
			require.NoError(t, r.Check())
			p := cadence.Plan{Rule: r, Zones: oneZone(time.UTC)}
			got := p.Between(utc(t, "2025-12-01T00:00:00Z"), utc(t, "2029-01-01T00:00:00Z"))
			require.Equal(t, tc.dates, dates(got))
			requireWellFormed(t, got)
			for _, o := range got {
				requireInstant(t, time.Date(o.Date.Year, o.Date.Month, o.Date.Day, 8, 0, 0, 0, time.UTC), o.Due)
				require.Equal(t, 0, o.Step)
				on, ok := p.On(o.Date)
				require.True(t, ok)
				require.Equal(t, show(o), show(on))
				_, ok = p.On(o.Date.AddDays(1))
				require.False(t, ok, "one a month")
			}
		})
	}
}

func TestMonthlyAcrossDST(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	// The 8th at 02:30: 8 March 2026 is spring-forward, when 02:30 never happens.
	r := cadence.Rule{Kind: cadence.Monthly, Start: mustDate(t, "2026-01-08"), End: ptr(mustDate(t, "2026-04-08")), At: mustClock(t, "02:30")}
	got := cadence.Plan{Rule: r, Zones: oneZone(ny)}.Between(year2026(t))
	require.Equal(t, []string{"2026-01-08T07:30:00Z", "2026-02-08T07:30:00Z",
		"2026-03-08T07:30:00Z", // 03:30 EDT: moved on by the gap
		"2026-04-08T06:30:00Z"}, dues(got))
	// The 1st at 01:30: 1 November 2026 is fall-back, when 01:30 happens twice.
	r = cadence.Rule{Kind: cadence.Monthly, Start: mustDate(t, "2026-10-01"), End: ptr(mustDate(t, "2026-12-01")), At: mustClock(t, "01:30")}
	got = cadence.Plan{Rule: r, Zones: oneZone(ny)}.Between(year2026(t))
	require.Equal(t, []string{"2026-10-01T05:30:00Z", "2026-11-01T05:30:00Z", "2026-12-01T06:30:00Z"}, dues(got))
}

// TestMonthlyAcrossZoneMoves: the 15th at 09:00 for a client who moves east, New York to
// London, on 15 March at 12:00 UTC, and back west on 15 June at 10:00 UTC.
func TestMonthlyAcrossZoneMoves(t *testing.T) {
	t.Parallel()
	ny, london := mustLoc(t, "America/New_York"), mustLoc(t, "Europe/London")
	r := cadence.Rule{Kind: cadence.Monthly, Start: mustDate(t, "2026-01-15"), End: ptr(mustDate(t, "2026-07-15")), At: mustClock(t, "09:00")}
	p := cadence.Plan{Rule: r, Zones: []cadence.Zone{{Loc: ny},
		{From: utc(t, "2026-03-15T12:00:00Z"), Loc: london}, {From: utc(t, "2026-06-15T10:00:00Z"), Loc: ny}}}
	from, to := year2026(t)
	got := p.Between(from, to)
	require.Equal(t, []string{"2026-01-15", "2026-02-15", "2026-03-15", "2026-04-15", "2026-05-15", "2026-06-15", "2026-07-15"}, dates(got))
	require.Equal(t, []string{
		"2026-01-15T14:00:00Z", "2026-02-15T14:00:00Z", // New York, EST
		"2026-03-15T13:00:00Z",                         // London's 09:00 (09:00Z) was gone when they landed: New York's, EDT
		"2026-04-15T08:00:00Z", "2026-05-15T08:00:00Z", // London, BST
		"2026-06-15T13:00:00Z", // London's 09:00 (08:00Z) was before the move back: it waits for New York's
		"2026-07-15T13:00:00Z",
	}, dues(got))
	requireWellFormed(t, got)

	// Each window is in the zone its date uses.
	requireInstant(t, utc(t, "2026-03-15T04:00:00Z"), got[2].Opens, "New York midnight, EDT")
	requireInstant(t, utc(t, "2026-03-16T04:00:00Z"), got[2].EndOfDay)
	requireInstant(t, utc(t, "2026-03-17T04:00:00Z"), got[2].Closes)
	requireInstant(t, utc(t, "2026-04-14T23:00:00Z"), got[3].Opens, "London midnight, BST")
	requireInstant(t, utc(t, "2026-04-16T23:00:00Z"), got[3].Closes)
	require.Equal(t, "2026-03-15 13:00 GMT", local(got[2].Due, london), "the client's clock then")

	// Splitting the window at a Due, On and Next agree.
	split := got[3].Due
	require.Equal(t, showAll(got), showAll(append(p.Between(from, split), p.Between(split, to)...)))
	for i, o := range got {
		on, ok := p.On(o.Date)
		require.True(t, ok)
		require.Equal(t, show(o), show(on))
		next, ok := p.Next(o.Due.Add(-time.Second))
		require.True(t, ok)
		require.Equal(t, show(o), show(next))
		next, ok = p.Next(o.Due.Add(time.Second))
		require.Equal(t, i+1 < len(got), ok)
		if ok {
			require.Equal(t, show(got[i+1]), show(next))
		}
	}
}

func TestMonthlyPausedStoppedAndNext(t *testing.T) {
	t.Parallel()
	r := cadence.Rule{Kind: cadence.Monthly, Start: mustDate(t, "2026-01-31"), At: mustClock(t, "08:00")} // open-ended, UTC
	plain := cadence.Plan{Rule: r}
	cases := []struct {
		name  string
		plan  cadence.Plan
		dates []string
	}{
		{"open-ended", plain, []string{"2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30",
			"2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31", "2026-11-30", "2026-12-31", "2027-01-31"}},
		{"a pause from a Due skips that month, one ending at a Due keeps it", cadence.Plan{Rule: r, Pauses: []cadence.Span{
			{From: utc(t, "2026-02-28T08:00:00Z"), To: utc(t, "2026-03-31T08:00:00Z")}}, Stopped: utc(t, "2026-06-01T00:00:00Z")},
			[]string{"2026-01-31", "2026-03-31", "2026-04-30", "2026-05-31"}},
		{"a paused month is skipped, not moved to the next day", cadence.Plan{Rule: r, Pauses: []cadence.Span{
			{From: utc(t, "2026-02-27T00:00:00Z"), To: utc(t, "2026-03-02T00:00:00Z")}}, Stopped: utc(t, "2026-04-01T00:00:00Z")},
			[]string{"2026-01-31", "2026-03-31"}},
		{"stopped exactly at a Due", cadence.Plan{Rule: r, Stopped: utc(t, "2026-04-30T08:00:00Z")},
			[]string{"2026-01-31", "2026-02-28", "2026-03-31"}},
		{"still paused", cadence.Plan{Rule: r, Pauses: []cadence.Span{{From: utc(t, "2026-03-01T00:00:00Z")}}},
			[]string{"2026-01-31", "2026-02-28"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := tc.plan.Between(year2026(t))
			require.Equal(t, tc.dates, dates(got))
			for i, o := range got {
				on, ok := tc.plan.On(o.Date)
				require.True(t, ok)
				require.Equal(t, show(o), show(on))
				next, ok := tc.plan.Next(o.Due.Add(-24 * time.Hour))
				require.True(t, ok)
				require.Equal(t, show(o), show(next))
				if i > 0 { // Next from just after the one before skips any paused month
					next, ok = tc.plan.Next(got[i-1].Due.Add(time.Second))
					require.True(t, ok)
					require.Equal(t, show(o), show(next))
				}
			}
		})
	}
	_, ok := cadence.Plan{Rule: r, Stopped: utc(t, "2026-04-30T08:00:00Z")}.Next(utc(t, "2026-03-31T08:00:01Z"))
	require.False(t, ok, "stopped")
	o, ok := plain.Next(utc(t, "2026-02-01T00:00:00Z"))
	require.True(t, ok)
	require.Equal(t, "2026-02-28", o.Date.String())
	_, ok = plain.On(mustDate(t, "2026-03-28"))
	require.False(t, ok, "February's stand-in does not carry into March")
}

// TestStatusOfNewCadences: a monthly or fortnightly occurrence has the same window as any
// other: its own day, and the day after to catch up.
func TestStatusOfNewCadences(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	monthly := cadence.Plan{Rule: cadence.Rule{Kind: cadence.Monthly, Start: mustDate(t, "2026-01-07"), At: mustClock(t, "20:00")}, Zones: oneZone(ny)}
	fortnightly := cadence.Plan{Rule: cadence.Rule{Kind: cadence.Weekly, Start: mustDate(t, "2026-02-21"),
		Weekdays: []time.Weekday{time.Saturday}, Every: 2, At: mustClock(t, "20:00")}, Zones: oneZone(ny)}
	for name, p := range map[string]cadence.Plan{"monthly": monthly, "fortnightly": fortnightly} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			// Saturday 7 March: its following day, spring-forward, has 23 hours.
			o, ok := p.On(mustDate(t, "2026-03-07"))
			require.True(t, ok)
			opens, eod, closes := utc(t, "2026-03-07T05:00:00Z"), utc(t, "2026-03-08T05:00:00Z"), utc(t, "2026-03-09T04:00:00Z")
			requireInstant(t, utc(t, "2026-03-08T01:00:00Z"), o.Due)
			requireInstant(t, opens, o.Opens)
			requireInstant(t, eod, o.EndOfDay)
			requireInstant(t, closes, o.Closes)
			sec := time.Second
			require.Equal(t, cadence.Upcoming, o.StatusOf(nil, opens.Add(-sec)))
			require.Equal(t, cadence.Due, o.StatusOf(nil, opens))
			require.Equal(t, cadence.Due, o.StatusOf(nil, closes.Add(-sec)))
			require.Equal(t, cadence.Missed, o.StatusOf(nil, closes))
			require.Equal(t, cadence.Done, o.StatusOf(ptr(eod.Add(-sec)), closes))
			require.Equal(t, cadence.Late, o.StatusOf(ptr(eod), closes))
			require.True(t, o.Open(opens))
			require.False(t, o.Open(closes))
		})
	}
	_, ok := fortnightly.On(mustDate(t, "2026-02-28"))
	require.False(t, ok, "the off week")
}
