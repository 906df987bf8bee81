package billing

import (
	"context"
	"time"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// State is what the billing page shows: the subscription as Steady last read it from Stripe,
// what it means (Standing), the seats the practice uses now (every active member: each can see
// clients), the plans on offer, and from Stripe the next invoice and past ones.
type State struct {
	Subscription
	Standing    Standing
	Seats       int
	Interval    string
	Plans       []PlanPrice
	NextInvoice *Invoice
	Invoices    []Invoice
}

// seatCount is the practice's seats now: every active member.
func seatCount(ctx context.Context, tx *db.Tx) (int, error) {
	ids, err := practice.ActiveWithRoles(ctx, tx, practice.Roles()...)
	return len(ids), err
}

// State reads the caller's practice's billing page; only owners and admins may (the route's
// permission, checked again here where the rule lives). Stripe's parts are left empty when
// Stripe cannot be reached: the stored state is still worth showing.
func (s *Service) State(ctx context.Context, caller auth.Caller) (*State, error) {
	if !caller.Can(practice.ManageBilling) {
		return nil, auth.ErrForbidden
	}
	out := &State{}
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		sub, err := load(tx)
		if err != nil {
			return err
		}
		out.Subscription = *sub
		out.Seats, err = seatCount(ctx, tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	out.Standing = s.judge(&out.Subscription)
	s.fromStripe(out)
	return out, nil
}

// fromStripe fills in the plans, the interval subscribed to and the invoices.
func (s *Service) fromStripe(out *State) {
	for _, id := range []string{s.cfg.Prices.Monthly, s.cfg.Prices.Yearly} {
		if id == "" {
			continue
		}
		if p, err := s.price(id); err == nil {
			out.Plans = append(out.Plans, *p)
		}
	}
	if out.PriceID != "" {
		if p, err := s.price(out.PriceID); err == nil {
			out.Interval = p.Recurring.Interval
		}
	}
	if out.CustomerID != "" {
		out.Invoices, _ = s.invoices(out.CustomerID)
	}
	if live(&out.Subscription) && !out.CancelAtPeriodEnd {
		out.NextInvoice, _ = s.preview(&out.Subscription, 0)
	}
}

// Preview is what one more seat would cost.
type Preview struct {
	Subscribed        bool
	Seats, SeatsAfter int
	Price             *PlanPrice // the subscribed price, or the monthly one during a trial
	ProratedNow       *int64
	NextInvoiceAmount *int64
	NextInvoiceDate   *time.Time
}

// SeatPreview asks Stripe what the practice's next invoice would be with one more seat, before
// an owner or admin invites or reactivates someone. Nothing changes.
func (s *Service) SeatPreview(ctx context.Context, caller auth.Caller) (*Preview, error) {
	if !caller.Can(practice.ManageBilling) {
		return nil, auth.ErrForbidden
	}
	var sub *Subscription
	out := &Preview{}
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) (err error) {
		if sub, err = load(tx); err != nil {
			return err
		}
		out.Seats, err = seatCount(ctx, tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	out.SeatsAfter = out.Seats + 1
	priceID := sub.PriceID
	if priceID == "" {
		priceID = s.cfg.Prices.Monthly
	}
	if priceID != "" {
		out.Price, _ = s.price(priceID)
	}
	out.Subscribed = live(sub)
	if !out.Subscribed || sub.ItemID == "" {
		return out, nil
	}
	inv, err := s.preview(sub, out.SeatsAfter)
	if err != nil {
		return nil, err
	}
	var prorated int64
	found := false // no proration in a trial: its seats cost nothing until it ends
	for _, l := range inv.Lines.Data {
		if l.prorated() {
			prorated, found = prorated+l.Amount, true
		}
	}
	if found {
		out.ProratedNow = &prorated
	}
	out.NextInvoiceAmount, out.NextInvoiceDate = &inv.AmountDue, inv.Date()
	return out, nil
}
