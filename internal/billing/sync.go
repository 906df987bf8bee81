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
		if err := w.Billing.Sync(ctx, job.Args.Subscription); err != nil {
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
}

// upsertSubscriptionSQL stores a practice's subscription as Stripe reported it.
const upsertSubscriptionSQL = `INSERT INTO billing_subscriptions (practice_id, customer_id, subscription_id,
		status, price_id, quantity, trial_end, current_period_end, cancel_at_period_end, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (practice_id) DO UPDATE SET customer_id = excluded.customer_id,
		subscription_id = excluded.subscription_id, status = excluded.status, price_id = excluded.price_id,
		quantity = excluded.quantity, trial_end = excluded.trial_end,
		current_period_end = excluded.current_period_end,
		cancel_at_period_end = excluded.cancel_at_period_end, updated_at = excluded.updated_at`

// Sync reads subscription id from Stripe and stores it for the practice its metadata names.
func (s *Service) Sync(ctx context.Context, id string) error {
	sub, err := s.stripe.Subscriptions.Get(id, nil)
	if err != nil {
		return fmt.Errorf("billing: read subscription %s: %w", id, err)
	}
	st := fromStripe(sub)
	if st.PracticeID, err = s.practiceOf(ctx, sub); err != nil {
		return err
	}
	st.UpdatedAt = s.now()
	return s.db.InTenant(ctx, db.Scope{PracticeID: st.PracticeID}, func(tx *db.Tx) error {
		return tx.Gorm.Exec(upsertSubscriptionSQL, st.PracticeID, st.CustomerID, st.SubscriptionID, st.Status,
			st.PriceID, st.Quantity, st.TrialEnd, st.CurrentPeriodEnd, st.CancelAtPeriodEnd, st.UpdatedAt).Error
	})
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
