package cadence_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/cadence"
)

// propertyZones are real zones with odd offsets, both hemispheres' DST and midnight changes.
// Any two are less than 24 hours apart, the condition for Dues to increase across a move
// (see zoneFor): Chatham in summer (+13:45) and Honolulu (−10) are 23:45 apart.
var propertyZones = []string{
	"America/New_York", "Europe/London", "Australia/Sydney", "Australia/Lord_Howe", "Asia/Kolkata",
	"Asia/Kathmandu", "Pacific/Chatham", "America/Los_Angeles", "Pacific/Honolulu",
	"America/St_Johns", "America/Santiago", "UTC",
}

// tricky times of day: midnight, and the hours where DST changes happen somewhere.
var trickyClocks = []cadence.Clock{{0, 0}, {0, 30}, {1, 0}, {1, 30}, {1, 59}, {2, 0}, {2, 30}, {2, 45}, {3, 0}, {3, 30}, {23, 59}}

func TestPlanProperties(t *testing.T) {
	t.Parallel()
	locs := make([]*time.Location, len(propertyZones))
	for i, name := range propertyZones {
		locs[i] = mustLoc(t, name)
	}
	rng := rand.New(rand.NewPCG(20260308, 1101))
	from, to := utc(t, "2025-12-20T00:00:00Z"), utc(t, "2027-01-10T00:00:00Z")
	for i := range 360 {
		p := randomPlan(rng, locs)
		require.NoError(t, p.Rule.Check())
		t.Run(fmt.Sprintf("%03d-%s", i, p.Rule.Kind), func(t *testing.T) {
			t.Parallel()
			all := p.Between(from, to)
			requireWellFormed(t, all)
			requireSplitsAgree(t, p, all, from, to, rng64(i))
			requireMatchesNaive(t, p, all, from, to)
			requireOnAndNextAgree(t, p, all, from, to, rng64(i))
		})
	}
}

func rng64(seed int) *rand.Rand { return rand.New(rand.NewPCG(uint64(seed), 7)) }

func randomPlan(rng *rand.Rand, locs []*time.Location) cadence.Plan {
	jan1 := cadence.Date{Year: 2026, Month: time.January, Day: 1}
	at := trickyClocks[rng.IntN(len(trickyClocks))]
	if rng.IntN(3) == 0 {
		at = cadence.Clock{Hour: rng.IntN(24), Minute: rng.IntN(60)}
	}
	kinds := []cadence.Kind{cadence.Once, cadence.Daily, cadence.Weekly, cadence.Monthly, cadence.Programme}
	r := cadence.Rule{Kind: kinds[rng.IntN(len(kinds))], Start: jan1.AddDays(rng.IntN(300)), At: at}
	if r.Kind == cadence.Monthly && rng.IntN(2) == 0 {
		// Start on one of the last four days of a month (the 28th to the 31st), the days
		// that some months do not have.
		r.Start = cadence.Date{Year: 2026, Month: time.Month(1 + rng.IntN(10)), Day: 1}.AddDays(-1 - rng.IntN(4))
	}
	if r.Kind == cadence.Once || rng.IntN(2) == 0 {
		days := 120
		if r.Kind == cadence.Monthly {
			days = 400
		}
		r.End = ptr(r.Start.AddDays(rng.IntN(days)))
	}
	switch r.Kind {
	case cadence.Weekly:
		for _, w := range rng.Perm(7)[:1+rng.IntN(7)] {
			r.Weekdays = append(r.Weekdays, time.Weekday(w))
		}
		r.Every = rng.IntN(cadence.MaxEveryWeeks + 1) // 0, the zero value, is every week
	case cadence.Programme:
		r.Days = 1 + rng.IntN(60)
	}
	p := cadence.Plan{Rule: r}
	year := func() time.Time {
		return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour))))
	}
	for range 1 + rng.IntN(4) { // moves, sometimes hours apart
		p.Zones = append(p.Zones, cadence.Zone{From: year(), Loc: locs[rng.IntN(len(locs))]})
	}
	slices.SortFunc(p.Zones, func(a, b cadence.Zone) int { return a.From.Compare(b.From) })
	for range rng.IntN(4) {
		s := cadence.Span{From: year()}
		if rng.IntN(4) > 0 {
			s.To = s.From.Add(time.Duration(rng.Int64N(int64(20 * 24 * time.Hour))))
		}
		p.Pauses = append(p.Pauses, s)
	}
	if rng.IntN(4) == 0 {
		p.Stopped = year()
	}
	return p
}

// requireSplitsAgree: Between over [from, to) is Between over [from, s) then [s, to), for
// random split points and for split points exactly at a Due.
func requireSplitsAgree(t *testing.T, p cadence.Plan, all []cadence.Occurrence, from, to time.Time, rng *rand.Rand) {
	splits := []time.Time{from, to}
	for range 5 {
		splits = append(splits, from.Add(time.Duration(rng.Int64N(int64(to.Sub(from))))))
	}
	if len(all) > 0 {
		splits = append(splits, all[rng.IntN(len(all))].Due, all[len(all)-1].Due)
	}
	for _, s := range splits {
		joined := append(p.Between(from, s), p.Between(s, to)...)
		require.Equal(t, showAll(all), showAll(joined), "split at %s", s)
	}
}

// requireMatchesNaive rebuilds the occurrences the slow, obvious way: every date, the zone by
// walking the whole history from the latest, then the kind, pause and stop filters.
func requireMatchesNaive(t *testing.T, p cadence.Plan, all []cadence.Occurrence, from, to time.Time) {
	r := p.Rule
	want := []cadence.Occurrence{}
	step := 0
	last := cadence.DateOf(to, time.UTC).AddDays(3)
	if r.End != nil && r.End.Before(last) {
		last = *r.End
	}
	every := max(r.Every, 1)
	// i counts the days from Start: weeks are i/7, beginning on Start's weekday.
	for d, i := r.Start, 0; !d.After(last); d, i = d.AddDays(1), i+1 {
		if (r.Kind == cadence.Once && d != *r.End) ||
			(r.Kind == cadence.Weekly && !slices.Contains(r.Weekdays, d.Weekday())) ||
			(r.Kind == cadence.Weekly && (i/7)%every != 0) ||
			(r.Kind == cadence.Monthly && !naiveMonthDay(r.Start, d)) ||
			(r.Kind == cadence.Programme && step == r.Days) {
			continue
		}
		loc := p.Zones[0].Loc
		for k := len(p.Zones) - 1; k > 0; k-- {
			if !cadence.WallTime(d, r.At, p.Zones[k].Loc).Before(p.Zones[k].From) {
				loc = p.Zones[k].Loc
				break
			}
		}
		due := cadence.WallTime(d, r.At, loc)
		if naivePaused(p, due) {
			continue
		}
		if r.Kind == cadence.Programme {
			step++
		}
		if due.Before(from) || !due.Before(to) {
			continue
		}
		opens := d
		if r.Kind == cadence.Once {
			opens = r.Start
		}
		midnight := cadence.Clock{}
		want = append(want, cadence.Occurrence{Date: d, Step: step, Due: due,
			Opens:    cadence.WallTime(opens, midnight, loc),
			EndOfDay: cadence.WallTime(d.AddDays(1), midnight, loc),
			Closes:   cadence.WallTime(d.AddDays(2), midnight, loc)})
	}
	require.Equal(t, showAll(want), showAll(all))
}

// naiveMonthDay: d is Start's day of the month or, when d's month ends before that day, the
// month's last day (the day after it is a 1st).
func naiveMonthDay(start, d cadence.Date) bool {
	return d.Day == start.Day || (d.Day < start.Day && d.AddDays(1).Day == 1)
}

func naivePaused(p cadence.Plan, due time.Time) bool {
	if !p.Stopped.IsZero() && !due.Before(p.Stopped) {
		return true
	}
	for _, s := range p.Pauses {
		if !due.Before(s.From) && (s.To.IsZero() || due.Before(s.To)) {
			return true
		}
	}
	return false
}

// requireOnAndNextAgree: On finds each occurrence by its date, and Next(t) is the first
// occurrence due at or after t.
func requireOnAndNextAgree(t *testing.T, p cadence.Plan, all []cadence.Occurrence, from, to time.Time, rng *rand.Rand) {
	given := map[cadence.Date]cadence.Occurrence{}
	for _, o := range all {
		given[o.Date] = o
	}
	if len(all) > 0 { // every date in the span: On finds exactly the ones given
		for d := all[0].Date.AddDays(-1); !d.After(all[len(all)-1].Date.AddDays(1)); d = d.AddDays(1) {
			on, ok := p.On(d)
			want, wanted := given[d]
			if ok && (on.Due.Before(from) || !on.Due.Before(to)) {
				continue // given, but outside the window
			}
			require.Equal(t, wanted, ok, "On(%s)", d)
			require.Equal(t, show(want), show(on), "On(%s)", d)
		}
	}
	probes := []time.Time{from}
	for range 5 {
		probes = append(probes, from.Add(time.Duration(rng.Int64N(int64(to.Sub(from))))))
	}
	for _, o := range all {
		probes = append(probes, o.Due, o.Due.Add(time.Second))
		if len(probes) > 40 {
			break
		}
	}
	for _, s := range probes {
		var want *cadence.Occurrence
		if i := slices.IndexFunc(all, func(o cadence.Occurrence) bool { return !o.Due.Before(s) }); i >= 0 {
			want = &all[i]
		}
		got, ok := p.Next(s)
		if want == nil {
			require.True(t, !ok || !got.Due.Before(to), "Next(%s) found %s", s, got.Date)
			continue
		}
		require.True(t, ok, "Next(%s)", s)
		require.Equal(t, show(*want), show(got), "Next(%s)", s)
	}
}
