package cadence_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/cadence"
)

// TestMoves: a daily 08:00 exercise, Monday 12th to Sunday 18th January 2026, and a client who
// moves on Wednesday at 12:00 UTC.
func TestMoves(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, from, to string
		dues           []string // 12th..18th, UTC
	}{
		{"New York → London (east): Wednesday keeps New York's 08:00, still to come", "America/New_York", "Europe/London", []string{
			"2026-01-12T13:00:00Z", "2026-01-13T13:00:00Z", "2026-01-14T13:00:00Z",
			"2026-01-15T08:00:00Z", "2026-01-16T08:00:00Z", "2026-01-17T08:00:00Z", "2026-01-18T08:00:00Z",
		}},
		{"London → New York (west): Wednesday waits for New York's 08:00", "Europe/London", "America/New_York", []string{
			"2026-01-12T08:00:00Z", "2026-01-13T08:00:00Z", "2026-01-14T13:00:00Z",
			"2026-01-15T13:00:00Z", "2026-01-16T13:00:00Z", "2026-01-17T13:00:00Z", "2026-01-18T13:00:00Z",
		}},
		{"Sydney → Los Angeles across the date line (west)", "Australia/Sydney", "America/Los_Angeles", []string{
			"2026-01-11T21:00:00Z", "2026-01-12T21:00:00Z", "2026-01-14T16:00:00Z",
			"2026-01-15T16:00:00Z", "2026-01-16T16:00:00Z", "2026-01-17T16:00:00Z", "2026-01-18T16:00:00Z",
		}},
		{"Los Angeles → Sydney across the date line (east)", "America/Los_Angeles", "Australia/Sydney", []string{
			"2026-01-12T16:00:00Z", "2026-01-13T16:00:00Z", "2026-01-14T16:00:00Z",
			"2026-01-14T21:00:00Z", "2026-01-15T21:00:00Z", "2026-01-16T21:00:00Z", "2026-01-17T21:00:00Z",
		}},
		{"Kolkata → Kathmandu (15 minutes east)", "Asia/Kolkata", "Asia/Kathmandu", []string{
			"2026-01-12T02:30:00Z", "2026-01-13T02:30:00Z", "2026-01-14T02:30:00Z",
			"2026-01-15T02:15:00Z", "2026-01-16T02:15:00Z", "2026-01-17T02:15:00Z", "2026-01-18T02:15:00Z",
		}},
	}
	move := utc(t, "2026-01-14T12:00:00Z")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			old, nu := mustLoc(t, tc.from), mustLoc(t, tc.to)
			r := daily(t, "2026-01-12", "2026-01-18", "08:00")
			p := cadence.Plan{Rule: r, Zones: []cadence.Zone{{Loc: old}, {From: move, Loc: nu}}}
			got := p.Between(year2026(t))
			require.Equal(t, tc.dues, dues(got))
			requireEveryDayOnce(t, got, r.Start, *r.End)
			requireMoveKeepsThePast(t, p, got, move)
		})
	}
}

// requireMoveKeepsThePast checks each occurrence against the plans that never moved: it is one
// of the two, the old one for every date before the move and for any occurrence due before
// it, the new one exactly when the new clock reads the date at At after the move.
func requireMoveKeepsThePast(t testing.TB, p cadence.Plan, got []cadence.Occurrence, move time.Time) {
	t.Helper()
	old, nu := p, p
	old.Zones, nu.Zones = oneZone(p.Zones[0].Loc), oneZone(p.Zones[1].Loc)
	moveDay := cadence.DateOf(move, p.Zones[0].Loc)
	if d := cadence.DateOf(move, p.Zones[1].Loc); d.Before(moveDay) {
		moveDay = d
	}
	for _, o := range got {
		was, ok := old.On(o.Date)
		require.True(t, ok)
		would, ok := nu.On(o.Date)
		require.True(t, ok)
		if o.Date.Before(moveDay) || o.Due.Before(move) {
			require.Equal(t, show(was), show(o), "keeps its old instants")
		}
		if !would.Due.Before(move) {
			require.Equal(t, show(would), show(o), "in the new zone")
		} else {
			require.Equal(t, show(was), show(o), "in the old zone")
		}
	}
}

func TestMoveWindowsUseTheSameZone(t *testing.T) {
	t.Parallel()
	ny, london := mustLoc(t, "America/New_York"), mustLoc(t, "Europe/London")
	p := cadence.Plan{Rule: daily(t, "2026-01-12", "2026-01-18", "08:00"),
		Zones: []cadence.Zone{{Loc: ny}, {From: utc(t, "2026-01-14T12:00:00Z"), Loc: london}}}
	wed, _ := p.On(mustDate(t, "2026-01-14"))
	requireInstant(t, utc(t, "2026-01-14T05:00:00Z"), wed.Opens, "New York midnight")
	requireInstant(t, utc(t, "2026-01-15T05:00:00Z"), wed.EndOfDay)
	requireInstant(t, utc(t, "2026-01-16T05:00:00Z"), wed.Closes)
	thu, _ := p.On(mustDate(t, "2026-01-15"))
	requireInstant(t, utc(t, "2026-01-15T00:00:00Z"), thu.Opens, "London midnight")
	requireInstant(t, utc(t, "2026-01-17T00:00:00Z"), thu.Closes)
}

// TestMoveAndBack: New York → London → New York in one week, then a move across a DST change.
func TestMoveAndBack(t *testing.T) {
	t.Parallel()
	ny, london := mustLoc(t, "America/New_York"), mustLoc(t, "Europe/London")
	p := cadence.Plan{Rule: daily(t, "2026-03-02", "2026-03-31", "07:30"), Zones: []cadence.Zone{
		{From: utc(t, "2030-01-01T00:00:00Z"), Loc: ny}, // the first From is ignored
		{From: utc(t, "2026-03-04T12:00:00Z"), Loc: london},
		{From: utc(t, "2026-03-06T20:00:00Z"), Loc: ny},
		{From: utc(t, "2026-03-28T12:00:00Z"), Loc: london},
	}}
	got := p.Between(year2026(t))
	requireEveryDayOnce(t, got, mustDate(t, "2026-03-02"), mustDate(t, "2026-03-31"))
	want := map[string]string{
		"2026-03-04": "2026-03-04 07:30 EST", // London's 07:30 had passed: New York's
		"2026-03-05": "2026-03-05 07:30 GMT",
		"2026-03-06": "2026-03-06 07:30 GMT",
		"2026-03-07": "2026-03-07 07:30 EST",
		"2026-03-08": "2026-03-08 07:30 EDT",
		"2026-03-28": "2026-03-28 07:30 EDT", // London's 07:30 had passed
		"2026-03-29": "2026-03-29 07:30 BST",
	}
	for _, o := range got {
		if w, ok := want[o.Date.String()]; ok {
			zone := ny
			if w[17:] == "GMT" || w[17:] == "BST" {
				zone = london
			}
			require.Equal(t, w, local(o.Due, zone), o.Date.String())
		}
	}
	// Same answers a day at a time, and from Next.
	for _, o := range got {
		on, ok := p.On(o.Date)
		require.True(t, ok)
		require.Equal(t, show(o), show(on))
		next, ok := p.Next(o.Due)
		require.True(t, ok)
		require.Equal(t, show(o), show(next))
	}
}
