package restoredrill

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
)

// job is a River job as the drill follows it across the restore.
type job struct {
	ID          int64
	Kind        string
	State       string
	ScheduledAt time.Time
	Errors      string
}

// jobsSQL reads jobs; pendingSQL picks those not yet done when the backup was taken.
const (
	jobsSQL    = `SELECT id, kind, state::text, scheduled_at, coalesce(errors::text, '') FROM river_job`
	pendingSQL = jobsSQL + ` WHERE state IN ('available', 'scheduled', 'retryable', 'running', 'pending') ORDER BY id`
)

// readJobs runs one of the queries above on dsn.
func readJobs(t *testing.T, dsn, q string, args ...any) []job {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, q, args...)
	require.NoError(t, err)
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[job])
	require.NoError(t, err)
	return out
}

// waitForJobs waits until every job pending at backup time that is due has been completed on
// the copy (the one that was running is rescued first), and checks that those not yet due
// still wait, unchanged.
func waitForJobs(t *testing.T, dsn string, pending []job) {
	ids := make([]int64, len(pending))
	for i, j := range pending {
		ids[i] = j.ID
	}
	deadline := time.Now().Add(45 * time.Second)
	for {
		now, done := time.Now(), true
		byID := map[int64]job{}
		for _, j := range readJobs(t, dsn, jobsSQL+` WHERE id = ANY($1)`, ids) {
			byID[j.ID] = j
		}
		for _, was := range pending {
			j := byID[was.ID]
			if was.ScheduledAt.After(now) {
				require.Equal(t, was, j, "a job not yet due was touched")
				continue
			}
			require.NotContains(t, []string{"discarded", "cancelled"}, j.State, "job %d (%s): %s", j.ID, j.Kind, j.Errors)
			done = done && j.State == "completed"
		}
		if done {
			return
		}
		if now.After(deadline) {
			t.Fatalf("jobs pending at backup time were not all completed within 45s: %s", describe(byID))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// describe lists jobs that are not completed, for a failure message.
func describe(jobs map[int64]job) string {
	s := ""
	for _, j := range jobs {
		if j.State != "completed" {
			s += fmt.Sprintf("\n  %d %s %s due %s %s", j.ID, j.Kind, j.State, j.ScheduledAt.Format(time.RFC3339), j.Errors)
		}
	}
	return s
}

// countStates counts jobs by state.
func countStates(jobs []job) map[string]int {
	out := map[string]int{}
	for _, j := range jobs {
		out[j.State]++
	}
	return out
}
