package reminders_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/notify"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/reminders"
	"github.com/steadyhq/steady/migrations"
	"github.com/stretchr/testify/require"
)

// row runs query in the practice and scans its one row into dest.
func (f *reminderFixture) row(t *testing.T, query string, args []any, dest ...any) {
	t.Helper()
	require.NoError(t, f.a.DB.InTenant(context.Background(), db.Scope{PracticeID: f.practice}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(query, args...).Row().Scan(dest...)
	}))
}

// exec runs a statement in the practice.
func (f *reminderFixture) exec(t *testing.T, query string, args ...any) {
	t.Helper()
	require.NoError(t, f.a.DB.InTenant(context.Background(), db.Scope{PracticeID: f.practice}, func(tx *db.Tx) error {
		return tx.Gorm.Exec(query, args...).Error
	}))
}

// schedule reads the assignment's next firing.
// dispatchNow runs the dispatcher at the test's now and reads the schedule it leaves.
func (f *reminderFixture) dispatchNow(t *testing.T) (next *time.Time, date *time.Time) {
	f.dispatch(t, apptest.Now())
	return f.schedule(t)
}

func (f *reminderFixture) schedule(t *testing.T) (next *time.Time, date *time.Time) {
	f.row(t, `SELECT next_fire_at, occurrence_date FROM reminder_schedules WHERE assignment_id = ?`,
		[]any{f.assignment}, &next, &date)
	return next, date
}

// dispatch runs the dispatcher at now and returns the send jobs it has made so far.
func (f *reminderFixture) dispatch(t *testing.T, now time.Time) []reminders.SendArgs {
	_, err := reminders.Dispatch(context.Background(), f.a.DB, f.a.Key, now)
	require.NoError(t, err)
	rows, err := f.a.DB.Pool.Query(context.Background(), `SELECT args FROM river_job WHERE kind = 'reminder_send' ORDER BY id`)
	require.NoError(t, err)
	var out []reminders.SendArgs
	for rows.Next() {
		var raw []byte
		require.NoError(t, rows.Scan(&raw))
		var args reminders.SendArgs
		require.NoError(t, json.Unmarshal(raw, &args))
		out = append(out, args)
	}
	return out
}

// linkNotices works the link notices the dispatcher made (one per client and day, however
// often it runs) and checks that the client's clinician was told, once, without the client's
// name; a notice that finds a live link again sends nothing.
func (f *reminderFixture) linkNotices(t *testing.T, want int) {
	t.Helper()
	ctx := context.Background()
	rows, err := f.a.DB.Pool.Query(ctx, `SELECT args FROM river_job WHERE kind = 'reminder_link_notice'`)
	require.NoError(t, err)
	raws, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	require.NoError(t, err)
	require.Len(t, raws, want)
	var args reminders.LinkNoticeArgs
	require.NoError(t, json.Unmarshal(raws[0], &args))
	w := &reminders.LinkNoticeWorker{DB: f.a.DB, Mailer: f.a.Mailer, PublicURL: "http://steady.test"}
	require.NoError(t, w.Work(ctx, &river.Job[reminders.LinkNoticeArgs]{Args: args}))
	var to, body string
	var n int
	require.NoError(t, f.a.DB.Pool.QueryRow(ctx, `SELECT min(recipient), min(text_body), count(*) FROM dev_messages
		WHERE subject = 'A client''s reminders need a new homework link'`).Scan(&to, &body, &n))
	require.Equal(t, 1, n)
	require.Equal(t, f.tm.Members[practice.RoleClinician].Email, to, "the client's own clinician is told")
	require.Contains(t, body, "http://steady.test/app/clients/"+f.client.String())
	require.NotContains(t, body, "Robin", "the email names no client")

	apptest.LinkFor(t, f.a, f.caller, f.client)
	require.NoError(t, w.Work(ctx, &river.Job[reminders.LinkNoticeArgs]{Args: args}))
	require.NoError(t, f.a.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM dev_messages
		WHERE subject = 'A client''s reminders need a new homework link'`).Scan(&n))
	require.Equal(t, 1, n, "with a live link again there is nothing to tell")
	require.NoError(t, f.a.LinkSvc().RevokeLink(ctx, f.caller, f.client))
}

func (f *reminderFixture) send(t *testing.T, args reminders.SendArgs, now time.Time) {
	w := &reminders.SendWorker{DB: f.a.DB, Mailer: f.a.Mailer, Key: f.a.Key, PublicURL: "http://steady.test", Now: func() time.Time { return now }}
	require.NoError(t, w.Work(context.Background(), &river.Job[reminders.SendArgs]{Args: args}))
}

func (f *reminderFixture) delivery(t *testing.T, args reminders.SendArgs) (status, reason string) {
	f.row(t, `SELECT status, reason FROM reminder_deliveries WHERE assignment_id = ? AND occurrence_date = ? AND kind = ?`,
		[]any{args.AssignmentID, args.Date.UTC(), string(args.Message)}, &status, &reason)
	return status, reason
}

func (f *reminderFixture) unsubscribed(t *testing.T) (n int) {
	f.row(t, `SELECT count(*) FROM reminder_preferences WHERE email_unsubscribed_at IS NOT NULL`, nil, &n)
	return n
}

func (f *reminderFixture) mails(t *testing.T) []string {
	rows, err := f.a.DB.Pool.Query(context.Background(), `SELECT text_body FROM dev_messages WHERE recipient = 'robin@example.com' ORDER BY created_at`)
	require.NoError(t, err)
	var out []string
	for rows.Next() {
		var s string
		require.NoError(t, rows.Scan(&s))
		out = append(out, s)
	}
	return out
}

// A reminder goes out once at 19:00 London time with a working link of its own, however
// often the dispatcher runs or the job is retried, and says nothing clinical.
// A delivery row made before ids were derived from the message (a random id) still stands for
// its message: the sender finds no row under the derived id, and its attempt to make one
// meets the older row, so nothing is sent twice and nothing fails.
func TestReminderRowWithAnOlderIDIsLeftAlone(t *testing.T) {
	t.Parallel()
	f := newReminderFixture(t)
	next, date := f.dispatchNow(t)
	f.exec(t, `INSERT INTO reminder_deliveries (practice_id, id, client_id, assignment_id, occurrence_date, kind,
		channel, status, sent_at) VALUES (?, ?, ?, ?, ?, 'reminder', 'email', 'sent', now())`,
		f.practice, uuid.New(), f.client, f.assignment, *date)
	jobs := f.dispatch(t, next.Add(time.Minute))
	require.Len(t, jobs, 1)
	f.send(t, jobs[0], next.Add(time.Minute))
	require.Empty(t, f.mails(t), "the message was dealt with under its older row")
	var n int
	f.row(t, `SELECT count(*) FROM reminder_deliveries WHERE status = 'sent'`, nil, &n)
	require.Equal(t, 1, n)
}

func TestReminderSentOnceWithItsOwnLink(t *testing.T) {
	t.Parallel()
	f := newReminderFixture(t)
	now := apptest.Now()
	require.Empty(t, f.dispatch(t, now), "a new schedule is worked out, nothing sent")
	next, date := f.schedule(t)
	require.NotNil(t, next)
	london, _ := time.LoadLocation("Europe/London")
	require.Equal(t, 19, next.In(london).Hour(), "the exercise's time, in the client's zone")
	require.True(t, next.After(now))

	at := next.Add(time.Minute)
	jobs := f.dispatch(t, at)
	require.Len(t, jobs, 1)
	require.Equal(t, date.Format(time.DateOnly), jobs[0].Date.String())
	require.Len(t, f.dispatch(t, at.Add(time.Minute)), 1, "the schedule moved on: no second job")

	f.send(t, jobs[0], at)
	f.send(t, jobs[0], at.Add(time.Minute)) // a retry or a duplicate
	mails := f.mails(t)
	require.Len(t, mails, 1)
	status, _ := f.delivery(t, jobs[0])
	require.Equal(t, reminders.Sent, status)
	require.Contains(t, mails[0], "Hello Robin")
	require.NotContains(t, mails[0], "Calming down", "no exercise names in a message")

	token := regexp.MustCompile(`http://steady\.test/h/([A-Za-z0-9_-]{43})`).FindStringSubmatch(mails[0])
	require.NotNil(t, token, mails[0])
	_, sess, err := f.a.LinkSvc().Exchange(context.Background(), token[1], "192.0.2.30")
	require.NoError(t, err, "the reminder's own token opens the client's homework")
	require.Equal(t, f.client, sess.ClientID)
}

// Nothing is sent once the occurrence is done; a dead link is reported instead of sent;
// a stopped assignment has no more firings.
func TestReminderStopConditions(t *testing.T) {
	t.Parallel()
	f := newReminderFixture(t)
	ctx := context.Background()
	next, date := f.dispatchNow(t)
	f.exec(t, `INSERT INTO responses (practice_id, id, assignment_id, client_id, occurrence_date, answers,
		idempotency_key) VALUES (?, ?, ?, ?, ?, '{}', ?)`, f.practice, uuid.New(), f.assignment, f.client, *date, uuid.New())
	jobs := f.dispatch(t, next.Add(time.Minute))
	require.Len(t, jobs, 1)
	f.send(t, jobs[0], next.Add(time.Minute))
	status, reason := f.delivery(t, jobs[0])
	require.Equal(t, reminders.Skipped, status)
	require.Equal(t, "already done", reason)
	require.Empty(t, f.mails(t))

	require.NoError(t, f.a.LinkSvc().RevokeLink(ctx, f.caller, f.client))
	next, _ = f.schedule(t)
	jobs = f.dispatch(t, next.Add(time.Minute))
	require.Len(t, jobs, 2)
	f.send(t, jobs[1], next.Add(time.Minute))
	status, reason = f.delivery(t, jobs[1])
	require.Equal(t, reminders.Failed, status)
	require.Contains(t, reason, "no live homework link")
	require.Empty(t, f.mails(t), "no reminder with a dead link")
	f.linkNotices(t, 1)

	_, err := assignments.NewService(f.a.DB, clients.NewService(f.a.DB), nil).Stop(ctx, f.caller, f.assignment)
	require.NoError(t, err)
	next, _ = f.dispatchNow(t)
	require.Nil(t, next, "a stopped assignment fires no more")
}

// Reminder settings are checked against the channel list, the clock, the practice's quiet
// hours and the client's addresses and consents: each problem is named, nothing changes.
func TestReminderSettingsInput(t *testing.T) {
	t.Parallel()
	f := newReminderFixture(t)
	b := f.tm.Browsers[practice.RoleClinician]
	path := "/api/assignments/" + f.assignment.String() + "/reminders"
	for body, field := range map[string]string{
		`{"channel":"fax","at":null,"nudge":true}`:      "channel",
		`{"channel":"email","at":"25:00","nudge":true}`: "at",
		`{"channel":"email","at":"7pm","nudge":true}`:   "at",
		`{"channel":"email","at":"22:30","nudge":true}`: "at",
		`{"channel":"sms","at":null,"nudge":true}`:      "channel",
		`{"channel":"both","at":null,"nudge":true}`:     "channel",
		`{"at":null,"nudge":true}`:                      "channel",
		`{"channel":"email","at":null}`:                 "nudge",
	} {
		res := b.Do("PUT", path, body, nil)
		require.Equal(t, 422, res.StatusCode, body)
		e := apptest.ReadError(t, res)
		require.Contains(t, e.Error.Fields, field, body)
		if body == `{"channel":"email","at":"22:30","nudge":true}` {
			require.Contains(t, e.Error.Fields["at"], "quiet hours")
		}
	}
	res := b.Do("GET", "/api/assignments/"+f.assignment.String(), "", nil)
	var before struct {
		Reminders map[string]any `json:"reminders"`
	}
	apptest.Decode(t, res, &before)
	require.Equal(t, map[string]any{"channel": "email", "at": nil, "nudge": true}, before.Reminders, "nothing changed")

	res = b.Do("PUT", path, `{"channel":"email","at":"06:45","nudge":false}`, nil)
	require.Equal(t, 422, res.StatusCode, "06:45 is before the quiet hours end at 07:00")
	res = b.Do("PUT", path, `{"channel":"email","at":"08:15","nudge":false}`, nil)
	require.Equal(t, 200, res.StatusCode, apptest.ReadBody(t, res))
	next, _ := f.dispatchNow(t)
	london, _ := time.LoadLocation("Europe/London")
	require.Equal(t, "08:15", next.In(london).Format("15:04"), "the new time is worked out at once")
	require.Contains(t, apptest.AuditActions(t, f.a, f.practice, f.client.String()), "assignment.reminders")

	other := apptest.SeedTeam(t, f.a, "elsewhere").Browsers[practice.RoleOwner]
	require.Equal(t, 404, other.Do("PUT", path, `{"channel":"none","at":null,"nudge":false}`, nil).StatusCode)
}

// The clinician's delivery log shows what was sent, and what failed and why.
func TestReminderDeliveryLog(t *testing.T) {
	t.Parallel()
	f := newReminderFixture(t)
	next, _ := f.dispatchNow(t)
	jobs := f.dispatch(t, next.Add(time.Minute))
	require.Len(t, jobs, 1)
	f.send(t, jobs[0], next.Add(time.Minute))
	require.NoError(t, f.a.LinkSvc().RevokeLink(context.Background(), f.caller, f.client))
	next, _ = f.schedule(t)
	jobs = f.dispatch(t, next.Add(time.Minute))
	f.send(t, jobs[1], next.Add(time.Minute))

	res := f.tm.Browsers[practice.RoleClinician].Do("GET", "/api/clients/"+f.client.String()+"/reminders", "", nil)
	require.Equal(t, 200, res.StatusCode)
	var log struct {
		Deliveries []struct {
			Status, Reason, Kind, Channel, AssignmentTitle string
		} `json:"deliveries"`
	}
	apptest.Decode(t, res, &log)
	require.Len(t, log.Deliveries, 2)
	require.Equal(t, "failed", log.Deliveries[0].Status, "newest first")
	require.Contains(t, log.Deliveries[0].Reason, "no live homework link")
	require.Equal(t, "sent", log.Deliveries[1].Status)
	require.Equal(t, "email", log.Deliveries[1].Channel)

	other := apptest.SeedTeam(t, f.a, "elsewhere").Browsers[practice.RoleOwner]
	require.Equal(t, 404, other.Do("GET", "/api/clients/"+f.client.String()+"/reminders", "", nil).StatusCode)
}

// Every reminder email carries a one-click unsubscribe that needs no log-in: a GET only asks
// (mail scanners open links), a POST (the mail app's button, or the page's) stops email
// reminders, and the next reminder is skipped with the reason shown to the clinician.
func TestOneClickUnsubscribe(t *testing.T) {
	t.Parallel()
	f := newReminderFixture(t)
	next, _ := f.dispatchNow(t)
	jobs := f.dispatch(t, next.Add(time.Minute))
	f.send(t, jobs[0], next.Add(time.Minute))
	mails := f.mails(t)
	require.Len(t, mails, 1)
	m := regexp.MustCompile(`Stop email reminders: http://steady\.test(/unsubscribe/[A-Za-z0-9_-]{43})`).FindStringSubmatch(mails[0])
	require.NotNil(t, m, mails[0])
	var unsubscribeHeader string
	require.NoError(t, f.a.DB.Pool.QueryRow(context.Background(), `SELECT html_body FROM dev_messages WHERE recipient = 'robin@example.com'`).Scan(&unsubscribeHeader))
	require.Contains(t, unsubscribeHeader, m[1], "the HTML part links it too")

	b := f.a.Browser(t)
	res := b.Do("GET", m[1], "", map[string]string{"X-CSRF-Token": ""})
	require.Equal(t, 200, res.StatusCode)
	require.Contains(t, res.Header.Get("Content-Security-Policy"), "style-src 'sha256-")
	require.Contains(t, apptest.ReadBody(t, res), "Stop email reminders?")
	require.Zero(t, f.unsubscribed(t), "a GET changes nothing")

	for range 2 { // one click, then the same again: no error, no second audit row
		res = b.Do("POST", m[1], "", map[string]string{"X-CSRF-Token": ""})
		require.Equal(t, 200, res.StatusCode)
		require.Contains(t, apptest.ReadBody(t, res), "Email reminders are off")
	}
	require.Equal(t, 1, f.unsubscribed(t))
	actions := apptest.AuditActions(t, f.a, f.practice, f.client.String())
	n := 0
	for _, a := range actions {
		if a == "reminders.unsubscribe" {
			n++
		}
	}
	require.Equal(t, 1, n)

	// The client's choice changed, so the schedule is worked out again from now: it finds the
	// firing already handed over, and the job's unique key keeps it from a second job.
	next, _ = f.dispatchNow(t)
	require.Len(t, f.dispatch(t, next.Add(time.Minute)), 1)
	next, _ = f.schedule(t)
	jobs = f.dispatch(t, next.Add(time.Minute))
	require.Len(t, jobs, 2)
	f.send(t, jobs[1], next.Add(time.Minute))
	status, reason := f.delivery(t, jobs[1])
	require.Equal(t, reminders.Skipped, status)
	require.Equal(t, "the client unsubscribed from email", reason)
	require.Len(t, f.mails(t), 1)

	link := apptest.LinkFor(t, f.a, f.caller, f.client)
	require.Equal(t, 404, b.Do("POST", "/unsubscribe/"+link, "", nil).StatusCode, "a homework link's token is not an unsubscribe token")
	require.Equal(t, 404, b.Do("POST", "/unsubscribe/not-a-token", "", nil).StatusCode)
}

// With "both", one firing sends an email and a text (into the dev mailbox in development),
// each with its own delivery row; texts stop at a missing consent, reported to the clinician.
func TestReminderByEmailAndText(t *testing.T) {
	t.Parallel()
	f := newReminderFixture(t)
	ctx := context.Background()
	_, err := clients.NewService(f.a.DB).Update(ctx, f.caller, f.client, clients.Input{Name: "Robin Reed", PreferredName: "Robin",
		Email: "robin@example.com", ConsentEmail: true, Mobile: "+447911123456", ConsentSMS: true, TimeZone: "Europe/London", ClinicianIDs: []uuid.UUID{f.caller.UserID}})
	require.NoError(t, err)
	res := f.tm.Browsers[practice.RoleClinician].Do("PUT", "/api/assignments/"+f.assignment.String()+"/reminders",
		`{"channel":"both","at":null,"nudge":true}`, nil)
	require.Equal(t, 200, res.StatusCode, apptest.ReadBody(t, res))
	next, _ := f.dispatchNow(t)
	jobs := f.dispatch(t, next.Add(time.Minute))
	require.Len(t, jobs, 1)
	w := &reminders.SendWorker{DB: f.a.DB, Mailer: f.a.Mailer, Texter: f.a.Texter, Key: f.a.Key, PublicURL: "http://steady.test",
		Now: func() time.Time { return next.Add(time.Minute) }}
	require.NoError(t, w.Work(ctx, &river.Job[reminders.SendArgs]{Args: jobs[0]}))
	require.NoError(t, w.Work(ctx, &river.Job[reminders.SendArgs]{Args: jobs[0]}))
	var text string
	require.NoError(t, f.a.DB.Pool.QueryRow(ctx, `SELECT text_body FROM dev_messages WHERE recipient = 'sms:+447911123456'`).Scan(&text))
	require.Regexp(t, `^.+: your homework for today is ready when you are\. http://steady\.test/h/[A-Za-z0-9_-]{43} `, text)
	require.Len(t, f.mails(t), 1)
	require.Equal(t, 1, f.a.CountRows(t, `SELECT count(*) FROM dev_messages WHERE recipient = 'sms:+447911123456'`), "one text")

	var sent int
	f.row(t, `SELECT count(*) FROM reminder_deliveries WHERE status = 'sent'`, nil, &sent)
	require.Equal(t, 2, sent)

	// Consent withdrawn: the next text fails with the reason; the email still goes.
	_, err = clients.NewService(f.a.DB).Update(ctx, f.caller, f.client, clients.Input{Name: "Robin Reed", PreferredName: "Robin",
		Email: "robin@example.com", ConsentEmail: true, Mobile: "+447911123456", ConsentSMS: false, TimeZone: "Europe/London", ClinicianIDs: []uuid.UUID{f.caller.UserID}})
	require.NoError(t, err)
	next, _ = f.schedule(t)
	jobs = f.dispatch(t, next.Add(time.Minute))
	require.Len(t, jobs, 2)
	w.Now = func() time.Time { return next.Add(time.Minute) }
	require.NoError(t, w.Work(ctx, &river.Job[reminders.SendArgs]{Args: jobs[1]}))
	require.Len(t, f.mails(t), 2)
	var reason string
	f.row(t, `SELECT reason FROM reminder_deliveries WHERE channel = 'sms' AND status = 'failed'`, nil, &reason)
	require.Equal(t, "the client has not agreed to texts", reason)
}

// From their link a client picks their own time, pauses, turns reminders off, or turns email
// back on; bad choices are named and nothing changes; the engine follows at once.
func TestClientReminderChoices(t *testing.T) {
	t.Parallel()
	f := newReminderFixture(t)
	token := apptest.LinkFor(t, f.a, f.caller, f.client)
	b := apptest.ClientBrowser(t, f.a, token)
	res := b.Do("GET", "/api/homework/reminders", "", nil)
	require.Equal(t, 200, res.StatusCode)
	require.JSONEq(t, `{"preferred_at":null,"paused_until":null,"off":false,"email_unsubscribed":false}`, apptest.ReadBody(t, res))

	tomorrow := apptest.Now().Add(24 * time.Hour).Format(time.DateOnly)
	far := apptest.Now().Add(120 * 24 * time.Hour).Format(time.DateOnly)
	for body, field := range map[string]string{
		`{"preferred_at":"24:00","paused_until":null,"off":false,"email_unsubscribed":false}`:       "preferred_at",
		`{"preferred_at":"23:30","paused_until":null,"off":false,"email_unsubscribed":false}`:       "preferred_at",
		`{"preferred_at":null,"paused_until":"` + far + `","off":false,"email_unsubscribed":false}`: "paused_until",
		`{"preferred_at":null,"paused_until":"2020-01-01","off":false,"email_unsubscribed":false}`:  "paused_until",
		// A whole set of choices: a key left out would silently undo a choice (found by fuzzing).
		`{}`:                       "off",
		`{"preferred_at":"08:00"}`: "email_unsubscribed",
		`{"off":true,"paused_until":null,"email_unsubscribed":false}`: "preferred_at",
	} {
		res := b.Do("PUT", "/api/homework/reminders", body, nil)
		require.Equal(t, 422, res.StatusCode, body)
		require.Contains(t, apptest.ReadError(t, res).Error.Fields, field, body)
	}
	require.Equal(t, 400, b.Do("PUT", "/api/homework/reminders", `{"preferred_at":"18:00","colour":"blue"}`, nil).StatusCode)
	res = b.Do("GET", "/api/homework/reminders", "", nil)
	require.JSONEq(t, `{"preferred_at":null,"paused_until":null,"off":false,"email_unsubscribed":false}`, apptest.ReadBody(t, res), "nothing changed")

	res = b.Do("PUT", "/api/homework/reminders", `{"preferred_at":"08:30","paused_until":"`+tomorrow+`","off":false,"email_unsubscribed":false}`, nil)
	require.Equal(t, 200, res.StatusCode, apptest.ReadBody(t, res))
	next, _ := f.dispatchNow(t)
	london, _ := time.LoadLocation("Europe/London")
	require.Equal(t, "08:30", next.In(london).Format("15:04"), "the client's own time wins")
	require.Contains(t, apptest.AuditActions(t, f.a, f.practice, f.client.String()), "reminders.choices")

	res = b.Do("PUT", "/api/homework/reminders", `{"preferred_at":null,"paused_until":null,"off":true,"email_unsubscribed":false}`, nil)
	require.Equal(t, 200, res.StatusCode)
	next, _ = f.dispatchNow(t)
	require.Nil(t, next, "reminders off: nothing scheduled")
}

// A paused assignment and an archived client have nothing scheduled; resuming and restoring
// bring the next firing back, worked out from now.
func TestRemindersFollowPauseAndArchive(t *testing.T) {
	t.Parallel()
	f := newReminderFixture(t)
	ctx := context.Background()
	ex := assignments.NewService(f.a.DB, clients.NewService(f.a.DB), nil)
	f.dispatch(t, apptest.Now())
	before, _ := f.schedule(t)
	require.NotNil(t, before)

	_, err := ex.Pause(ctx, f.caller, f.assignment)
	require.NoError(t, err)
	next, _ := f.dispatchNow(t)
	require.Nil(t, next, "paused: nothing to send")
	_, err = ex.Resume(ctx, f.caller, f.assignment)
	require.NoError(t, err)
	next, _ = f.dispatchNow(t)
	require.NotNil(t, next)
	require.Equal(t, before.UTC(), next.UTC(), "resumed the same day: the same firing")

	owner := f.tm.Caller(practice.RoleOwner)
	_, err = clients.NewService(f.a.DB).SetArchived(ctx, owner, f.client, true)
	require.NoError(t, err)
	next, _ = f.dispatchNow(t)
	require.Nil(t, next, "archived: nothing to send")
	_, err = clients.NewService(f.a.DB).SetArchived(ctx, owner, f.client, false)
	require.NoError(t, err)
	next, _ = f.dispatchNow(t)
	require.NotNil(t, next, "restored: reminders come back")
}

// A new practice keeps quiet from 22:00 until 07:00 in each client's own time: a reminder
// set for 07:00 is accepted and sent at 07:00 London time (the client's zone), nothing goes
// out at 06:59, and a 06:59 time is refused, by the clinician and by the client alike.
func TestQuietHoursLetASevenOClockReminderThrough(t *testing.T) {
	t.Parallel()
	f := newReminderFixture(t)
	b := f.tm.Browsers[practice.RoleClinician]
	path := "/api/assignments/" + f.assignment.String() + "/reminders"

	res := b.Do("PUT", path, `{"channel":"email","at":"06:59","nudge":false}`, nil)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, apptest.ReadError(t, res).Error.Fields["at"], "22:00 until 07:00")
	res = b.Do("PUT", path, `{"channel":"email","at":"07:00","nudge":false}`, nil)
	require.Equal(t, http.StatusOK, res.StatusCode, apptest.ReadBody(t, res))

	next, _ := f.dispatchNow(t)
	require.NotNil(t, next)
	london, _ := time.LoadLocation("Europe/London")
	require.Equal(t, "07:00", next.In(london).Format("15:04"), "07:00 in the client's own zone")
	require.Empty(t, f.dispatch(t, next.Add(-time.Minute)), "nothing at 06:59")
	jobs := f.dispatch(t, *next)
	require.Len(t, jobs, 1, "the reminder is due at 07:00")
	f.send(t, jobs[0], *next)
	require.Len(t, f.mails(t), 1, "and sent")

	client := apptest.ClientBrowser(t, f.a, apptest.LinkFor(t, f.a, f.caller, f.client))
	res = client.Do("PUT", "/api/homework/reminders", `{"preferred_at":"06:59","paused_until":null,"off":false,"email_unsubscribed":false}`, nil)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, apptest.ReadError(t, res).Error.Fields["preferred_at"], "22:00 until 07:00")
	res = client.Do("PUT", "/api/homework/reminders", `{"preferred_at":"07:00","paused_until":null,"off":false,"email_unsubscribed":false}`, nil)
	require.Equal(t, http.StatusOK, res.StatusCode, apptest.ReadBody(t, res))
}

// Migration 0012 moves a practice still on the old quiet hours (21:00–08:00) to the new ones
// only if it never saved its settings, and has its reminders worked out again; a practice
// that saved the old hours, or chose others, keeps them.
func TestQuietHoursMigrationMovesOnlyUntouchedPractices(t *testing.T) {
	if os.Getenv("TEST_CITUS_ADMIN_URLS") != "" {
		t.Skip("replays migration 0012, a one-time change applied before any schema is distributed")
	}
	t.Parallel()
	f := newReminderFixture(t) // its practice never saved its settings
	saved := apptest.SeedTeam(t, f.a, "saved")
	own := apptest.SeedTeam(t, f.a, "own")
	old := `{"name":"%s","time_zone":"UTC","reminder_window_start":"08:00","reminder_window_end":"20:00",` +
		`"quiet_hours_start":"%s","quiet_hours_end":"%s"}`
	for _, p := range []struct {
		tm         *apptest.Team
		start, end string
	}{{saved, "21:00", "08:00"}, {own, "21:30", "06:30"}} {
		res := p.tm.Browsers[practice.RoleAdmin].Do("PATCH", "/api/practice", fmt.Sprintf(old, "Kept", p.start, p.end), nil)
		require.Equal(t, http.StatusOK, res.StatusCode, apptest.ReadBody(t, res))
	}
	f.exec(t, `UPDATE practices SET quiet_hours_start = '21:00', quiet_hours_end = '08:00',
		reminder_window_start = '08:00', reminder_window_end = '20:00'`)
	next, _ := f.dispatchNow(t)
	require.NotNil(t, next)

	ctx := context.Background()
	sql, err := migrations.FS.ReadFile("0012_quiet_hours_default.sql")
	require.NoError(t, err)
	conn, err := pgx.Connect(ctx, f.a.Env.OwnerURL)
	require.NoError(t, err)
	defer conn.Close(ctx)
	require.NoError(t, pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, string(sql))
		return err
	}))

	quiet := func(tm *apptest.Team) string {
		var st map[string]any
		apptest.Decode(t, tm.Browsers[practice.RoleAdmin].Do("GET", "/api/practice", "", nil), &st)
		return fmt.Sprintf("%s–%s window %s–%s", st["quiet_hours_start"], st["quiet_hours_end"],
			st["reminder_window_start"], st["reminder_window_end"])
	}
	require.Equal(t, "22:00–07:00 window 07:00–22:00", quiet(f.tm), "never saved: moved to the new hours")
	require.Equal(t, "21:00–08:00 window 08:00–20:00", quiet(saved), "saved as they were: kept")
	require.Equal(t, "21:30–06:30 window 08:00–20:00", quiet(own), "chosen: kept")
	var again bool
	f.row(t, `SELECT next_fire_at = '-infinity' FROM reminder_schedules WHERE assignment_id = ?`, []any{f.assignment}, &again)
	require.True(t, again, "the moved practice's reminders are worked out again")
}

func smtpMailer(t *testing.T, port int) notify.Mailer {
	m, err := notify.NewSMTP(notify.SMTPConfig{Host: "127.0.0.1", Port: port, TLS: "none", From: "steady@example.com"})
	require.NoError(t, err)
	return m
}

// sendOver works one send job through mailer as River's attempt of attempts, logging to log.
func (f *reminderFixture) sendOver(mailer notify.Mailer, log *bytes.Buffer, args reminders.SendArgs, now time.Time,
	attempt, attempts int) error {
	w := &reminders.SendWorker{DB: f.a.DB, Mailer: mailer, Key: f.a.Key, PublicURL: "http://steady.test",
		Now: func() time.Time { return now }, Log: slog.New(slog.NewTextHandler(log, nil))}
	return w.Work(context.Background(), &river.Job[reminders.SendArgs]{Args: args,
		JobRow: &rivertype.JobRow{Attempt: attempt, MaxAttempts: attempts}})
}

type shownDelivery struct {
	ID, Status, Reason string
}

// shownLog is the delivery log as the clinician's browser gets it.
func (f *reminderFixture) shownLog(t *testing.T) []shownDelivery {
	res := f.tm.Browsers[practice.RoleClinician].Do("GET", "/api/clients/"+f.client.String()+"/reminders", "", nil)
	require.Equal(t, 200, res.StatusCode)
	var log struct {
		Deliveries []shownDelivery `json:"deliveries"`
	}
	apptest.Decode(t, res, &log)
	return log.Deliveries
}

// A mail server's refusal shows staff a plain reason; the server's own words, which name
// internal hosts, go to the log with the delivery's id, never to the delivery log.
func TestReminderRefusedByMailServerShowsAPlainReason(t *testing.T) {
	t.Parallel()
	f := newReminderFixture(t)
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return apptest.RefusingSession{}, nil }))
	s.Domain, s.AllowInsecureAuth = "localhost", true
	mailer := smtpMailer(t, apptest.NewSMTPListener(t, s))

	job, next := dueReminder(t, f)
	var logged bytes.Buffer
	require.NoError(t, f.sendOver(mailer, &logged, job, next.Add(time.Minute), 1, 8), "a refusal is final, not retried")

	shown := f.shownLog(t)
	require.Len(t, shown, 1)
	require.Equal(t, "failed", shown[0].Status)
	require.Equal(t, "the mail server refused the address", shown[0].Reason)
	_, stored := f.delivery(t, job)
	require.Equal(t, shown[0].Reason, stored, "the raw text is not stored either")
	require.Contains(t, logged.String(), "delivery="+shown[0].ID)
	require.Contains(t, logged.String(), "mx-internal-07.corp.example", "operators get the detail")

	// A row failed before reasons were plain still shows the plain one.
	f.exec(t, `UPDATE reminder_deliveries SET reason = ?`, "permanent delivery failure: smtp send: 550 5.1.1 "+apptest.RawRefusal)
	shown = f.shownLog(t)
	require.Equal(t, "the mail server refused the address", shown[0].Reason)
	for _, raw := range []string{"550", "5.1.1", "User unknown", "mx-internal", "robin@example.com", "permanent"} {
		require.NotContains(t, shown[0].Reason, raw)
	}
}

// A mail server that cannot be reached is retried; on River's last attempt the delivery
// fails with a plain reason instead of staying 'sending' for ever.
func TestReminderUnreachableMailServerFailsOnTheLastAttempt(t *testing.T) {
	t.Parallel()
	f := newReminderFixture(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := ln.Addr().(*net.TCPAddr).Port
	require.NoError(t, ln.Close()) // nothing listens there now
	mailer := smtpMailer(t, port)

	job, next := dueReminder(t, f)
	var logged bytes.Buffer
	require.Error(t, f.sendOver(mailer, &logged, job, next.Add(time.Minute), 1, 8), "River retries it")
	status, _ := f.delivery(t, job)
	require.Equal(t, reminders.Sending, status)

	require.NoError(t, f.sendOver(mailer, &logged, job, next.Add(2*time.Minute), 8, 8))
	shown := f.shownLog(t)
	require.Equal(t, "failed", shown[0].Status)
	require.Equal(t, "the mail server could not be reached", shown[0].Reason)
	require.Contains(t, logged.String(), "delivery="+shown[0].ID)
}

// dueReminder dispatches the fixture's next reminder and returns its one send job and when it
// was due.
func dueReminder(t *testing.T, f *reminderFixture) (reminders.SendArgs, *time.Time) {
	t.Helper()
	next, _ := f.dispatchNow(t)
	jobs := f.dispatch(t, next.Add(time.Minute))
	require.Len(t, jobs, 1)
	return jobs[0], next
}
