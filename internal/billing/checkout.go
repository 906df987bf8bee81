package billing

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/stripe/stripe-go/v76"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/validate"
	"github.com/steadyhq/steady/internal/web"
)

// Errors of checkout and the portal.
var (
	ErrAlreadySubscribed = web.NewError(http.StatusConflict, "already_subscribed",
		"The practice already has a live subscription: change it in the billing portal.")
	ErrNoCustomer = web.NewError(http.StatusConflict, "no_customer",
		"The practice has not checked out yet, so there is no billing account to manage.")
	ErrUnavailable = web.NewError(http.StatusServiceUnavailable, "billing_unavailable",
		"Billing is not set up on this server: run `steady billing setup` and configure the price ids.")
	ErrStripe = web.NewError(http.StatusBadGateway, "stripe_unavailable",
		"Stripe could not be reached or did not accept the request, so nothing was changed. Please try again in a minute.")
)

// stripeFailed logs nothing itself: it keeps Stripe's error for the log (the error chain) and
// answers with ErrStripe.
func stripeFailed(what string, err error) error {
	return fmt.Errorf("billing: %s: %w", what, errors.Join(ErrStripe, err))
}

// minTrialLeft is the least trial Stripe accepts on a new subscription; a practice with less
// left starts paying at once.
const minTrialLeft = 48 * time.Hour

// live reports whether sub is a subscription that still bills (so another would double-charge).
func live(sub *Subscription) bool {
	return sub.SubscriptionID != "" && sub.Status != "canceled" && sub.Status != "incomplete_expired"
}

// checkoutFacts is what a checkout needs from the database, read before any call to Stripe.
type checkoutFacts struct {
	sub      *Subscription
	seats    int
	practice string
	email    string
}

func (s *Service) checkoutFacts(ctx context.Context, caller auth.Caller) (*checkoutFacts, error) {
	var f checkoutFacts
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		var err error
		if f.sub, err = load(tx); err != nil {
			return err
		}
		if f.seats, err = seatCount(ctx, tx); err != nil {
			return err
		}
		p, err := practice.Get(ctx, tx, caller.PracticeID)
		if err != nil {
			return err
		}
		f.practice = p.Name
		me, err := auth.UsersByEmail(ctx, tx, []uuid.UUID{caller.UserID})
		if len(me) == 1 {
			f.email = me[0].Email
		}
		return err
	})
	return &f, err
}

// Checkout starts a subscription of the practice's active seats at the interval's price, on a
// Stripe Checkout page; a practice still in its trial keeps the rest of it. Nothing is stored
// as subscribed until Stripe's event says so.
func (s *Service) Checkout(ctx context.Context, caller auth.Caller, interval string) (string, error) {
	if !caller.Can(practice.ManageBilling) {
		return "", auth.ErrForbidden
	}
	price := s.cfg.Prices.of(interval)
	if interval != "month" && interval != "year" {
		return "", validate.Errors{"interval": "must be month or year"}
	}
	if price == "" {
		return "", ErrUnavailable
	}
	f, err := s.checkoutFacts(ctx, caller)
	if err != nil {
		return "", err
	}
	if live(f.sub) {
		return "", ErrAlreadySubscribed
	}
	customer, err := s.ensureCustomer(ctx, caller, f)
	if err != nil {
		return "", err
	}
	params := &stripe.CheckoutSessionParams{Mode: stripe.String(string(stripe.CheckoutSessionModeSubscription)),
		Customer: stripe.String(customer), ClientReferenceID: stripe.String(caller.PracticeID.String()),
		LineItems:           []*stripe.CheckoutSessionLineItemParams{{Price: stripe.String(price), Quantity: stripe.Int64(int64(f.seats))}},
		AllowPromotionCodes: stripe.Bool(true),
		SuccessURL:          stripe.String(s.publicURL + "/app/billing?checkout=done"),
		CancelURL:           stripe.String(s.publicURL + "/app/billing?checkout=canceled"),
		SubscriptionData: &stripe.CheckoutSessionSubscriptionDataParams{
			Metadata: map[string]string{PracticeKey: caller.PracticeID.String()}}}
	if t := f.sub.TrialEnd; f.sub.Status == "trialing" && t != nil && t.Sub(s.now()) > minTrialLeft {
		params.SubscriptionData.TrialEnd = stripe.Int64(t.Unix())
	}
	sess, err := s.stripe.CheckoutSessions.New(params)
	if err != nil {
		return "", stripeFailed("checkout session", err)
	}
	return sess.URL, s.record(ctx, caller, "billing.checkout_start", map[string]any{"interval": interval, "seats": f.seats})
}

// storeCustomerSQL remembers the practice's Stripe customer.
const storeCustomerSQL = `INSERT INTO billing_subscriptions (practice_id, customer_id, updated_at) VALUES (?, ?, ?)
	ON CONFLICT (practice_id) DO UPDATE SET customer_id = excluded.customer_id`

// ensureCustomer is the practice's Stripe customer, made once: the idempotency key is the
// practice's, so two checkouts started at once make one customer.
func (s *Service) ensureCustomer(ctx context.Context, caller auth.Caller, f *checkoutFacts) (string, error) {
	if f.sub.CustomerID != "" {
		return f.sub.CustomerID, nil
	}
	c, err := s.stripe.Customers.New(&stripe.CustomerParams{Name: stripe.String(f.practice), Email: stripe.String(f.email),
		Metadata: map[string]string{PracticeKey: caller.PracticeID.String()},
		Params:   stripe.Params{IdempotencyKey: stripe.String("steady-customer-" + caller.PracticeID.String())}})
	if err != nil {
		return "", stripeFailed("customer", err)
	}
	return c.ID, s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		return tx.Gorm.Exec(storeCustomerSQL, caller.PracticeID, c.ID, s.now()).Error
	})
}

// Portal opens Stripe's Customer Portal for the practice: payment methods, invoices, cancelling.
func (s *Service) Portal(ctx context.Context, caller auth.Caller) (string, error) {
	if !caller.Can(practice.ManageBilling) {
		return "", auth.ErrForbidden
	}
	var sub *Subscription
	if err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) (err error) {
		sub, err = load(tx)
		return err
	}); err != nil {
		return "", err
	}
	if sub.CustomerID == "" {
		return "", ErrNoCustomer
	}
	sess, err := s.stripe.BillingPortalSessions.New(&stripe.BillingPortalSessionParams{
		Customer: stripe.String(sub.CustomerID), ReturnURL: stripe.String(s.publicURL + "/app/billing")})
	if err != nil {
		return "", stripeFailed("portal session", err)
	}
	return sess.URL, s.record(ctx, caller, "billing.portal_open", nil)
}

// record writes a billing action of the caller's to the audit trail.
func (s *Service) record(ctx context.Context, caller auth.Caller, action string, detail map[string]any) error {
	return s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		return audit.Record(ctx, tx, caller.PracticeID, audit.ActorOf(caller.UserID, caller.IP, caller.UserAgent),
			audit.Event{Action: action, SubjectType: "subscription", SubjectID: caller.PracticeID.String(), Detail: detail})
	})
}
