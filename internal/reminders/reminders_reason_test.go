package reminders_test

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/notify"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/reminders"
)

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
	f.dispatch(t, apptest.Now())
	next, _ := f.schedule(t)
	jobs := f.dispatch(t, next.Add(time.Minute))
	require.Len(t, jobs, 1)
	return jobs[0], next
}
