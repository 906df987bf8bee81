package billing

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
)

// TrialDays is how long a new practice uses Steady before it subscribes; no card is asked for.
const TrialDays = 30

// startTrialSQL gives a new practice its trial: no Stripe customer or subscription yet, so
// nothing is charged and nothing can renew by itself.
const startTrialSQL = `INSERT INTO billing_subscriptions (practice_id, status, trial_end, updated_at)
	VALUES (?, 'trialing', ?, ?) ON CONFLICT (practice_id) DO NOTHING`

// StartTrial is the sign-up hook that starts a new practice's trial, in the sign-up's own
// transaction, so a practice never exists without its billing state.
func (s *Service) StartTrial(ctx context.Context, tx *db.Tx, ev auth.SignupEvent) error {
	now := s.now()
	return tx.Gorm.Exec(startTrialSQL, ev.PracticeID, now.AddDate(0, 0, TrialDays), now).Error
}

// SeedTrial gives a seeded practice (the demo's) the trial a sign-up would, unless it has
// billing state already.
func SeedTrial(ctx context.Context, d *db.DB, practiceID uuid.UUID, now time.Time) error {
	return d.InTenant(ctx, db.Scope{PracticeID: practiceID}, func(tx *db.Tx) error {
		return tx.Gorm.Exec(startTrialSQL, practiceID, now.AddDate(0, 0, TrialDays), now).Error
	})
}
