package billing

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/db"
)

// ReconcileInterval is how often every practice's stored subscription is compared with Stripe.
const ReconcileInterval = 24 * time.Hour

// ReconcileArgs is the periodic job that repairs drift: a webhook Stripe never delivered, or
// one that failed for good, must not leave a practice in the wrong state.
type ReconcileArgs struct{}

// Kind names the job.
func (ReconcileArgs) Kind() string { return "billing_reconcile" }

// ReconcileWorker runs the reconciliation.
type ReconcileWorker struct {
	river.WorkerDefaults[ReconcileArgs]
	Billing *Service
}

// Work reconciles every practice.
func (w *ReconcileWorker) Work(ctx context.Context, _ *river.Job[ReconcileArgs]) error {
	_, err := w.Billing.Reconcile(ctx)
	return err
}

// practicesSQL lists every practice with billing state, through the definer function.
const practicesSQL = `SELECT billing_practices()`

// Reconcile re-reads each practice's subscription from Stripe and stores it (noting any drift
// in the audit trail), queues a seat change where Stripe's quantity differs from the seats in
// use, and notes transitions that time alone brings (a trial or a grace period ending). One
// practice's failure does not stop the others; the errors are returned together. It reports
// how many practices had drifted.
func (s *Service) Reconcile(ctx context.Context) (repaired int, err error) {
	var ids []uuid.UUID
	if err := s.db.InGlobal(ctx, func(tx *db.Tx) error { return tx.Gorm.Raw(practicesSQL).Scan(&ids).Error }); err != nil {
		return 0, err
	}
	var errs []error
	for _, id := range ids {
		drift, err := s.reconcileOne(ctx, id)
		if drift {
			repaired++
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("practice %s: %w", id, err))
		}
	}
	return repaired, errors.Join(errs...)
}

func (s *Service) reconcileOne(ctx context.Context, id uuid.UUID) (bool, error) {
	scope := db.Scope{PracticeID: id}
	var sub *Subscription
	if err := s.db.InTenant(ctx, scope, func(tx *db.Tx) (err error) {
		sub, err = load(tx)
		return err
	}); err != nil {
		return false, err
	}
	now := s.now()
	if sub.SubscriptionID == "" {
		return false, s.db.InTenant(ctx, scope, func(tx *db.Tx) error {
			if err := s.warnTrialEnding(ctx, tx, sub, now); err != nil {
				return err
			}
			return s.noteTransition(ctx, tx, sub, now)
		})
	}
	drift, err := s.Sync(ctx, sub.SubscriptionID)
	if err != nil {
		return false, err
	}
	return drift, s.db.InTenant(ctx, scope, func(tx *db.Tx) error {
		if drift {
			if err := audit.Record(ctx, tx, id, audit.Actor{}, audit.Event{Action: "billing.drift_repaired",
				SubjectType: "subscription", SubjectID: id.String(),
				Detail: map[string]any{"status_was": sub.Status, "quantity_was": sub.Quantity}}); err != nil {
				return err
			}
		}
		cur, err := load(tx)
		if err != nil {
			return err
		}
		seats, err := seatCount(ctx, tx)
		if err != nil || !live(cur) || cur.Quantity == seats {
			return err
		}
		change := uuid.NewSHA1(id, []byte("reconcile/"+now.UTC().Format(time.DateOnly)))
		return tx.InsertJob(ctx, SeatArgs{PracticeID: id, Change: change, Seats: seats}, nil)
	})
}

// TrialWarning is how long before a trial without a subscription ends that owners are told.
const TrialWarning = 3 * 24 * time.Hour

// warnTrialEnding tells owners and admins, once per trial, that it ends soon and that nothing
// is charged by itself: no practice should find itself read-only by surprise.
func (s *Service) warnTrialEnding(ctx context.Context, tx *db.Tx, sub *Subscription, now time.Time) error {
	if s.cfg.SecretKey == "" || sub.Status != "trialing" || sub.TrialEnd == nil {
		return nil
	}
	if left := sub.TrialEnd.Sub(now); left <= 0 || left > TrialWarning {
		return nil
	}
	n := NoticeArgs{PracticeID: sub.PracticeID, FromStatus: sub.Status, Status: sub.Status, Standing: Full,
		Reason: "trial_ending", TrialEnds: sub.TrialEnd}
	n.ID = uuid.NewSHA1(sub.PracticeID, []byte("trial-ending/"+sub.TrialEnd.UTC().Format(time.RFC3339)))
	return tx.InsertJob(ctx, n, nil)
}
