package app

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/ratelimit"
)

// sweepInterval is how often expired sessions, log-ins, reset links and rate windows go.
const sweepInterval = 15 * time.Minute

type sweepArgs struct{}

func (sweepArgs) Kind() string { return "sweep" }

// sweepWorker deletes sessions, pending log-ins, reset links and rate-limit windows that can
// no longer matter.
type sweepWorker struct {
	river.WorkerDefaults[sweepArgs]
	DB  *db.DB
	Now func() time.Time // the app's clock, so tests step expiry and sweep alike
}

func (w *sweepWorker) Work(ctx context.Context, _ *river.Job[sweepArgs]) error {
	now := w.Now()
	return w.DB.InGlobal(ctx, func(tx *db.Tx) error {
		if _, err := auth.SweepSessions(ctx, tx, now, 30*time.Minute); err != nil {
			return err
		}
		if err := auth.SweepPending(ctx, tx, now); err != nil {
			return err
		}
		if err := links.SweepSessions(ctx, tx, now); err != nil {
			return err
		}
		_, err := ratelimit.Sweep(ctx, tx, now, 24*time.Hour)
		return err
	})
}
