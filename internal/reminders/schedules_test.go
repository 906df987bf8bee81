package reminders_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/practice"
)

// copyDiffersSQL counts the practice's schedules whose copy of their assignment (migration
// 0034) differs from it in any column the reminders read, and the assignments with no
// schedule at all.
const copyDiffersSQL = `SELECT count(*) FROM assignments a
	LEFT JOIN reminder_schedules s ON s.practice_id = a.practice_id AND s.assignment_id = a.id
	WHERE (s.client_id, s.cadence_kind, s.start_date, s.end_date, s.weekday_mask, s.every_weeks, s.days,
		s.at_time, s.status, s.pauses, s.paused_at, s.stopped_at, s.reminder_channel, s.reminder_at, s.reminder_nudge)
	IS DISTINCT FROM (a.client_id, a.kind, a.start_date, a.end_date, a.weekday_mask, a.every_weeks, a.days,
		a.at_time, a.status, a.pauses, a.paused_at, a.stopped_at, a.reminder_channel, a.reminder_at, a.reminder_nudge)`

// A schedule's copy of its assignment is what the dispatcher and the sender read: it follows
// every change the clinician makes, in the same transaction.
func TestSchedulesCopyTheirAssignments(t *testing.T) {
	t.Parallel()
	f := newReminderFixture(t)
	ctx := context.Background()
	ex := assignments.NewService(f.a.DB, clients.NewService(f.a.DB), nil)
	same := func(step string) {
		t.Helper()
		var n int
		f.row(t, copyDiffersSQL, nil, &n)
		require.Zero(t, n, "after %s, every schedule's copy is its assignment's columns", step)
	}
	apptest.AssignDaily(t, f.a, f.caller, f.client) // a second assignment, left as it is
	same("assigning")

	_, err := ex.Pause(ctx, f.caller, f.assignment)
	require.NoError(t, err)
	same("a pause")
	_, err = ex.Resume(ctx, f.caller, f.assignment)
	require.NoError(t, err)
	same("a resume")

	res := f.tm.Browsers[practice.RoleClinician].Do("PUT", "/api/assignments/"+f.assignment.String()+"/reminders",
		`{"channel":"email","at":"08:30","nudge":false}`, nil)
	require.Equal(t, 200, res.StatusCode, apptest.ReadBody(t, res))
	same("new reminder settings")
	var at string
	f.row(t, `SELECT reminder_at FROM reminder_schedules WHERE assignment_id = ?`, []any{f.assignment}, &at)
	require.Equal(t, "08:30", at, "the copy holds the new time")

	_, err = ex.Stop(ctx, f.caller, f.assignment)
	require.NoError(t, err)
	same("a stop")
	var status string
	f.row(t, `SELECT status FROM reminder_schedules WHERE assignment_id = ?`, []any{f.assignment}, &status)
	require.Equal(t, assignments.Stopped, status)
}
