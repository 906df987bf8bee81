package module

import (
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/notify"
	"github.com/steadyhq/steady/internal/seal"
)

// Env is what the running process gives every domain: the database, the outside channels,
// the server key, where links point and the clock. Domains take their services from the
// root; Env holds only what is shared by all.
type Env struct {
	DB        *db.DB
	Mailer    notify.Mailer
	Texter    notify.Texter // nil when texts are not configured
	Key       *seal.Key     // seals secrets at rest and derives tokens
	PublicURL string        // where links in messages point (https://steady.example)
	Secure    bool          // cookies are Secure (served over https)
	Now       func() time.Time
	Log       *slog.Logger
}

// Every registers a periodic job that runs every interval, and once when the process starts.
func Every(interval time.Duration, args river.JobArgs) *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return args, nil },
		&river.PeriodicJobOpts{RunOnStart: true})
}

// Clock is now, or the wall clock when now is nil: services take an injected clock (tests fix
// it) and fall back to the real one.
func Clock(now func() time.Time) func() time.Time {
	if now == nil {
		return time.Now
	}
	return now
}
