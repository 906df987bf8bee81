package cadence_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/cadence"
)

// year2026 is a window that holds every occurrence these tests make.
func year2026(t testing.TB) (time.Time, time.Time) {
	return utc(t, "2025-12-01T00:00:00Z"), utc(t, "2027-02-01T00:00:00Z")
}

func TestDailyAcrossNewYorkDST(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	cases := []struct {
		name, start, end, at string
		dues                 []string
	}{
		{"08:00 across spring-forward", "2026-03-05", "2026-03-11", "08:00", []string{
			"2026-03-05T13:00:00Z", "2026-03-06T13:00:00Z", "2026-03-07T13:00:00Z",
			"2026-03-08T12:00:00Z", "2026-03-09T12:00:00Z", "2026-03-10T12:00:00Z", "2026-03-11T12:00:00Z",
		}},
		{"08:00 across fall-back", "2026-10-29", "2026-11-04", "08:00", []string{
			"2026-10-29T12:00:00Z", "2026-10-30T12:00:00Z", "2026-10-31T12:00:00Z",
			"2026-11-01T13:00:00Z", "2026-11-02T13:00:00Z", "2026-11-03T13:00:00Z", "2026-11-04T13:00:00Z",
		}},
		{"02:30 across spring-forward: the missing 02:30 is 03:30", "2026-03-06", "2026-03-10", "02:30", []string{
			"2026-03-06T07:30:00Z", "2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z",
			"2026-03-09T06:30:00Z", "2026-03-10T06:30:00Z",
		}},
		{"01:30 across fall-back: once, on the first pass", "2026-10-30", "2026-11-03", "01:30", []string{
			"2026-10-30T05:30:00Z", "2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z",
			"2026-11-02T06:30:00Z", "2026-11-03T06:30:00Z",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := cadence.Plan{Rule: daily(t, tc.start, tc.end, tc.at), Zones: oneZone(ny)}
			got := p.Between(year2026(t))
			require.Equal(t, tc.dues, dues(got))
			requireEveryDayOnce(t, got, mustDate(t, tc.start), mustDate(t, tc.end))
			for _, o := range got {
				if o.Date != mustDate(t, "2026-03-08") || tc.at != "02:30" {
					require.Equal(t, o.Date.String()+" "+tc.at, local(o.Due, ny)[:16], "always %s local", tc.at)
				}
			}
		})
	}
}

func TestDailyAcrossOtherZonesDST(t *testing.T) {
	t.Parallel()
	cases := []struct{ zone, start, end string }{
		{"Europe/London", "2026-03-26", "2026-04-01"},
		{"Europe/London", "2026-10-22", "2026-10-28"},
		{"Australia/Sydney", "2026-04-02", "2026-04-08"},
		{"Australia/Sydney", "2026-10-01", "2026-10-07"},
		{"Australia/Lord_Howe", "2026-04-02", "2026-04-08"},
		{"Pacific/Chatham", "2026-09-24", "2026-09-30"},
		{"Asia/Kolkata", "2026-03-05", "2026-03-11"},
		{"Asia/Kathmandu", "2026-03-05", "2026-03-11"},
	}
	for _, tc := range cases {
		t.Run(tc.zone+" "+tc.start, func(t *testing.T) {
			t.Parallel()
			loc := mustLoc(t, tc.zone)
			p := cadence.Plan{Rule: daily(t, tc.start, tc.end, "08:00"), Zones: oneZone(loc)}
			got := p.Between(year2026(t))
			requireEveryDayOnce(t, got, mustDate(t, tc.start), mustDate(t, tc.end))
			for i, o := range got {
				require.Equal(t, o.Date.String()+" 08:00", local(o.Due, loc)[:16])
				if i > 0 { // a day apart, give or take the DST shift (an hour, or half at Lord Howe)
					step := o.Due.Sub(got[i-1].Due)
					require.InDelta(t, float64(24*time.Hour), float64(step), float64(time.Hour))
				}
			}
		})
	}
}

// requireEveryDayOnce: the occurrences are exactly the days first..last, in order, with Due
// strictly increasing and each inside its window.
func requireEveryDayOnce(t testing.TB, os []cadence.Occurrence, first, last cadence.Date) {
	t.Helper()
	want := []string{}
	for d := first; !d.After(last); d = d.AddDays(1) {
		want = append(want, d.String())
	}
	require.Equal(t, want, dates(os))
	requireWellFormed(t, os)
}

func requireWellFormed(t testing.TB, os []cadence.Occurrence) {
	t.Helper()
	for i, o := range os {
		require.False(t, o.Due.Before(o.Opens), "%s: Opens <= Due", o.Date)
		require.True(t, o.Due.Before(o.Closes), "%s: Due < Closes", o.Date)
		require.True(t, o.Opens.Before(o.EndOfDay) && !o.EndOfDay.After(o.Closes), "%s: Opens < EndOfDay <= Closes", o.Date)
		if i > 0 {
			require.True(t, os[i-1].Date.Before(o.Date), "dates increase: %s then %s", os[i-1].Date, o.Date)
			require.True(t, os[i-1].Due.Before(o.Due), "dues increase: %s then %s", os[i-1].Due, o.Due)
		}
	}
}

func TestOccurrenceWindow(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	// 2026-03-07 is the day before spring-forward: its following day has 23 hours.
	p := cadence.Plan{Rule: daily(t, "2026-03-07", "2026-03-07", "20:00"), Zones: oneZone(ny)}
	o, ok := p.On(mustDate(t, "2026-03-07"))
	require.True(t, ok)
	requireInstant(t, utc(t, "2026-03-08T01:00:00Z"), o.Due)
	requireInstant(t, utc(t, "2026-03-07T05:00:00Z"), o.Opens)
	requireInstant(t, utc(t, "2026-03-08T05:00:00Z"), o.EndOfDay)
	requireInstant(t, utc(t, "2026-03-09T04:00:00Z"), o.Closes, "midnight of the 9th is EDT")
	require.Equal(t, 0, o.Step)
}

func TestWeekly(t *testing.T) {
	t.Parallel()
	london := mustLoc(t, "Europe/London")
	r := cadence.Rule{
		Kind: cadence.Weekly, Start: mustDate(t, "2026-03-03"), End: ptr(mustDate(t, "2026-04-03")),
		Weekdays: []time.Weekday{time.Friday, time.Monday, time.Wednesday}, At: mustClock(t, "18:00"),
	}
	got := cadence.Plan{Rule: r, Zones: oneZone(london)}.Between(year2026(t))
	require.Equal(t, []string{
		"2026-03-04", "2026-03-06", "2026-03-09", "2026-03-11", "2026-03-13", "2026-03-16", "2026-03-18",
		"2026-03-20", "2026-03-23", "2026-03-25", "2026-03-27", "2026-03-30", "2026-04-01", "2026-04-03",
	}, dates(got), "starts on the first chosen day after Start, ends on End inclusive")
	requireInstant(t, utc(t, "2026-03-27T18:00:00Z"), got[10].Due, "GMT")
	requireInstant(t, utc(t, "2026-03-30T17:00:00Z"), got[11].Due, "BST")
	requireWellFormed(t, got)
}

func TestOnce(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	r := cadence.Rule{Kind: cadence.Once, Start: mustDate(t, "2026-03-02"), End: ptr(mustDate(t, "2026-03-06")), At: mustClock(t, "17:00")}
	p := cadence.Plan{Rule: r, Zones: oneZone(ny)}
	got := p.Between(year2026(t))
	require.Len(t, got, 1)
	o := got[0]
	require.Equal(t, "2026-03-06", o.Date.String())
	requireInstant(t, utc(t, "2026-03-06T22:00:00Z"), o.Due)
	requireInstant(t, utc(t, "2026-03-02T05:00:00Z"), o.Opens, "open from the start of Start")
	requireInstant(t, utc(t, "2026-03-07T05:00:00Z"), o.EndOfDay)
	requireInstant(t, utc(t, "2026-03-08T05:00:00Z"), o.Closes)

	on, ok := p.On(mustDate(t, "2026-03-06"))
	require.True(t, ok)
	require.Equal(t, show(o), show(on))
	_, ok = p.On(mustDate(t, "2026-03-02"))
	require.False(t, ok, "only the due date has an occurrence")
	require.Empty(t, p.Between(utc(t, "2026-03-06T22:00:01Z"), utc(t, "2027-01-01T00:00:00Z")))
}

func TestProgrammeWithPause(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	r := cadence.Rule{Kind: cadence.Programme, Start: mustDate(t, "2026-03-04"), Days: 5, At: mustClock(t, "20:00")}
	// Paused from the start of Thursday 5th to the start of Saturday 7th (New York).
	pause := cadence.Span{From: utc(t, "2026-03-05T05:00:00Z"), To: utc(t, "2026-03-07T05:00:00Z")}

	plain := cadence.Plan{Rule: r, Zones: oneZone(ny)}.Between(year2026(t))
	require.Equal(t, []string{"2026-03-04", "2026-03-05", "2026-03-06", "2026-03-07", "2026-03-08"}, dates(plain))

	p := cadence.Plan{Rule: r, Zones: oneZone(ny), Pauses: []cadence.Span{pause}}
	got := p.Between(year2026(t))
	require.Equal(t, []string{"2026-03-04", "2026-03-07", "2026-03-08", "2026-03-09", "2026-03-10"}, dates(got),
		"paused days use no steps: the programme finishes two days later")
	for i, o := range got {
		require.Equal(t, i+1, o.Step)
	}
	requireInstant(t, utc(t, "2026-03-09T00:00:00Z"), got[2].Due, "step 3 on spring-forward day, 20:00 EDT")
	requireWellFormed(t, got)

	o, ok := p.On(mustDate(t, "2026-03-09"))
	require.True(t, ok)
	require.Equal(t, show(got[3]), show(o), "On counts steps from Start")
	for _, d := range []string{"2026-03-03", "2026-03-05", "2026-03-06", "2026-03-11"} {
		_, ok := p.On(mustDate(t, d))
		require.False(t, ok, d)
	}

	// A window in the middle still numbers the steps from Start.
	mid := p.Between(utc(t, "2026-03-08T00:00:00Z"), utc(t, "2026-03-10T01:00:00Z"))
	require.Len(t, mid, 3)
	require.Equal(t, []int{2, 3, 4}, []int{mid[0].Step, mid[1].Step, mid[2].Step})

	// An End stops the programme early.
	r.End = ptr(mustDate(t, "2026-03-08"))
	short := cadence.Plan{Rule: r, Zones: oneZone(ny), Pauses: []cadence.Span{pause}}.Between(year2026(t))
	require.Equal(t, []string{"2026-03-04", "2026-03-07", "2026-03-08"}, dates(short))
}

func TestStoppedPausedAndEnd(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	r := daily(t, "2026-03-01", "2026-03-10", "08:00") // 13:00Z until the 7th, 12:00Z from the 8th
	cases := []struct {
		name  string
		plan  cadence.Plan
		dates []string
	}{
		{"End is inclusive", cadence.Plan{Rule: r},
			[]string{"2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09", "2026-03-10"}},
		{"stopped exactly at a Due excludes it", cadence.Plan{Rule: r, Stopped: utc(t, "2026-03-05T13:00:00Z")},
			[]string{"2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04"}},
		{"stopped a second after a Due keeps it", cadence.Plan{Rule: r, Stopped: utc(t, "2026-03-05T13:00:01Z")},
			[]string{"2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"}},
		{"pause from a Due skips it, to a Due keeps it", cadence.Plan{Rule: r, Pauses: []cadence.Span{
			{From: utc(t, "2026-03-02T13:00:00Z"), To: utc(t, "2026-03-04T13:00:00Z")},
		}}, []string{"2026-03-01", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09", "2026-03-10"}},
		{"still paused", cadence.Plan{Rule: r, Pauses: []cadence.Span{{From: utc(t, "2026-03-03T00:00:00Z")}}},
			[]string{"2026-03-01", "2026-03-02"}},
		{"overlapping and unsorted pauses", cadence.Plan{Rule: r, Pauses: []cadence.Span{
			{From: utc(t, "2026-03-08T00:00:00Z"), To: utc(t, "2026-03-09T00:00:00Z")},
			{From: utc(t, "2026-03-02T00:00:00Z"), To: utc(t, "2026-03-04T00:00:00Z")},
			{From: utc(t, "2026-03-03T00:00:00Z"), To: utc(t, "2026-03-05T00:00:00Z")},
		}}, []string{"2026-03-01", "2026-03-05", "2026-03-06", "2026-03-07", "2026-03-09", "2026-03-10"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.plan.Zones = oneZone(ny)
			got := tc.plan.Between(year2026(t))
			require.Equal(t, tc.dates, dates(got))
			for _, o := range got {
				on, ok := tc.plan.On(o.Date)
				require.True(t, ok)
				require.Equal(t, show(o), show(on))
			}
		})
	}
}

func TestNext(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	open := cadence.Plan{Rule: daily(t, "2026-03-01", "", "08:00"), Zones: oneZone(ny)}
	ended := cadence.Plan{Rule: daily(t, "2026-03-01", "2026-03-10", "08:00"), Zones: oneZone(ny)}
	later := cadence.Plan{Rule: daily(t, "2028-06-01", "", "08:00"), Zones: oneZone(ny)}
	paused := open
	paused.Pauses = []cadence.Span{{From: utc(t, "2026-03-05T00:00:00Z")}}
	stopped := open
	stopped.Stopped = utc(t, "2026-03-05T13:00:00Z")
	prog := cadence.Plan{Rule: cadence.Rule{Kind: cadence.Programme, Start: mustDate(t, "2026-03-01"), Days: 3, At: mustClock(t, "08:00")}, Zones: oneZone(ny)}

	cases := []struct {
		name string
		plan cadence.Plan
		t    string
		want string // date, "" for none
	}{
		{"exactly at a Due", open, "2026-03-03T13:00:00Z", "2026-03-03"},
		{"just after a Due", open, "2026-03-03T13:00:01Z", "2026-03-04"},
		{"before Start", open, "2025-01-01T00:00:00Z", "2026-03-01"},
		{"across spring-forward", open, "2026-03-07T13:00:01Z", "2026-03-08"},
		{"last one", ended, "2026-03-10T11:00:00Z", "2026-03-10"},
		{"after End", ended, "2026-03-10T12:00:01Z", ""},
		{"Start years ahead", later, "2026-03-01T00:00:00Z", "2028-06-01"},
		{"still paused", paused, "2026-03-04T13:00:01Z", ""},
		{"stopped", stopped, "2026-03-05T12:00:00Z", ""},
		{"before the stop", stopped, "2026-03-04T12:00:00Z", "2026-03-04"},
		{"programme step", prog, "2026-03-02T00:00:00Z", "2026-03-02"},
		{"programme finished", prog, "2026-03-03T13:00:01Z", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o, ok := tc.plan.Next(utc(t, tc.t))
			if tc.want == "" {
				require.False(t, ok, "got %s", o.Date)
				return
			}
			require.True(t, ok)
			require.Equal(t, tc.want, o.Date.String())
		})
	}
	o, _ := prog.Next(utc(t, "2026-03-02T00:00:00Z"))
	require.Equal(t, 2, o.Step)
}

func TestPlanEdges(t *testing.T) {
	t.Parallel()
	from, to := year2026(t)
	r := daily(t, "2026-03-01", "2026-03-03", "08:00")
	require.Nil(t, cadence.Plan{Rule: r, Zones: oneZone(time.UTC)}.Between(to, from), "empty window")
	require.Nil(t, cadence.Plan{Rule: r, Zones: oneZone(time.UTC)}.Between(from, from), "empty window")

	noZones := cadence.Plan{Rule: r}.Between(from, to)
	require.Equal(t, []string{"2026-03-01T08:00:00Z", "2026-03-02T08:00:00Z", "2026-03-03T08:00:00Z"}, dues(noZones), "no zones: UTC")

	// Rules that fail Check give nothing, and never panic or loop.
	bad := []cadence.Rule{
		{},
		{Kind: "hourly", Start: r.Start},
		{Kind: cadence.Once, Start: r.Start},
		{Kind: cadence.Weekly, Start: r.Start},
		{Kind: cadence.Programme, Start: r.Start},
		{Kind: cadence.Daily, Start: r.Start, End: ptr(r.Start.AddDays(-1))},
		{Kind: cadence.Monthly, Start: r.Start, End: ptr(r.Start.AddDays(-1))},
		{Kind: cadence.Weekly, Start: r.Start, Weekdays: []time.Weekday{time.Monday}, Every: 5},
		{Kind: cadence.Weekly, Start: r.Start, Weekdays: []time.Weekday{time.Monday}, Every: -1},
	}
	for _, b := range bad {
		p := cadence.Plan{Rule: b, Zones: oneZone(time.UTC)}
		require.Empty(t, p.Between(from, to), "%+v", b)
		_, ok := p.Next(from)
		require.False(t, ok, "%+v", b)
		_, ok = p.On(r.Start)
		require.False(t, ok, "%+v", b)
	}
}
