package cadence_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/cadence"
)

func TestStatus(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	p := cadence.Plan{Rule: daily(t, "2026-03-07", "", "20:00"), Zones: oneZone(ny)}
	o, ok := p.On(mustDate(t, "2026-03-07"))
	require.True(t, ok)
	// Saturday 7th opens at 05:00Z, is due 01:00Z on the 8th, its day ends 05:00Z on the 8th
	// and, the 8th being 23 hours long, it closes at 04:00Z on the 9th.
	opens, eod, closes := utc(t, "2026-03-07T05:00:00Z"), utc(t, "2026-03-08T05:00:00Z"), utc(t, "2026-03-09T04:00:00Z")
	requireInstant(t, opens, o.Opens)
	requireInstant(t, eod, o.EndOfDay)
	requireInstant(t, closes, o.Closes)
	sec := time.Second

	cases := []struct {
		name      string
		completed *time.Time
		now       time.Time
		want      cadence.Status
		open      bool
	}{
		{"a second before it opens", nil, opens.Add(-sec), cadence.Upcoming, false},
		{"exactly when it opens", nil, opens, cadence.Due, true},
		{"at its Due", nil, o.Due, cadence.Due, true},
		{"the next day", nil, eod.Add(time.Hour), cadence.Due, true},
		{"a second before it closes", nil, closes.Add(-sec), cadence.Due, true},
		{"exactly when it closes", nil, closes, cadence.Missed, false},
		{"long after", nil, closes.Add(30 * 24 * time.Hour), cadence.Missed, false},
		{"done at once", ptr(opens), opens.Add(time.Hour), cadence.Done, true},
		{"done a second before the day ends", ptr(eod.Add(-sec)), eod, cadence.Done, true},
		{"done exactly at the end of the day is late", ptr(eod), eod, cadence.Late, true},
		{"done the next day", ptr(closes.Add(-sec)), closes, cadence.Late, false},
		{"completion wins over missed", ptr(eod.Add(time.Hour)), closes.Add(time.Hour), cadence.Late, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tc.want, o.StatusOf(tc.completed, tc.now))
			require.Equal(t, tc.open, o.Open(tc.now))
		})
	}
}
