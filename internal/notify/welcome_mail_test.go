package notify_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/auth"
)

func TestWelcomeEmailGoesOutOverSMTPOnce(t *testing.T) {
	t.Parallel()
	sink := apptest.NewSMTPSink(t)
	a, b := setup(t, func(c *app.Config) { c.SMTPHost = "127.0.0.1"; c.SMTPPort = sink.Port })
	require.Equal(t, http.StatusCreated, b.PostJSON("/api/auth/signup", apptest.SignupBody("welcome@example.com")).StatusCode)
	apptest.WaitFor(t, "the welcome email", func() bool { return len(sink.Messages()) == 1 })
	m := sink.Messages()[0]
	require.Equal(t, []string{"welcome@example.com"}, m.To)
	require.Contains(t, m.Data, "Subject: Welcome to Steady")
	require.Contains(t, m.Data, "http://localhost:8080/login")

	// Running the job again (a retry after a crash, say) sends nothing more.
	var args auth.WelcomeArgs
	var raw []byte
	require.NoError(t, a.DB.Pool.QueryRow(t.Context(), `SELECT args FROM river_job WHERE kind = 'welcome_email'`).Scan(&raw))
	require.NoError(t, json.Unmarshal(raw, &args))
	w := &auth.WelcomeWorker{DB: a.DB, Mailer: a.Mailer, PublicURL: a.Config.PublicURL}
	require.NoError(t, w.Work(t.Context(), &river.Job[auth.WelcomeArgs]{Args: args}))
	require.Len(t, sink.Messages(), 1, "the delivery record stops a second send")
}

func TestWelcomeEmailLandsInTheDevMailboxWithoutSMTP(t *testing.T) {
	t.Parallel()
	_, b := setup(t)
	require.Equal(t, http.StatusCreated, b.PostJSON("/api/auth/signup", apptest.SignupBody("dev@example.com")).StatusCode)
	var box struct {
		Messages []struct{ To, Subject, Text string }
	}
	apptest.WaitFor(t, "the dev mailbox", func() bool {
		res := b.Do("GET", "/api/dev/mailbox", "", nil)
		apptest.Decode(t, res, &box)
		return len(box.Messages) == 1
	})
	require.Equal(t, "dev@example.com", box.Messages[0].To)
	require.Equal(t, "Welcome to Steady", box.Messages[0].Subject)
	require.True(t, strings.Contains(box.Messages[0].Text, "/login"))
}
