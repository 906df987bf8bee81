package practicedata_test

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/billing"
	"github.com/steadyhq/steady/internal/db"
)

// stripeURL is stripe-mock's address, started once for the package's tests.
var stripeURL string

func TestMain(m *testing.M) { os.Exit(apptest.RunWithStripeMock(m, &stripeURL)) }

// stripeAt gives the app Stripe at url.
func stripeAt(url string) func(*app.Config) {
	return func(c *app.Config) {
		c.Stripe = billing.Config{SecretKey: "sk_test_steady", WebhookSecret: "whsec_test", APIURL: url,
			Prices: billing.Prices{Monthly: "price_monthly_test", Yearly: "price_yearly_test"}}
	}
}

// subscribe stores a live subscription for the practice, as if Stripe had said so.
func subscribe(t *testing.T, w *world) {
	t.Helper()
	require.NoError(t, w.a.DB.InTenant(context.Background(), db.Scope{PracticeID: w.tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Exec(`INSERT INTO billing_subscriptions (practice_id, customer_id, subscription_id, item_id,
				status, price_id, quantity, updated_at) VALUES (?, 'cus_test', 'sub_test', 'si_test', 'active', 'price_monthly_test', 3, now())
			ON CONFLICT (practice_id) DO UPDATE SET customer_id = excluded.customer_id, subscription_id = excluded.subscription_id,
				item_id = excluded.item_id, status = excluded.status`, w.tm.ID).Error
	}))
}

// cancelJobs counts the practice's cancellation jobs in a state.
func cancelJobs(t *testing.T, w *world, state string) int {
	return w.a.CountRows(t, `SELECT count(*) FROM river_job WHERE kind = 'billing_cancel' AND state = $1
		AND args->>'practice_id' = $2`, state, w.tm.ID.String())
}

// Closing a paying practice queues its subscription's cancellation in the closing's
// transaction; River's worker cancels it in Stripe and the trail says so.
func TestClosingCancelsTheSubscription(t *testing.T) {
	t.Parallel()
	w := newWorld(t, stripeAt(stripeURL))
	subscribe(t, w)
	w.close(t)
	require.Equal(t, 1, cancelJobs(t, w, "available"))
	apptest.StartWorkers(t, w.a)
	apptest.WaitFor(t, "the cancellation", func() bool { return cancelJobs(t, w, "completed") == 1 })
	require.Equal(t, 1, apptest.AuditCount(t, w.a, w.tm.ID, `action = 'billing.cancel'`))
}

// With Stripe out of reach the practice closes all the same; the cancellation waits to retry.
func TestAStripeOutageDoesNotHoldAClosingUp(t *testing.T) {
	t.Parallel()
	w := newWorld(t, stripeAt("http://127.0.0.1:9"))
	subscribe(t, w)
	w.close(t)
	apptest.StartWorkers(t, w.a)
	apptest.WaitFor(t, "a failed try", func() bool { return cancelJobs(t, w, "retryable") == 1 })
	require.Zero(t, apptest.AuditCount(t, w.a, w.tm.ID, `action = 'billing.cancel'`))
}

// A practice without a subscription to cancel queues nothing.
func TestClosingAnUnpaidPracticeQueuesNoCancellation(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.close(t)
	require.Zero(t, w.a.CountRows(t, `SELECT count(*) FROM river_job WHERE kind = 'billing_cancel'`))
}
