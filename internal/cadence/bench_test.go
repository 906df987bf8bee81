package cadence_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/cadence"
)

// benchPlan is a year-old daily assignment whose client has moved five times and paused twice.
func benchPlan(b testing.TB) cadence.Plan {
	ny, london, sydney := mustLoc(b, "America/New_York"), mustLoc(b, "Europe/London"), mustLoc(b, "Australia/Sydney")
	return cadence.Plan{
		Rule: daily(b, "2025-03-01", "", "08:00"),
		Zones: []cadence.Zone{{Loc: ny}, {From: utc(b, "2025-06-01T00:00:00Z"), Loc: london},
			{From: utc(b, "2025-09-01T00:00:00Z"), Loc: sydney}, {From: utc(b, "2025-12-01T00:00:00Z"), Loc: ny},
			{From: utc(b, "2026-02-01T00:00:00Z"), Loc: london}, {From: utc(b, "2026-03-01T00:00:00Z"), Loc: ny}},
		Pauses: []cadence.Span{{From: utc(b, "2025-07-01T00:00:00Z"), To: utc(b, "2025-07-15T00:00:00Z")},
			{From: utc(b, "2026-01-01T00:00:00Z"), To: utc(b, "2026-01-10T00:00:00Z")}},
	}
}

func BenchmarkBetweenWeek(b *testing.B) {
	p := benchPlan(b)
	from := utc(b, "2026-03-05T00:00:00Z")
	b.ReportAllocs()
	for b.Loop() {
		p.Between(from, from.Add(7*24*time.Hour))
	}
}

func BenchmarkBetweenYear(b *testing.B) {
	p := benchPlan(b)
	from := utc(b, "2025-03-01T00:00:00Z")
	b.ReportAllocs()
	for b.Loop() {
		p.Between(from, from.Add(365*24*time.Hour))
	}
}

func BenchmarkNext(b *testing.B) {
	p := benchPlan(b)
	t := utc(b, "2026-03-07T14:00:00Z")
	b.ReportAllocs()
	for b.Loop() {
		p.Next(t)
	}
}

func BenchmarkOnProgramme(b *testing.B) {
	p := benchPlan(b)
	p.Rule = cadence.Rule{Kind: cadence.Programme, Start: mustDate(b, "2025-06-20"), Days: 365, At: mustClock(b, "08:00")}
	d := mustDate(b, "2026-06-01") // a year of days from Start, across every move and pause
	b.ReportAllocs()
	for b.Loop() {
		p.On(d)
	}
}

func BenchmarkNextMonthly(b *testing.B) {
	p := benchPlan(b)
	p.Rule = cadence.Rule{Kind: cadence.Monthly, Start: mustDate(b, "2025-03-31"), At: mustClock(b, "08:00")}
	t := utc(b, "2026-03-31T14:00:00Z") // just after March's: walks to 30 April
	b.ReportAllocs()
	for b.Loop() {
		p.Next(t)
	}
}

// TestNoAllocationPerDay: walking days allocates nothing, so On and Next, which walk up to a
// few hundred days, allocate nothing at all, and Between only its result.
func TestNoAllocationPerDay(t *testing.T) {
	p := benchPlan(t)
	p.Rule = cadence.Rule{Kind: cadence.Programme, Start: mustDate(t, "2025-06-20"), Days: 365, At: mustClock(t, "08:00")}
	d := mustDate(t, "2026-06-01")
	require.Zero(t, testing.AllocsPerRun(5, func() { p.On(d) }), "On")
	require.Zero(t, testing.AllocsPerRun(5, func() { p.Next(utc(t, "2026-03-07T14:00:00Z")) }), "Next")
	from := utc(t, "2025-06-01T00:00:00Z")
	year := testing.AllocsPerRun(5, func() { p.Between(from, from.Add(400*24*time.Hour)) })
	require.LessOrEqual(t, year, 12.0, "Between: the growing result slice only")

	for _, r := range []cadence.Rule{
		{Kind: cadence.Monthly, Start: mustDate(t, "2025-03-31"), At: mustClock(t, "08:00")},
		{Kind: cadence.Weekly, Start: mustDate(t, "2025-03-03"), Weekdays: []time.Weekday{time.Monday, time.Thursday},
			Every: 4, At: mustClock(t, "08:00")},
	} {
		p.Rule = r
		require.Zero(t, testing.AllocsPerRun(5, func() { p.On(d) }), "On, %s", r.Kind)
		require.Zero(t, testing.AllocsPerRun(5, func() { p.Next(utc(t, "2026-03-31T14:00:00Z")) }), "Next, %s", r.Kind)
		year := testing.AllocsPerRun(5, func() { p.Between(from, from.Add(400*24*time.Hour)) })
		require.LessOrEqual(t, year, 8.0, "Between, %s: the growing result slice only", r.Kind)
	}
}
