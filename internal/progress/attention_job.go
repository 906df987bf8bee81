package progress

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/db"
)

// AttentionInterval is how often the caseload's stale rows are refreshed: a streak that grew
// at midnight shows within this long even if nobody opens the caseload.
const AttentionInterval = time.Minute

// AttentionArgs asks for every practice's stale caseload rows to be refreshed.
type AttentionArgs struct{}

// Kind names the job.
func (AttentionArgs) Kind() string { return "attention_refresh" }

// InsertOpts keeps one job per interval: a slow run is not joined by a pile of others.
func (AttentionArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: AttentionInterval}}
}

// AttentionWorker refreshes stale client_attention rows in every practice that has some.
type AttentionWorker struct {
	river.WorkerDefaults[AttentionArgs]
	DB  *db.DB
	Now func() time.Time
}

// Work refreshes practice by practice; rows another refresh holds are left to it.
func (w *AttentionWorker) Work(ctx context.Context, _ *river.Job[AttentionArgs]) error {
	now := time.Now()
	if w.Now != nil {
		now = w.Now()
	}
	practices, err := StalePractices(ctx, w.DB, now)
	if err != nil {
		return err
	}
	for _, p := range practices {
		if _, err := RefreshPractice(ctx, w.DB, p, now); err != nil {
			return err
		}
	}
	return nil
}

// Timeout allows a large practice's first refresh to finish.
func (w *AttentionWorker) Timeout(*river.Job[AttentionArgs]) time.Duration { return 15 * time.Minute }
