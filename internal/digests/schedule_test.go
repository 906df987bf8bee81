package digests_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/digests"
)

// Week after week across both daylight-saving changes, the digest is due at 08:00 on Monday
// on the person's own wall clock, once a week, in London, New York and Sydney (whose summer is
// the other way round). The walk starts from a fixed instant, so it covers both changes in
// every zone whatever day the test runs.
func TestNextSendKeepsTheWallClockAcrossDaylightSaving(t *testing.T) {
	t.Parallel()
	start := time.Date(2030, 1, 2, 12, 0, 0, 0, time.UTC)
	for _, zone := range []string{"Europe/London", "America/New_York", "Australia/Sydney"} {
		st := digests.DefaultSettings(zone)
		loc, err := cadence.Location(zone)
		require.NoError(t, err)
		at, offsets := start, map[int]bool{}
		for week := 0; week < 53; week++ {
			next := st.NextSend(at)
			local := next.In(loc)
			require.Equal(t, time.Monday, local.Weekday(), "%s week %d", zone, week)
			require.Equal(t, 8, local.Hour(), "%s week %d: %s", zone, week, local)
			require.Zero(t, local.Minute())
			if week > 0 {
				require.Equal(t, 7, int(local.Sub(at.In(loc)).Hours()+12)/24, "%s: one a week", zone)
			}
			_, off := local.Zone()
			offsets[off] = true
			at = next
		}
		require.Len(t, offsets, 2, "%s: the walk crossed a change of offset", zone)
	}
}

// An hour that does not exist on the day the clocks go forward is sent at the first instant
// after the gap; one that happens twice when they go back is sent once, on the first pass.
func TestNextSendInTheGapAndTheOverlap(t *testing.T) {
	t.Parallel()
	ny, err := cadence.Location("America/New_York")
	require.NoError(t, err)
	spring := digests.Settings{Weekday: time.Sunday, Hour: 2, TimeZone: "America/New_York"}
	got := spring.NextSend(time.Date(2030, 3, 9, 12, 0, 0, 0, ny)) // the Saturday before 10 March 2030
	require.Equal(t, time.Date(2030, 3, 10, 3, 0, 0, 0, ny), got.In(ny))

	autumn := digests.Settings{Weekday: time.Sunday, Hour: 1, TimeZone: "America/New_York"}
	first := autumn.NextSend(time.Date(2030, 11, 2, 12, 0, 0, 0, ny)) // 3 November 2030: 01:00 twice
	_, off := first.In(ny).Zone()
	require.Equal(t, -4*3600, off, "the first 01:00 (daylight time)")
	require.Equal(t, time.Date(2030, 11, 10, 1, 0, 0, 0, ny), autumn.NextSend(first).In(ny), "not again an hour later")
}

// A digest belongs to the week of its send date (its Monday) and looks back on the seven days
// before that date.
func TestWeekOfASend(t *testing.T) {
	t.Parallel()
	st := digests.Settings{Weekday: time.Wednesday, Hour: 8, TimeZone: "Australia/Sydney"}
	syd, err := cadence.Location("Australia/Sydney")
	require.NoError(t, err)
	week, from, to := st.Week(time.Date(2030, 6, 12, 8, 0, 0, 0, syd)) // a Wednesday
	require.Equal(t, "2030-06-10", week.String())
	require.Equal(t, "2030-06-05", from.String())
	require.Equal(t, "2030-06-11", to.String())
}
