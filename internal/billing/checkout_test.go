package billing_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/practice"
)

// Checkout makes the practice's Stripe customer once and a Checkout page of its seats; a bad
// interval names the field; a live subscription sends the owner to the portal instead.
func TestCheckoutAndPortal(t *testing.T) {
	t.Parallel()
	a, tm := team(t, "checkout")
	owner := tm.Browsers[practice.RoleOwner]

	res := owner.Do("POST", "/api/billing/portal", "", nil)
	require.Equal(t, http.StatusConflict, res.StatusCode)
	require.Equal(t, "no_customer", apptest.ReadError(t, res).Error.Code)

	res = owner.PostJSON("/api/billing/checkout", map[string]string{"interval": "week"})
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, apptest.ReadBody(t, res), `"interval"`)
	require.Zero(t, countStored(t, a, "customer_id <> ''"), "nothing stored")

	var out struct{ URL string }
	for _, interval := range []string{"month", "year"} {
		res = owner.PostJSON("/api/billing/checkout", map[string]string{"interval": interval})
		require.Equal(t, http.StatusOK, res.StatusCode, interval)
		apptest.Decode(t, res, &out)
		require.NotEmpty(t, out.URL)
	}
	require.Equal(t, 1, countStored(t, a, "customer_id <> ''"),
		"one customer however often checkout starts")
	require.Equal(t, 2, apptest.AuditCount(t, a, tm.ID, `action = 'billing.checkout_start'`))

	res = owner.Do("POST", "/api/billing/portal", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	apptest.Decode(t, res, &out)
	require.NotEmpty(t, out.URL)

	stored(t, a, tm.ID, "active", nil)
	res = tm.Browsers[practice.RoleAdmin].PostJSON("/api/billing/checkout", map[string]string{"interval": "month"})
	require.Equal(t, http.StatusConflict, res.StatusCode)
	require.Equal(t, "already_subscribed", apptest.ReadError(t, res).Error.Code)
}

// A server with Stripe but no prices says billing is not set up, rather than failing.
func TestCheckoutWithoutPrices(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, func(c *app.Config) { configured(c); c.Stripe.Prices.Monthly = "" })
	tm := apptest.SeedTeam(t, a, "noprices")
	res := tm.Browsers[practice.RoleOwner].PostJSON("/api/billing/checkout", map[string]string{"interval": "month"})
	require.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
	require.Equal(t, "billing_unavailable", apptest.ReadError(t, res).Error.Code)
}

// The billing page shows the plans on offer, and for a subscribed practice Stripe's next
// invoice and its past invoices with their links.
func TestBillingPageReadsStripe(t *testing.T) {
	t.Parallel()
	a, tm := team(t, "page")
	owner := tm.Browsers[practice.RoleOwner]
	page := billingPage(t, owner)
	require.Len(t, page.Plans, 2)
	require.Nil(t, page.NextInvoice, "nothing is due before a subscription")
	require.Empty(t, page.Invoices)
	require.False(t, page.Subscribed)

	stored(t, a, tm.ID, "active", nil)
	page = billingPage(t, owner)
	require.True(t, page.Subscribed)
	require.True(t, page.HasCustomer)
	require.Equal(t, 3, page.Quantity)
	require.Equal(t, 3, page.Seats)
	require.Equal(t, "full", page.Standing)
	require.NotNil(t, page.NextInvoice)
	require.NotEmpty(t, page.Invoices)
	require.NotEmpty(t, page.Invoices[0].ID)
}

// Before a seat is added the owner sees what it costs: Stripe's preview of the next invoice
// with one more seat. During a trial without a subscription nothing is charged.
func TestSeatPreview(t *testing.T) {
	t.Parallel()
	a, tm := team(t, "preview")
	owner := tm.Browsers[practice.RoleOwner]
	var p struct {
		Subscribed        bool
		Seats             int
		SeatsAfter        int    `json:"seats_after"`
		UnitAmount        *int64 `json:"unit_amount"`
		ProratedNow       *int64 `json:"prorated_now"`
		NextInvoiceAmount *int64 `json:"next_invoice_amount"`
	}
	apptest.Decode(t, owner.Do("GET", "/api/billing/seat-preview", "", nil), &p)
	require.False(t, p.Subscribed)
	require.Equal(t, 3, p.Seats)
	require.Equal(t, 4, p.SeatsAfter)
	require.NotNil(t, p.UnitAmount, "the price a subscription would have")
	require.Nil(t, p.NextInvoiceAmount)

	stored(t, a, tm.ID, "active", nil)
	apptest.Decode(t, owner.Do("GET", "/api/billing/seat-preview", "", nil), &p)
	require.True(t, p.Subscribed)
	require.NotNil(t, p.NextInvoiceAmount, "Stripe's preview")
	require.NotNil(t, p.ProratedNow)
}
