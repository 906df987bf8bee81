package app_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/stretchr/testify/require"
)

type slowArgs struct{}

func (slowArgs) Kind() string { return "slow_probe" }

type slowWorker struct {
	river.WorkerDefaults[slowArgs]
	started chan struct{}
}

func (w *slowWorker) Work(ctx context.Context, _ *river.Job[slowArgs]) error {
	close(w.started)
	select {
	case <-time.After(500 * time.Millisecond):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// serve stops River with Stop, not StopAndCancel: a job already running is allowed to
// finish. This checks that the call serve makes really waits for it.
func TestStoppingWorkersLetsRunningJobsFinish(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	w := &slowWorker{started: make(chan struct{})}
	workers := river.NewWorkers()
	river.AddWorker(workers, w)
	client, err := river.NewClient(riverpgxv5.New(a.DB.Pool), &river.Config{
		Logger: slog.New(slog.DiscardHandler), Workers: workers,
		Queues: map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 1}}, FetchPollInterval: 200 * time.Millisecond,
	})
	require.NoError(t, err)
	ctx := context.Background()
	res, err := client.Insert(ctx, slowArgs{}, nil)
	require.NoError(t, err)
	require.NoError(t, client.Start(ctx))
	select {
	case <-w.started:
	case <-time.After(20 * time.Second):
		t.Fatal("the job never started")
	}
	stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	require.NoError(t, client.Stop(stopCtx))
	var state string
	require.NoError(t, a.DB.Pool.QueryRow(ctx, `SELECT state FROM river_job WHERE id = $1`, res.Job.ID).Scan(&state))
	require.Equal(t, "completed", state)
}
