package cadence_test

import (
	"fmt"
	"testing"
	"time"
	_ "time/tzdata" // the tests need the tz database even where the OS has none

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/cadence"
)

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

func mustDate(t testing.TB, s string) cadence.Date {
	t.Helper()
	d, err := cadence.ParseDate(s)
	require.NoError(t, err)
	return d
}

func mustClock(t testing.TB, s string) cadence.Clock {
	t.Helper()
	c, err := cadence.ParseClock(s)
	require.NoError(t, err)
	return c
}

// utc reads "2006-01-02T15:04Z"-style instants; tests state instants in UTC.
func utc(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	require.NoError(t, err)
	return v.UTC()
}

func ptr[T any](v T) *T { return &v }

// requireInstant compares instants, not representations (locations differ).
func requireInstant(t testing.TB, want, got time.Time, msgAndArgs ...any) {
	t.Helper()
	require.Equal(t, want.UTC().Format(time.RFC3339), got.UTC().Format(time.RFC3339), msgAndArgs...)
}

// local is how a clock in loc reads t, "2006-01-02 15:04 MST".
func local(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02 15:04 MST")
}

func dates(os []cadence.Occurrence) []string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = o.Date.String()
	}
	return out
}

func dues(os []cadence.Occurrence) []string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = o.Due.UTC().Format(time.RFC3339)
	}
	return out
}

func daily(t testing.TB, start, end, at string) cadence.Rule {
	t.Helper()
	r := cadence.Rule{Kind: cadence.Daily, Start: mustDate(t, start), At: mustClock(t, at)}
	if end != "" {
		r.End = ptr(mustDate(t, end))
	}
	return r
}

func oneZone(loc *time.Location) []cadence.Zone {
	return []cadence.Zone{{Loc: loc}}
}

// show is an occurrence as one line of UTC instants. Tests compare these rather than the
// structs: a failing require.Equal would otherwise dump every *time.Location in full.
func show(o cadence.Occurrence) string {
	f := func(t time.Time) string { return t.UTC().Format("01-02T15:04:05") }
	return fmt.Sprintf("%s #%d due %s opens %s eod %s closes %s",
		o.Date, o.Step, f(o.Due), f(o.Opens), f(o.EndOfDay), f(o.Closes))
}

func showAll(os []cadence.Occurrence) []string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = show(o)
	}
	return out
}
