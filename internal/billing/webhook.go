package billing

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/stripe/stripe-go/v76/webhook"

	"github.com/steadyhq/steady/internal/db"
)

// Sentinel errors; Errors maps them to answers.
var (
	ErrBadSignature = errors.New("billing: webhook signature does not verify")
	ErrStale        = errors.New("billing: webhook signature too old")
)

// handled are the event types that change a practice's subscription; any other is answered 2xx
// and ignored, as Stripe asks.
var handled = map[string]bool{
	"checkout.session.completed":           true,
	"customer.subscription.created":        true,
	"customer.subscription.updated":        true,
	"customer.subscription.deleted":        true,
	"customer.subscription.paused":         true,
	"customer.subscription.resumed":        true,
	"customer.subscription.trial_will_end": true,
	"invoice.paid":                         true,
	"invoice.payment_failed":               true,
}

// recordEventSQL stores an event id once; a redelivery inserts nothing.
const recordEventSQL = `INSERT INTO billing_events (id, type, received_at) VALUES (?, ?, ?)
	ON CONFLICT (id) DO NOTHING`

// Receive verifies a webhook's signature over its raw body and, for an event type Steady
// handles, records the event once with the job that processes it, in one transaction. It
// reports whether the event was new. It reads nothing from Stripe: the endpoint answers fast.
func (s *Service) Receive(ctx context.Context, body []byte, signature string) (fresh bool, err error) {
	ev, err := webhook.ConstructEventWithOptions(body, signature, s.cfg.WebhookSecret,
		webhook.ConstructEventOptions{IgnoreTolerance: true, IgnoreAPIVersionMismatch: true})
	if err != nil {
		return false, ErrBadSignature
	}
	if err := s.checkAge(signature); err != nil {
		return false, err
	}
	if !handled[string(ev.Type)] {
		return false, nil
	}
	subscription := subscriptionOf(ev.Data.Raw)
	err = s.db.InGlobal(ctx, func(tx *db.Tx) error {
		res := tx.Gorm.Exec(recordEventSQL, ev.ID, string(ev.Type), s.now())
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		fresh = true
		return tx.InsertJob(ctx, SyncArgs{EventID: ev.ID, Type: string(ev.Type), Subscription: subscription}, nil)
	})
	return fresh, err
}

// checkAge refuses a signature whose time (t=) is more than Tolerance from now, by the
// service's clock: a replayed old delivery.
func (s *Service) checkAge(signature string) error {
	for _, part := range strings.Split(signature, ",") {
		if v, ok := strings.CutPrefix(part, "t="); ok {
			sec, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return ErrBadSignature
			}
			if age := s.now().Sub(time.Unix(sec, 0)); age > Tolerance || age < -Tolerance {
				return ErrStale
			}
			return nil
		}
	}
	return ErrBadSignature
}

// subscriptionOf is the id of the subscription an event's object is or names: a subscription
// itself, or the subscription of a checkout session or an invoice.
func subscriptionOf(raw json.RawMessage) string {
	var o struct {
		ID           string          `json:"id"`
		Object       string          `json:"object"`
		Subscription json.RawMessage `json:"subscription"`
	}
	if json.Unmarshal(raw, &o) != nil {
		return ""
	}
	if o.Object == "subscription" {
		return o.ID
	}
	var id string
	if json.Unmarshal(o.Subscription, &id) == nil {
		return id
	}
	var expanded struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(o.Subscription, &expanded)
	return expanded.ID
}

// SyncArgs is a job that brings a practice's stored subscription in step with Stripe.
type SyncArgs struct {
	EventID      string `json:"event_id"`
	Type         string `json:"type"`
	Subscription string `json:"subscription"`
}

// Kind names the job.
func (SyncArgs) Kind() string { return "billing_sync" }

// InsertOpts keeps one job per event.
func (SyncArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}
