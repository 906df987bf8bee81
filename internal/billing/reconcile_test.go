package billing_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/billing"
	"github.com/steadyhq/steady/internal/practice"
)

// Every event type Steady handles is recorded with its job; the jobs, run in the reverse of
// the order Stripe sent them, leave the practice in Stripe's state, with one transition in
// the trail and one email to each owner and admin about it.
func TestEveryEventTypeInAnyOrder(t *testing.T) {
	t.Parallel()
	a, tm := team(t, "events")
	stored(t, a, tm.ID, "past_due", nil) // Steady last heard the subscription was past due
	types := []string{"checkout.session.completed", "customer.subscription.created", "customer.subscription.updated",
		"customer.subscription.deleted", "customer.subscription.paused", "customer.subscription.resumed",
		"customer.subscription.trial_will_end", "invoice.paid", "invoice.payment_failed"}
	now := a.Now()
	for i := len(types) - 1; i >= 0; i-- { // newest first
		body, sig := event("evt_order_"+types[i], types[i], "sub_test", now)
		require.Equal(t, http.StatusOK, post(t, a, body, sig).StatusCode, types[i])
	}
	require.Equal(t, len(types), a.CountRows(t, `SELECT count(*) FROM billing_events`))
	apptest.StartWorkers(t, a)
	apptest.WaitFor(t, "every event's job", func() bool {
		return a.CountRows(t, `SELECT count(*) FROM billing_events WHERE processed_at IS NOT NULL`) == len(types)
	})
	page := billingPage(t, tm.Browsers[practice.RoleOwner])
	require.Equal(t, "active", page.Status, "Stripe's word (stripe-mock's subscription is active), whatever the order")
	require.Equal(t, "full", page.Standing)
	require.Equal(t, 1, apptest.AuditCount(t, a, tm.ID, `action = 'billing.transition'
		AND detail->>'from_status' = 'past_due' AND detail->>'to_status' = 'active'`), "one transition, not one per event")
	apptest.WaitFor(t, "the owner's and the admin's emails", func() bool {
		return a.CountRows(t, `SELECT count(*) FROM dev_messages WHERE subject = 'Your Steady subscription is in order again'`) == 2
	})
}

// The daily reconciliation finds a practice whose stored state drifted from Stripe's (a
// webhook that never arrived), repairs it, and says so; a practice in step is left alone.
func TestReconciliationRepairsDrift(t *testing.T) {
	t.Parallel()
	a, tm := team(t, "drift")
	stored(t, a, tm.ID, "canceled", nil) // Stripe says active: the reactivation's event was lost
	owner := tm.Browsers[practice.RoleOwner]
	require.Equal(t, "read_only", billingPage(t, owner).Standing)

	svc := billing.NewService(a.DB, configuredStripe(), "", nil)
	repaired, err := svc.Reconcile(context.Background())
	require.NoError(t, err)
	require.Equal(t, 1, repaired)
	page := billingPage(t, owner)
	require.Equal(t, "active", page.Status)
	require.Equal(t, "full", page.Standing)
	require.Equal(t, 1, page.Quantity, "stripe-mock's quantity")
	require.Equal(t, 1, apptest.AuditCount(t, a, tm.ID, `action = 'billing.drift_repaired' AND detail->>'status_was' = 'canceled'`))
	require.Equal(t, 1, apptest.AuditCount(t, a, tm.ID, `action = 'billing.transition' AND detail->>'to_standing' = 'full'`))
	require.Equal(t, []int{3}, seatJobs(t, a, tm.ID), "Stripe bills 1 seat, the practice uses 3: the seat change is queued")

	repaired, err = svc.Reconcile(context.Background())
	require.NoError(t, err)
	require.Zero(t, repaired, "in step now")
	require.Equal(t, 1, apptest.AuditCount(t, a, tm.ID, `action = 'billing.transition'`))
}

// Owners are told once, three days or less before, that a trial without a subscription is
// ending; when it ends the practice turns read-only, and they are told that once too.
func TestTrialEndIsNoticed(t *testing.T) {
	t.Parallel()
	a, clk := apptest.NewClocked(t, configured)
	_, me := a.SignedUp(t, "trial-end@example.com")
	svc := billing.NewService(a.DB, configuredStripe(), "", clk.Now)
	reconcileTwice := func() {
		for range 2 {
			_, err := svc.Reconcile(context.Background())
			require.NoError(t, err)
		}
	}
	clk.Advance(time.Duration(billing.TrialDays)*24*time.Hour - 2*24*time.Hour)
	reconcileTwice()
	require.Equal(t, 1, a.CountRows(t, `SELECT count(*) FROM river_job WHERE kind = 'billing_notice'
		AND args->>'reason' = 'trial_ending'`), "told once, two days before, that nothing is charged by itself")
	clk.Advance(2*24*time.Hour + time.Minute)
	reconcileTwice()
	practiceID := uuid.MustParse(me.Practice.ID)
	require.Equal(t, 1, apptest.AuditCount(t, a, practiceID, `action = 'billing.transition'
		AND detail->>'to_standing' = 'read_only' AND detail->>'reason' = 'trial_over'`))
	require.Equal(t, 1, a.CountRows(t, `SELECT count(*) FROM river_job WHERE kind = 'billing_notice'
		AND args->>'reason' = 'trial_over'`))
	apptest.StartWorkers(t, a)
	apptest.WaitFor(t, "both emails to the owner", func() bool {
		return a.CountRows(t, `SELECT count(*) FROM dev_messages WHERE recipient = 'trial-end@example.com'
			AND (subject LIKE 'Your Steady trial ends on %' OR subject = 'Your Steady practice is now read-only')
			AND text_body LIKE '%can still be read and exported%'`) == 2
	})
}
