package billing

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/stripe/stripe-go/v76"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/db"
)

// CancelArgs is the job that ends a closed practice's subscription in Stripe. A job, not a call
// inside the closing: a Stripe outage must not hold a practice open, and the job retries.
type CancelArgs struct {
	PracticeID uuid.UUID `json:"practice_id"`
}

// Kind names the job.
func (CancelArgs) Kind() string { return "billing_cancel" }

// InsertOpts keeps one job per practice and retries a failing Stripe for about three days.
func (CancelArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 25, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// PracticeClosed is the closing's hook: in the transaction that closes the practice it queues
// the cancellation, when there is a live subscription to cancel. Roll the closing back and the
// job goes with it.
func (s *Service) PracticeClosed(ctx context.Context, tx *db.Tx, practiceID uuid.UUID) error {
	sub, err := load(tx)
	if err != nil || !live(sub) {
		return err
	}
	return tx.InsertJob(ctx, CancelArgs{PracticeID: practiceID}, nil)
}

// CancelWorker cancels closed practices' subscriptions.
type CancelWorker struct {
	river.WorkerDefaults[CancelArgs]
	Billing *Service
}

// Work cancels the subscription.
func (w *CancelWorker) Work(ctx context.Context, job *river.Job[CancelArgs]) error {
	return w.Billing.CancelClosed(ctx, job.Args.PracticeID)
}

// CancelClosed cancels the practice's subscription at once, without a final invoice. The
// practice's own key makes a retry after a lost answer the same request to Stripe, so nothing
// is cancelled or charged twice. The stored row follows Stripe's webhook (and the daily
// reconciliation), as every other change of the subscription does.
func (s *Service) CancelClosed(ctx context.Context, practiceID uuid.UUID) error {
	scope := db.Scope{PracticeID: practiceID}
	var sub *Subscription
	if err := s.db.InTenant(ctx, scope, func(tx *db.Tx) (err error) {
		sub, err = load(tx)
		return err
	}); err != nil {
		return err
	}
	if !live(sub) {
		return nil
	}
	_, err := s.stripe.Subscriptions.Cancel(sub.SubscriptionID, &stripe.SubscriptionCancelParams{
		Params: stripe.Params{IdempotencyKey: stripe.String("steady-close-" + practiceID.String())}})
	if err != nil {
		return fmt.Errorf("billing: cancel the subscription of closed practice %s: %w", practiceID, err)
	}
	return s.db.InTenant(ctx, scope, func(tx *db.Tx) error {
		return audit.Record(ctx, tx, practiceID, audit.Actor{}, audit.Event{Action: "billing.cancel",
			SubjectType: "subscription", SubjectID: practiceID.String(),
			Detail: map[string]any{"subscription": sub.SubscriptionID, "reason": "practice closed"}})
	})
}
