package billing

import (
	"context"
	"time"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// State is what the billing page shows: the subscription as Steady last read it from Stripe,
// and the seats the practice uses now (every active member: each can see clients).
type State struct {
	Status            string
	TrialEnd          *time.Time
	CurrentPeriodEnd  *time.Time
	CancelAtPeriodEnd bool
	PriceID           string
	Quantity          int // seats on the subscription
	Seats             int // active members now
}

// stateSQL reads the practice's stored subscription.
const stateSQL = `SELECT status, trial_end, current_period_end, cancel_at_period_end, price_id, quantity
	FROM billing_subscriptions`

// State reads the caller's practice's billing state; only owners and admins may (the route's
// permission, checked again here where the rule lives).
func (s *Service) State(ctx context.Context, caller auth.Caller) (*State, error) {
	if !caller.Can(practice.ManageBilling) {
		return nil, auth.ErrForbidden
	}
	out := &State{Status: "none"}
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if err := tx.Gorm.Raw(stateSQL).Scan(out).Error; err != nil {
			return err
		}
		seats, err := practice.ActiveWithRoles(ctx, tx, practice.Roles()...)
		out.Seats = len(seats)
		return err
	})
	return out, err
}
