package billing

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/stripe/stripe-go/v76"

	"github.com/steadyhq/steady/internal/db"
)

// PracticeKey is the metadata key on a Stripe customer and subscription that names the practice.
const PracticeKey = "practice_id"

// SyncWorker processes a recorded event: it re-reads the subscription from Stripe and stores
// what Stripe says now, so the order and number of deliveries do not matter.
type SyncWorker struct {
	river.WorkerDefaults[SyncArgs]
	Billing *Service
}

// markProcessedSQL notes when an event's job finished.
const markProcessedSQL = `UPDATE billing_events SET processed_at = ? WHERE id = ?`

// Work syncs the event's subscription; an event with none (a checkout not yet finished) only
// gets marked.
func (w *SyncWorker) Work(ctx context.Context, job *river.Job[SyncArgs]) error {
	if job.Args.Subscription != "" {
		if _, err := w.Billing.Sync(ctx, job.Args.Subscription); err != nil {
			return err
		}
	}
	return w.Billing.db.InGlobal(ctx, func(tx *db.Tx) error {
		return tx.Gorm.Exec(markProcessedSQL, w.Billing.now(), job.Args.EventID).Error
	})
}

// Subscription is a practice's subscription as Steady stores it.
type Subscription struct {
	PracticeID        uuid.UUID
	CustomerID        string
	SubscriptionID    string
	Status            string
	PriceID           string
	Quantity          int
	TrialEnd          *time.Time
	CurrentPeriodEnd  *time.Time
	CancelAtPeriodEnd bool
	UpdatedAt         time.Time
	ItemID            string     // the seat line, whose quantity seat changes set
	PastDueSince      *time.Time // when the grace period began
	Told              string     `gorm:"column:standing"` // the standing owners were last told of
	SeatError         *string
	SeatErrorAt       *time.Time
}

// upsertSubscriptionSQL stores a practice's subscription as Stripe reported it. The trial's
// end is kept when Stripe's subscription has none (a practice that subscribes mid-trial), and
// the grace period starts the first time the subscription is seen past due.
const upsertSubscriptionSQL = `INSERT INTO billing_subscriptions (practice_id, customer_id, subscription_id,
		status, price_id, quantity, trial_end, current_period_end, cancel_at_period_end, updated_at, item_id,
		past_due_since)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ?::text = 'past_due' THEN ?::timestamptz END)
	ON CONFLICT (practice_id) DO UPDATE SET customer_id = excluded.customer_id,
		subscription_id = excluded.subscription_id, status = excluded.status, price_id = excluded.price_id,
		quantity = excluded.quantity, trial_end = COALESCE(excluded.trial_end, billing_subscriptions.trial_end),
		current_period_end = excluded.current_period_end,
		cancel_at_period_end = excluded.cancel_at_period_end, updated_at = excluded.updated_at,
		item_id = excluded.item_id,
		past_due_since = CASE WHEN excluded.status = 'past_due'
			THEN COALESCE(billing_subscriptions.past_due_since, excluded.past_due_since) END`

// Sync reads subscription id from Stripe and stores it for the practice it belongs to; a change
// of status or standing is recorded as a transition. It reports whether the stored row differed
// from Stripe (drift, for the reconciliation to tell).
func (s *Service) Sync(ctx context.Context, id string) (drift bool, err error) {
	sub, err := s.stripe.Subscriptions.Get(id, nil)
	if err != nil {
		return false, fmt.Errorf("billing: read subscription %s: %w", id, err)
	}
	st := fromStripe(sub)
	if st.PracticeID, err = s.practiceOf(ctx, sub); err != nil {
		return false, err
	}
	now := s.now()
	err = s.db.InTenant(ctx, db.Scope{PracticeID: st.PracticeID}, func(tx *db.Tx) error {
		old, err := loadLocked(tx, st.PracticeID)
		if err != nil {
			return err
		}
		drift = differs(old, &st)
		if err := tx.Gorm.Exec(upsertSubscriptionSQL, st.PracticeID, st.CustomerID, st.SubscriptionID, st.Status,
			st.PriceID, st.Quantity, st.TrialEnd, st.CurrentPeriodEnd, st.CancelAtPeriodEnd, now, st.ItemID,
			st.Status, now).Error; err != nil {
			return err
		}
		return s.noteTransition(ctx, tx, old, now)
	})
	return drift, err
}

// differs reports whether the stored row disagrees with Stripe on what Steady keeps.
func differs(old, now *Subscription) bool {
	return old.CustomerID != now.CustomerID || old.SubscriptionID != now.SubscriptionID ||
		old.Status != now.Status || old.PriceID != now.PriceID || old.Quantity != now.Quantity ||
		old.ItemID != now.ItemID || old.CancelAtPeriodEnd != now.CancelAtPeriodEnd
}

// customerPracticeSQL finds the practice of a Stripe customer, through the definer function.
const customerPracticeSQL = `SELECT billing_customer_practice(?)`

// practiceOf is the practice a subscription belongs to: the one its metadata names, else the
// one whose Stripe customer it is. A subscription Steady cannot place fails the job loudly
// rather than be stored against a guess.
func (s *Service) practiceOf(ctx context.Context, sub *stripe.Subscription) (uuid.UUID, error) {
	if id, err := uuid.Parse(sub.Metadata[PracticeKey]); err == nil {
		return id, nil
	}
	var id *uuid.UUID
	if sub.Customer != nil {
		if err := s.db.InGlobal(ctx, func(tx *db.Tx) error {
			return tx.Gorm.Raw(customerPracticeSQL, sub.Customer.ID).Row().Scan(&id)
		}); err != nil {
			return uuid.Nil, err
		}
	}
	if id == nil {
		return uuid.Nil, fmt.Errorf("billing: subscription %s belongs to no practice Steady knows", sub.ID)
	}
	return *id, nil
}

// fromStripe is what Steady keeps of a Stripe subscription.
func fromStripe(sub *stripe.Subscription) Subscription {
	out := Subscription{SubscriptionID: sub.ID, Status: string(sub.Status),
		CancelAtPeriodEnd: sub.CancelAtPeriodEnd, TrialEnd: unixTime(sub.TrialEnd),
		CurrentPeriodEnd: unixTime(sub.CurrentPeriodEnd)}
	if sub.Customer != nil {
		out.CustomerID = sub.Customer.ID
	}
	if sub.Items != nil && len(sub.Items.Data) > 0 {
		item := sub.Items.Data[0]
		out.ItemID = item.ID
		out.Quantity = int(item.Quantity)
		if item.Price != nil {
			out.PriceID = item.Price.ID
		}
	}
	return out
}

func unixTime(sec int64) *time.Time {
	if sec == 0 {
		return nil
	}
	t := time.Unix(sec, 0).UTC()
	return &t
}
