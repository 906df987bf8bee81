package progress_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/progress"
)

// A programme has its own row on the 60-day calendar, one day per step, each day with its
// step and the step's title; a paused day uses no step. A weekly exercise has no row.
func TestCalendarShowsProgrammes(t *testing.T) {
	t.Parallel()
	f := newProgressFixture(t)
	ctx := context.Background()
	client := f.client(t, "Lee Programme")
	daily := f.assign(t, client, "name-the-win", cadence.Rule{Kind: cadence.Daily, Start: day("2026-11-16"), At: cadence.Clock{Hour: 19}})
	prog := f.assign(t, client, "thirty-days-of-repair", cadence.Rule{Kind: cadence.Programme, Start: day("2026-11-10"),
		Days: 30, At: cadence.Clock{Hour: 19}})
	f.assign(t, client, "phq-9", cadence.Rule{Kind: cadence.Weekly, Start: day("2026-11-05"),
		Weekdays: []time.Weekday{time.Friday}, At: cadence.Clock{Hour: 9}})

	// Paused for the whole of Saturday 14 November.
	at := func(d string) func() time.Time { return func() time.Time { return dateAt(d, 0, 0) } }
	_, err := assignments.NewService(f.a.DB, clients.NewService(f.a.DB), at("2026-11-14")).Pause(ctx, f.caller, prog)
	require.NoError(t, err)
	_, err = assignments.NewService(f.a.DB, clients.NewService(f.a.DB), at("2026-11-15")).Resume(ctx, f.caller, prog)
	require.NoError(t, err)

	for _, d := range []string{"2026-11-10", "2026-11-11"} {
		f.answer(t, client, prog, d, dateAt(d, 19, 30), nil, 0)
	}
	f.answer(t, client, prog, "2026-11-13", dateAt("2026-11-14", 8, 0), nil, 0) // the next morning: late

	svc := progress.NewService(f.a.DB, clients.NewService(f.a.DB), func() time.Time { return progressNow })
	p, err := svc.ForClient(ctx, f.caller, client)
	require.NoError(t, err)
	byID := map[string]progress.Calendar{}
	for _, c := range p.Calendars {
		byID[c.AssignmentID.String()] = c
	}
	require.Len(t, byID, 2, "the daily exercise and the programme; the weekly measure has no row")
	require.Equal(t, cadence.Daily, byID[daily.String()].Kind)

	def, ok := library.LibraryExercise("thirty-days-of-repair")
	require.True(t, ok)
	c := byID[prog.String()]
	require.Equal(t, cadence.Programme, c.Kind)
	require.Equal(t, "Thirty days of steady repair", c.Title)
	// Wednesday 18 November at noon: the 18th is not due until 19:00, so it is not shown yet.
	want := []progress.Day{
		{Date: day("2026-11-10"), Status: cadence.Done, Step: 1},
		{Date: day("2026-11-11"), Status: cadence.Done, Step: 2},
		{Date: day("2026-11-12"), Status: cadence.Missed, Step: 3},
		{Date: day("2026-11-13"), Status: cadence.Late, Step: 4},
		{Date: day("2026-11-15"), Status: cadence.Missed, Step: 5},
		{Date: day("2026-11-16"), Status: cadence.Missed, Step: 6},
		{Date: day("2026-11-17"), Status: cadence.Due, Step: 7},
	}
	for i := range want {
		want[i].Label = def.Steps[want[i].Step-1].Title
	}
	require.Equal(t, want, c.Days)
	require.Equal(t, "Start from today", c.Days[0].Label)

	// Over HTTP (checked against the API document), each programme day names its step.
	var body struct {
		Calendar []struct {
			AssignmentID string `json:"assignment_id"`
			Kind         string `json:"kind"`
			Days         []struct {
				Date, Status, Label string
				Step                int
			} `json:"days"`
		} `json:"calendar"`
	}
	res := f.tm.Browsers[practice.RoleClinician].Do("GET", "/api/clients/"+client.String()+"/progress", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	apptest.Decode(t, res, &body)
	found := false
	for _, cal := range body.Calendar {
		if cal.AssignmentID != prog.String() {
			require.Equal(t, "daily", cal.Kind)
			require.Zero(t, cal.Days[0].Step, "a daily exercise's days have no step")
			continue
		}
		found = true
		require.Equal(t, "programme", cal.Kind)
		require.Len(t, cal.Days, 7)
		require.Equal(t, "2026-11-15", cal.Days[4].Date)
		require.Equal(t, 5, cal.Days[4].Step)
		require.Equal(t, def.Steps[4].Title, cal.Days[4].Label)
	}
	require.True(t, found)
}
