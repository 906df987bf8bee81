package reminders

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/cadence"
)

// The default quiet hours, 22:00 until 07:00 in the client's own time: 07:00 is the first
// minute a reminder may go out, so a 07:00 reminder is sent at 07:00 and a 06:59 one (set
// before the quiet hours were) waits a minute, until 07:00.
func TestDefaultQuietHoursAllowSevenOClock(t *testing.T) {
	night := Quiet{From: clock(22, 0), To: clock(7, 0)}
	require.False(t, night.Contains(clock(7, 0)))
	require.True(t, night.Contains(clock(6, 59)))
	require.True(t, night.Contains(clock(22, 0)))
	require.False(t, night.Contains(clock(21, 59)))

	// New York in January is UTC-5: 07:00 there is 12:00 UTC.
	p := cadence.Plan{Rule: cadence.Rule{Kind: cadence.Daily, Start: date("2026-01-10"), At: clock(19, 0)},
		Zones: []cadence.Zone{{From: utc("2025-01-01 00:00"), Loc: zone(t, "America/New_York")}}}
	for _, c := range []struct {
		at   cadence.Clock
		want string
	}{
		{clock(7, 0), "2026-01-13 12:00"},
		{clock(6, 59), "2026-01-13 12:00"},
		{clock(21, 59), "2026-01-13 02:59"}, // 21:59 on the 12th, New York time
	} {
		got, ok := Next(p, Settings{At: c.at, Quiet: night}, Fire{At: utc("2026-01-12 12:01")})
		require.True(t, ok)
		require.Equal(t, utc(c.want), got.At.UTC(), "a reminder set for %s", c.at)
	}
}
