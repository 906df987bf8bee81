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

// SeatArgs is the job that sets the subscription's quantity after a team change. Seats is the
// count the change left; Change names the change, and so the Stripe idempotency key: a retry
// of the same change can never charge twice.
type SeatArgs struct {
	PracticeID uuid.UUID `json:"practice_id"`
	Change     uuid.UUID `json:"change"`
	Seats      int       `json:"seats"`
}

// Kind names the job.
func (SeatArgs) Kind() string { return "billing_seats" }

// InsertOpts keeps one job per change and retries a refusal for about a day.
func (SeatArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 20, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// SeatsChanged is the team's hook: in the transaction of a change that activated, added or
// deactivated a member, it inserts the job that brings the subscription's quantity to the new
// count. Roll the change back and the job goes with it.
func (s *Service) SeatsChanged(ctx context.Context, tx *db.Tx, practiceID, change uuid.UUID) error {
	seats, err := seatCount(ctx, tx)
	if err != nil {
		return err
	}
	return tx.InsertJob(ctx, SeatArgs{PracticeID: practiceID, Change: change, Seats: seats}, nil)
}

// SeatWorker applies seat changes.
type SeatWorker struct {
	river.WorkerDefaults[SeatArgs]
	Billing *Service
}

// Work applies the change; a refusal is kept for owners to see and the job is retried.
func (w *SeatWorker) Work(ctx context.Context, job *river.Job[SeatArgs]) error {
	return w.Billing.ApplySeats(ctx, job.Args)
}

const (
	seatErrorSQL   = `UPDATE billing_subscriptions SET seat_error = ?, seat_error_at = ? WHERE practice_id = ?`
	seatsStoredSQL = `UPDATE billing_subscriptions SET quantity = ?, seat_error = NULL, seat_error_at = NULL,
		updated_at = ? WHERE practice_id = ?`
)

// ApplySeats sets the subscription's quantity to a.Seats, prorated, unless there is nothing to
// bill (no live subscription), the quantity is already right, or a later change superseded
// this one (its own job sets its own count).
func (s *Service) ApplySeats(ctx context.Context, a SeatArgs) error {
	scope := db.Scope{PracticeID: a.PracticeID}
	var sub *Subscription
	var seats int
	if err := s.db.InTenant(ctx, scope, func(tx *db.Tx) (err error) {
		if sub, err = load(tx); err != nil {
			return err
		}
		seats, err = seatCount(ctx, tx)
		return err
	}); err != nil {
		return err
	}
	if !live(sub) || sub.ItemID == "" || seats != a.Seats || (sub.Quantity == a.Seats && sub.SeatError == nil) {
		return nil
	}
	_, err := s.stripe.Subscriptions.Update(sub.SubscriptionID, &stripe.SubscriptionParams{
		Items:             []*stripe.SubscriptionItemsParams{{ID: stripe.String(sub.ItemID), Quantity: stripe.Int64(int64(a.Seats))}},
		ProrationBehavior: stripe.String("create_prorations"),
		Params:            stripe.Params{IdempotencyKey: stripe.String("steady-seats-" + a.Change.String())}})
	now := s.now()
	if err != nil {
		// Kept for owners to see, then returned so River retries; the team change stands.
		if uerr := s.db.InTenant(ctx, scope, func(tx *db.Tx) error {
			return tx.Gorm.Exec(seatErrorSQL, refusal(err), now, a.PracticeID).Error
		}); uerr != nil {
			return uerr
		}
		return fmt.Errorf("billing: seats of %s: %w", a.PracticeID, err)
	}
	return s.db.InTenant(ctx, scope, func(tx *db.Tx) error {
		if err := tx.Gorm.Exec(seatsStoredSQL, a.Seats, now, a.PracticeID).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.PracticeID, audit.Actor{}, audit.Event{Action: "billing.seats_change",
			SubjectType: "subscription", SubjectID: a.PracticeID.String(),
			Detail: map[string]any{"from": sub.Quantity, "to": a.Seats}})
	})
}

// refusal is Stripe's reason in words an owner can act on.
func refusal(err error) string {
	if se, ok := err.(*stripe.Error); ok && se.Msg != "" {
		return se.Msg
	}
	return fmt.Sprintf("Stripe could not be reached (%v).", err)
}
