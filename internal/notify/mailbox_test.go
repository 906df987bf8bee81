package notify_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/db/dbtest"
	"github.com/steadyhq/steady/internal/notify"
	"github.com/steadyhq/steady/internal/practice"
)

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
