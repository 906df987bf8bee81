package progress

import (
	"testing"
	"time"

	"github.com/steadyhq/steady/internal/cadence"
)

// countedUntil is firstFullDay turned round, so that the answer's update compares the stored
// refresh time with a bound instead of doing date arithmetic on it in SQL: for instants on
// either side of every boundary, a date is counted exactly when the refresh came before it.
func TestCountedUntilMatchesFirstFullDay(t *testing.T) {
	d := cadence.DateOf(time.Date(2026, 3, 29, 12, 0, 0, 0, time.UTC), time.UTC)
	bound := countedUntil(d)
	for _, off := range []time.Duration{-48 * time.Hour, -time.Second, -time.Nanosecond, 0, time.Nanosecond, time.Hour, 72 * time.Hour} {
		at := bound.Add(off)
		counted := !d.Before(firstFullDay(at))
		if counted != at.Before(bound) {
			t.Fatalf("refreshed at %s: first full day %s, date %s counted %v, bound says %v", at, firstFullDay(at), d, counted, at.Before(bound))
		}
	}
}
