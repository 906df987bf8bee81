package billing

import (
	"context"
	"errors"
	"net/http"
	"time"

	"gorm.io/gorm"

	"github.com/google/uuid"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/web"
)

// The standings: what a subscription's state means for the practice.
const (
	Full     = "full"      // trialing or active: everything
	Grace    = "grace"     // a payment failed: full service until the grace period ends
	ReadOnly = "read_only" // canceled, unpaid, paused, grace or trial over: nothing new, everything readable
)

// Standing is what the practice may do now, and why not everything.
type Standing struct {
	Level     string
	Reason    string     // empty in full standing
	GraceEnds *time.Time // past due: when the practice becomes read-only
}

// ErrReadOnly refuses something new in a read-only practice.
var ErrReadOnly = web.NewError(http.StatusForbidden, "practice_read_only",
	"This practice is read-only because its subscription has ended: every record can still be read and "+
		"exported, but new clients, assignments and invitations wait until an owner or admin restores the "+
		"subscription on the Billing page.")

// standingOf judges a stored subscription at now. The rule is humane: a failed payment leaves
// full service for the grace period; only an ended subscription (or trial) stops new work, and
// even then nothing already there is taken away.
func standingOf(sub *Subscription, now time.Time, grace time.Duration) Standing {
	switch sub.Status {
	case "", "none", "active":
		return Standing{Level: Full}
	case "trialing":
		if sub.SubscriptionID == "" && sub.TrialEnd != nil && !now.Before(*sub.TrialEnd) {
			return Standing{Level: ReadOnly, Reason: "trial_over"}
		}
		return Standing{Level: Full}
	case "past_due":
		since := now
		if sub.PastDueSince != nil {
			since = *sub.PastDueSince
		}
		ends := since.Add(grace)
		if now.Before(ends) {
			return Standing{Level: Grace, Reason: "payment_failed", GraceEnds: &ends}
		}
		return Standing{Level: ReadOnly, Reason: "grace_over", GraceEnds: &ends}
	case "incomplete", "incomplete_expired":
		// A first payment not (yet) made: a trial still running keeps the practice whole.
		if sub.TrialEnd != nil && now.Before(*sub.TrialEnd) {
			return Standing{Level: Full}
		}
		return Standing{Level: ReadOnly, Reason: "incomplete"}
	default: // canceled, unpaid, paused
		return Standing{Level: ReadOnly, Reason: sub.Status}
	}
}

// judge is sub's standing now. A server without Stripe (a self-hosted install that does not
// bill) leaves every practice in full standing: there would be no way to pay.
func (s *Service) judge(sub *Subscription) Standing {
	if s.cfg.SecretKey == "" {
		return Standing{Level: Full}
	}
	return standingOf(sub, s.now(), s.cfg.grace())
}

// loadSQL reads the tenant practice's stored subscription.
const loadSQL = `SELECT practice_id, customer_id, subscription_id, status, price_id, quantity, trial_end,
	current_period_end, cancel_at_period_end, updated_at, item_id, past_due_since, standing, seat_error, seat_error_at
	FROM billing_subscriptions`

// load reads the tenant practice's subscription; a practice without a row (made before
// billing, or by a test's seed) reads as status none, which is full standing.
func load(tx *db.Tx) (*Subscription, error) { return read(tx, loadSQL) }

// loadLocked is load for a change: concurrent syncs of one practice take turns (a lock on the
// practice, which holds even before its row exists), so each sees the state the one before it
// left, and one transition is told once, not once per event.
func loadLocked(tx *db.Tx, practiceID uuid.UUID) (*Subscription, error) {
	if err := tx.Gorm.Exec(`SELECT pg_advisory_xact_lock(hashtextextended('billing:' || ?::text, 0))`, practiceID).Error; err != nil {
		return nil, err
	}
	return load(tx)
}

func read(tx *db.Tx, query string) (*Subscription, error) {
	var sub Subscription
	err := tx.Gorm.Raw(query).Take(&sub).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return &Subscription{Status: "none", Told: Full}, nil
	}
	return &sub, err
}

// Writable is the rule that stops new work in a read-only practice, checked inside the
// transaction that would create a client, an assignment or an invitation: every path to new
// work passes through it, whatever route it came by.
func (s *Service) Writable(ctx context.Context, tx *db.Tx) error {
	sub, err := load(tx)
	if err != nil {
		return err
	}
	if s.judge(sub).Level == ReadOnly {
		return ErrReadOnly
	}
	return nil
}

// StandingOf is the caller's practice's standing; every member may read it (the banner).
func (s *Service) StandingOf(ctx context.Context, caller auth.Caller) (Standing, error) {
	var st Standing
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		sub, err := load(tx)
		st = s.judge(sub)
		return err
	})
	return st, err
}
