package billing_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/billing"
	"github.com/steadyhq/steady/internal/db"
)

// prices are stripe-mock's: it answers any price id with its fixture.
var prices = billing.Prices{Monthly: "price_monthly_test", Yearly: "price_yearly_test"}

// configured gives the app Stripe: stripe-mock's API, the webhook's secret and the prices.
func configured(c *app.Config) {
	c.Stripe = billing.Config{SecretKey: "sk_test_steady", WebhookSecret: secret, APIURL: stripeURL, Prices: prices}
}

// team is a practice with a member of each role, on an app with Stripe configured.
func team(t *testing.T, name string) (*apptest.App, *apptest.Team) {
	a := apptest.New(t, configured)
	return a, apptest.SeedTeam(t, a, name)
}

// stored sets the practice's stored subscription, as if Stripe had said so.
func stored(t *testing.T, a *apptest.App, practiceID uuid.UUID, status string, pastDueSince *time.Time) {
	t.Helper()
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: practiceID}, func(tx *db.Tx) error {
		return tx.Gorm.Exec(`INSERT INTO billing_subscriptions (practice_id, customer_id, subscription_id, item_id,
				status, price_id, quantity, past_due_since, updated_at)
			VALUES (?, ?, 'sub_test', 'si_test', ?, ?, 3, ?, now())
			ON CONFLICT (practice_id) DO UPDATE SET customer_id = excluded.customer_id,
				subscription_id = excluded.subscription_id, item_id = excluded.item_id, status = excluded.status,
				price_id = excluded.price_id, quantity = excluded.quantity, past_due_since = excluded.past_due_since`,
			practiceID, mockCustomer, status, prices.Monthly, pastDueSince).Error
	}))
}

// billingOut is GET /api/billing as the tests read it.
type billingOut struct {
	Status      string
	Standing    string
	Reason      *string
	GraceEnds   *time.Time `json:"grace_ends"`
	Quantity    int
	Seats       int
	Subscribed  bool
	HasCustomer bool    `json:"has_customer"`
	SeatError   *string `json:"seat_error"`
	Plans       []struct {
		Interval   string
		UnitAmount int64 `json:"unit_amount"`
	}
	NextInvoice *struct{ Amount int64 } `json:"next_invoice"`
	Invoices    []struct {
		ID               string
		HostedInvoiceURL string `json:"hosted_invoice_url"`
	}
}

func billingPage(t *testing.T, b *apptest.Browser) billingOut {
	t.Helper()
	var out billingOut
	apptest.Decode(t, b.Do("GET", "/api/billing", "", nil), &out)
	return out
}

// countStored counts billing_subscriptions rows matching where, past row-level security.
func countStored(t *testing.T, a *apptest.App, where string) int {
	t.Helper()
	var n int
	a.AsOwner(t, []string{"billing_subscriptions"}, func(tx pgx.Tx) {
		require.NoError(t, tx.QueryRow(context.Background(), `SELECT count(*) FROM billing_subscriptions WHERE `+where).Scan(&n))
	})
	return n
}

// configuredStripe is the configuration configured gives, for a service built in a test.
func configuredStripe() billing.Config {
	var c app.Config
	configured(&c)
	return c.Stripe
}
