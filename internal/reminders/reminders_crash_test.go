package reminders_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// TestMain lets this test binary be the `steady worker` process of the crash test.
func TestMain(m *testing.M) { os.Exit(apptest.MainOrWorker(m)) }

// The worker runs as its own process, is killed with SIGKILL in the middle of sending a batch
// of due reminders, and is started again: every reminder is delivered, and none twice.
func TestRemindersSurviveAKilledWorker(t *testing.T) {
	const n = 200
	a := apptest.New(t)
	tm := apptest.SeedTeam(t, a, "crash")
	caller := tm.Caller(practice.RoleClinician)
	ctx := context.Background()
	cs := clients.NewService(a.DB)
	for i := range n {
		c, err := cs.Create(ctx, caller, clients.Input{Name: fmt.Sprintf("Client %d", i),
			Email: fmt.Sprintf("c%d@example.com", i), ConsentEmail: true, TimeZone: "UTC"})
		require.NoError(t, err)
		apptest.LinkFor(t, a, caller, c.ID)
		apptest.AssignDaily(t, a, caller, c.ID)
	}
	// Every reminder due a minute ago, for today's occurrence.
	require.NoError(t, a.DB.InTenant(ctx, db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Exec(`UPDATE reminder_schedules SET next_fire_at = now() - interval '1 minute',
			occurrence_date = ?, kind = 'reminder'`, apptest.Today().UTC()).Error
	}))

	sink := apptest.NewKeyedSink(t, 20*time.Millisecond)
	atKill := apptest.KillMidway(t, a, sink, n)
	sent := func() (k int) {
		require.NoError(t, a.DB.InTenant(ctx, db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
			return tx.Gorm.Raw(`SELECT count(*) FROM reminder_deliveries WHERE status = 'sent'`).Row().Scan(&k)
		}))
		return k
	}
	deadline := time.Now().Add(90 * time.Second)
	for sent() < n && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	require.Equal(t, n, sent(), "every delivery recorded as sent")
	unique, received := sink.Counts()
	require.Equal(t, n, unique, "every reminder delivered, under one key each")
	// Messages the provider took while the worker died (in flight, or accepted but not yet
	// marked) are sent again under their key: the provider drops the repeats.
	t.Logf("%d reminders: %d delivered before the kill, %d after; %d resent under a key already delivered (the provider drops them)",
		n, atKill, unique-atKill, received-unique)
	var rows int
	require.NoError(t, a.DB.InTenant(ctx, db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT count(*) FROM reminder_deliveries`).Row().Scan(&rows)
	}))
	require.Equal(t, n, rows, "one delivery row per reminder")
}
