package reminders_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/reminders"
)

// The usual reminder goes out as the dispatcher stored it: no write before the send, one
// after, which counts the attempt. A row whose link changed after the dispatch is written
// first with the link now live, so the token the message carries opens it.
func TestReminderRowIsWrittenBeforeTheSendOnlyWhenItMust(t *testing.T) {
	t.Parallel()
	f := newReminderFixture(t)
	ctx := context.Background()
	next, _ := f.dispatchNow(t)
	at := next.Add(time.Minute)
	jobs := f.dispatch(t, at)
	require.Len(t, jobs, 1)
	var dispatched uuid.UUID
	f.row(t, `SELECT link_id FROM reminder_deliveries WHERE assignment_id = ?`, []any{f.assignment}, &dispatched)

	// The link the dispatcher stored is revoked and a new one made before the job runs.
	require.NoError(t, f.a.LinkSvc().RevokeLink(ctx, f.caller, f.client))
	apptest.LinkFor(t, f.a, f.caller, f.client)
	f.send(t, jobs[0], at)

	var status string
	var attempts int
	var link uuid.UUID
	f.row(t, `SELECT status, attempts, link_id FROM reminder_deliveries WHERE assignment_id = ?`,
		[]any{f.assignment}, &status, &attempts, &link)
	require.Equal(t, reminders.Sent, status)
	require.Equal(t, 1, attempts, "the claim counted the attempt, the mark did not count it again")
	require.NotEqual(t, dispatched, link, "the row carries the link live at the send")
	mails := f.mails(t)
	require.Len(t, mails, 1)
	token := regexp.MustCompile(`http://steady\.test/h/([A-Za-z0-9_-]{43})`).FindStringSubmatch(mails[0])
	require.NotNil(t, token, mails[0])
	_, sess, err := f.a.LinkSvc().Exchange(ctx, token[1], "192.0.2.31")
	require.NoError(t, err, "the message's token opens the new link")
	require.Equal(t, f.client, sess.ClientID)

	// The next day's reminder finds its row as stored and is written once, when marked.
	next, _ = f.schedule(t)
	require.NotNil(t, next)
	at = next.Add(time.Minute)
	jobs = f.dispatch(t, at)
	require.Len(t, jobs, 2, "the dispatcher's jobs so far")
	f.send(t, jobs[1], at)
	status, _ = f.delivery(t, jobs[1])
	require.Equal(t, reminders.Sent, status)
	f.row(t, `SELECT attempts FROM reminder_deliveries WHERE assignment_id = ? AND occurrence_date = ?`,
		[]any{f.assignment, jobs[1].Date.UTC()}, &attempts)
	require.Equal(t, 1, attempts, "the mark counts the attempt the claim did not make")
	require.Len(t, f.mails(t), 2)
}
