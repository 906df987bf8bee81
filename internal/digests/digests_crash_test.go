package digests_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// TestMain lets this test binary be the `steady worker` process of the crash test.
func TestMain(m *testing.M) { os.Exit(apptest.MainOrWorker(m)) }

// The worker runs as its own process, is killed with SIGKILL while the week's digests go out,
// and is started again: every member gets exactly one digest, stored once and emailed once.
func TestDigestsSurviveAKilledWorker(t *testing.T) {
	const n = 120
	a := apptest.New(t)
	tm := apptest.SeedTeam(t, a, "crash")
	var ms []auth.SeedMember
	for i := range n - 3 {
		ms = append(ms, auth.SeedMember{ID: uuid.New(), Email: fmt.Sprintf("c%d@example.com", i), Name: fmt.Sprintf("Clinician %d", i),
			Password: "long enough password", Role: practice.RoleClinician})
	}
	ctx := context.Background()
	require.NoError(t, auth.SeedPractice(ctx, a.DB, practice.Practice{ID: tm.ID, Name: "crash"}, ms))
	require.NoError(t, a.DB.InTenant(ctx, db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Exec(`UPDATE digest_settings SET next_send_at = now() - interval '1 minute', email = true`).Error
	}))

	sink := apptest.NewKeyedSink(t, 20*time.Millisecond)
	atKill := apptest.KillMidway(t, a, sink, n) // the worker's dispatcher runs at once
	deadline := time.Now().Add(90 * time.Second)
	for u, _ := sink.Counts(); u < n && time.Now().Before(deadline); u, _ = sink.Counts() {
		time.Sleep(200 * time.Millisecond)
	}
	unique, received := sink.Counts()
	require.Equal(t, n, unique, "every member's digest emailed, under one key each")
	t.Logf("%d digests: %d emailed before the kill, %d after; %d resent under a key already delivered (the provider drops them)",
		n, atKill, unique-atKill, received-unique)
	require.Equal(t, n, apptest.TenantRows(t, a, tm.ID, "digests"), "one digest per member")
}
