// Package practicedata is the practice's data taken as a whole: its owner exports everything
// the practice holds as one archive (a CSV per table, a manifest with each file's row count
// and SHA-256), and may close the practice, whose data is then deleted once the retention
// period has passed, leaving a record of the deletion that outlives it
// (docs/decisions/0010-practice-export.md).
//
// An export and a deletion read every tenant table, found in the catalog rather than named:
// the one exception to the rule that a package reads only the tables it owns (archtest's
// catalogReaders). Writes still go through each owner's functions.
package practicedata

import (
	"context"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/module"
)

const (
	// DownloadTTL is how long a finished archive can be downloaded; then the link answers 410
	// and the sweep deletes its bytes. A day is enough to fetch it, and short enough that a
	// copy of every clinical record does not linger in the database.
	DownloadTTL = 24 * time.Hour
	// DefaultRetention is how long a closed practice's data is kept before it is deleted:
	// seven years (2,557 days), the usual legal minimum for clinical records. The operator
	// sets another with STEADY_CLOSED_PRACTICE_RETENTION_DAYS (docs/operations.md).
	DefaultRetention = 2557 * 24 * time.Hour
)

// Service exports, closes and deletes practices.
type Service struct {
	db        *db.DB
	auth      *auth.Service // confirms the owner's password before closing
	retention time.Duration
	now       func() time.Time
	log       *slog.Logger
	// OnClose hooks run inside the closing's transaction: billing queues the cancellation of
	// the subscription there. If one fails, nothing of the closing is written.
	OnClose []func(ctx context.Context, tx *db.Tx, practiceID uuid.UUID) error
	// watch, when set, hears each progress of an export once it is committed (tests watch the
	// status move through it).
	watch func()
}

// NewService builds the service. retention 0 is DefaultRetention; now nil is the real clock.
func NewService(env module.Env, a *auth.Service, retention time.Duration) *Service {
	if retention <= 0 {
		retention = DefaultRetention
	}
	log := env.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{db: env.DB, auth: a, retention: retention, now: module.Clock(env.Now), log: log}
}
