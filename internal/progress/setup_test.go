package progress_test

import (
	"testing"
	"time"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/practice"
)

// The progress tests' setup bundle: a fixed instant, and a practice with a clinician's caller
// on an app that runs at that instant.

// progressNow is a Wednesday noon in UTC: the fixtures below are counted by hand from it.
var progressNow = time.Date(2026, 11, 18, 12, 0, 0, 0, time.UTC)

type progressFixture struct {
	a      *apptest.App
	tm     *apptest.Team
	caller auth.Caller
}

// newProgressFixture's app runs at progressNow, so what its routes count (the 60-day calendar,
// the report's window) holds on any day the tests run.
func newProgressFixture(t *testing.T) progressFixture {
	a := apptest.New(t, func(c *app.Config) { c.SetClock(func() time.Time { return progressNow }) })
	tm := apptest.SeedTeam(t, a, "progress")
	return progressFixture{a: a, tm: tm, caller: tm.Caller(practice.RoleClinician)}
}
