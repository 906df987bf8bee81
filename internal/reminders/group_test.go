package reminders_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
)

// Messages due together go to River in one job. A message handed over again while that job
// still carries it (its schedule worked out again, as a changed time can do) makes no job
// beside it; once the group is done, a message handed over again goes as a job of its own,
// which finds it sent and sends nothing twice.
func TestGroupedMessagesAreHandedOverOnce(t *testing.T) {
	t.Parallel()
	f := newReminderFixture(t)
	apptest.AssignDaily(t, f.a, f.caller, f.client)
	next, date := f.dispatchNow(t)
	at := next.Add(time.Minute)
	jobs := f.dispatch(t, at)
	require.Len(t, jobs, 1, "one job carries both messages")
	require.Len(t, jobs[0].More, 1)

	again := func() {
		f.exec(t, `UPDATE reminder_schedules SET next_fire_at = ?, occurrence_date = ?, kind = 'reminder'`, *next, *date)
	}
	again()
	require.Len(t, f.dispatch(t, at), 1, "the group still carries both: no job beside it")

	f.send(t, jobs[0], at)
	require.Len(t, f.mails(t), 2)
	_, err := f.a.DB.Pool.Exec(context.Background(), `UPDATE river_job SET state = 'completed', finalized_at = now()
		WHERE kind = 'reminder_send'`)
	require.NoError(t, err)
	again()
	jobs = f.dispatch(t, at)
	require.Len(t, jobs, 3, "with the group done, each goes as a job of its own")
	for _, j := range jobs[1:] {
		require.Empty(t, j.More)
		f.send(t, j, at)
	}
	require.Len(t, f.mails(t), 2, "nothing sent twice")
}
