package notify_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/db/dbtest"
	"github.com/steadyhq/steady/internal/notify"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/stretchr/testify/require"
)

func TestWelcomeEmailGoesOutOverSMTPOnce(t *testing.T) {
	t.Parallel()
	sink := apptest.NewSMTPSink(t)
	a, b := setup(t, func(c *app.Config) { c.SMTPHost = "127.0.0.1"; c.SMTPPort = sink.Port })
	require.Equal(t, http.StatusCreated, a.SignUp(t, b, apptest.SignupBody("welcome@example.com")).StatusCode)
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
	a, b := setup(t)
	require.Equal(t, http.StatusCreated, a.SignUp(t, b, apptest.SignupBody("dev@example.com")).StatusCode)
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

// checkMailer stores through the dev mailbox, then looks from another connection: a message
// sent by SendOnceBuilt must not be visible before its delivery commits (an invitation's link
// would not work yet: the race behind a rare 410 in the invitation tests).
type checkMailer struct {
	box     *notify.Mailbox
	t       *testing.T
	visible int
}

func (m *checkMailer) Send(ctx context.Context, msg notify.Message) error {
	if err := m.box.Send(ctx, msg); err != nil {
		return err
	}
	m.visible = countMessages(m.t, m.box.DB)
	return nil
}

func countMessages(t *testing.T, d *db.DB) int {
	var n int
	require.NoError(t, d.InGlobal(context.Background(), func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT count(*) FROM dev_messages`).Row().Scan(&n)
	}))
	return n
}

func TestDevMailboxShowsAMessageWhenItsDeliveryCommits(t *testing.T) {
	t.Parallel()
	env := dbtest.New(t)
	ctx := context.Background()
	p := uuid.New()
	require.NoError(t, auth.SeedPractice(ctx, env.DB, practice.Practice{ID: p, Name: "Mailbox Practice"}, nil))
	m := &checkMailer{box: &notify.Mailbox{DB: env.DB}, t: t}
	build := func(*db.Tx) (notify.Message, error) {
		return notify.Message{To: "a@example.com", Subject: "Hello", Text: "a link"}, nil
	}
	require.NoError(t, notify.SendOnceBuilt(ctx, env.DB, db.Scope{PracticeID: p}, "k1", m, "a@example.com", "Hello", build))
	require.Equal(t, 0, m.visible, "not visible while the delivery is open")
	require.Equal(t, 1, countMessages(t, env.DB), "visible once it commits")

	// Sent once: a second run of the same delivery stores nothing more.
	require.NoError(t, notify.SendOnceBuilt(ctx, env.DB, db.Scope{PracticeID: p}, "k1", m, "a@example.com", "Hello", build))
	require.Equal(t, 1, countMessages(t, env.DB))

	// Outside a delivery (a reminder's own send path) the mailbox commits on its own.
	require.NoError(t, m.box.Send(ctx, notify.Message{To: "b@example.com", Subject: "Hi", Text: "x"}))
	require.Equal(t, 2, countMessages(t, env.DB))
}
