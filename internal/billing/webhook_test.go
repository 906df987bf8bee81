package billing_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
	"github.com/stripe/stripe-go/v76/webhook"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/billing"
	"github.com/steadyhq/steady/internal/db"
)

const secret = "whsec_test_steady"

// setup is where a billing test starts: Steady on its own database with the webhook's secret.
func setup(t *testing.T) *apptest.App {
	t.Helper()
	return apptest.New(t, func(c *app.Config) {
		c.Stripe = billing.Config{SecretKey: "sk_test_steady", WebhookSecret: secret, APIURL: stripeURL}
	})
}

// event is a Stripe event of type about subscription sub, signed at the given time.
func event(id, typ, sub string, at time.Time) (body, signature string) {
	body = fmt.Sprintf(`{"id":%q,"object":"event","api_version":"2023-10-16","type":%q,"created":%d,
		"data":{"object":{"id":%q,"object":"subscription","status":"active","metadata":{}}}}`, id, typ, at.Unix(), sub)
	signed := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: []byte(body), Secret: secret, Timestamp: at})
	return body, signed.Header
}

func post(t *testing.T, a *apptest.App, body, signature string) *http.Response {
	t.Helper()
	return a.Browser(t).Do("POST", "/stripe/webhook", body, map[string]string{"Stripe-Signature": signature})
}

// A handled event is recorded once with its job, however often Stripe delivers it.
func TestWebhookRecordsEachEventOnce(t *testing.T) {
	t.Parallel()
	a := setup(t)
	body, sig := event("evt_once", "customer.subscription.updated", "sub_1", apptest.Now())
	for range 3 {
		res := post(t, a, body, sig)
		require.Equal(t, http.StatusOK, res.StatusCode)
	}
	require.Equal(t, 1, a.CountRows(t, `SELECT count(*) FROM billing_events WHERE id = 'evt_once'`))
	require.Equal(t, 1, a.CountRows(t, `SELECT count(*) FROM river_job WHERE kind = 'billing_sync'
		AND args->>'event_id' = 'evt_once' AND args->>'subscription' = 'sub_1'`))
}

// A bad signature, a stale one and a missing one are refused with 400, and nothing is stored;
// an event type Steady does not handle is answered and ignored.
func TestWebhookRefusesWhatDoesNotVerify(t *testing.T) {
	t.Parallel()
	a := setup(t)
	now := apptest.Now()
	body, sig := event("evt_bad", "invoice.paid", "sub_1", now)
	staleBody, staleSig := event("evt_bad", "invoice.paid", "sub_1", now.Add(-301*time.Second))
	other := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: []byte(body), Secret: "whsec_other", Timestamp: now})
	for name, c := range map[string]struct{ body, sig, code string }{
		"another secret": {body, other.Header, "bad_signature"},
		"a changed body": {body + " ", sig, "bad_signature"},
		"no signature":   {body, "", "bad_signature"},
		"a stale one":    {staleBody, staleSig, "stale_signature"},
	} {
		res := post(t, a, c.body, c.sig)
		require.Equal(t, http.StatusBadRequest, res.StatusCode, name)
		require.Equal(t, c.code, apptest.ReadError(t, res).Error.Code, name)
	}
	require.Zero(t, a.CountRows(t, `SELECT count(*) FROM billing_events`))

	body, sig = event("evt_other", "customer.created", "", now)
	res := post(t, a, body, sig)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Zero(t, a.CountRows(t, `SELECT count(*) FROM billing_events`), "an unhandled type is ignored")
}

// A practice signs up into a 30-day trial, with no card and nothing in Stripe yet.
func TestSignupStartsATrial(t *testing.T) {
	t.Parallel()
	a := setup(t)
	b := a.Browser(t)
	res := a.SignUp(t, b, apptest.SignupBody("trial@example.com"))
	require.Equal(t, http.StatusCreated, res.StatusCode)
	var trialEnd time.Time
	a.AsOwner(t, []string{"billing_subscriptions"}, func(tx pgx.Tx) {
		require.NoError(t, tx.QueryRow(context.Background(), `SELECT trial_end FROM billing_subscriptions
			WHERE status = 'trialing' AND subscription_id = ''`).Scan(&trialEnd))
	})
	require.WithinDuration(t, apptest.Now().AddDate(0, 0, billing.TrialDays), trialEnd, time.Minute)
}

// mockCustomer is the customer stripe-mock's subscriptions belong to.
const mockCustomer = "cus_QXg1o8vcGmoR32"

// An event makes the job re-read the subscription from Stripe and store what Stripe says, for
// the practice whose customer it is; a second delivery changes nothing more.
func TestSyncStoresWhatStripeSays(t *testing.T) {
	t.Parallel()
	a := setup(t)
	res := a.SignUp(t, a.Browser(t), apptest.SignupBody("sync@example.com"))
	require.Equal(t, http.StatusCreated, res.StatusCode)
	var me apptest.MeOut
	apptest.Decode(t, res, &me)
	// Checkout (to come) makes the practice's Stripe customer; here it is the mock's.
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: uuid.MustParse(me.Practice.ID)},
		func(tx *db.Tx) error {
			return tx.Gorm.Exec(`UPDATE billing_subscriptions SET customer_id = ?`, mockCustomer).Error
		}))
	apptest.StartWorkers(t, a)
	body, sig := event("evt_sync", "customer.subscription.updated", "sub_sync", apptest.Now())
	require.Equal(t, http.StatusOK, post(t, a, body, sig).StatusCode)
	apptest.WaitFor(t, "the event's job", func() bool {
		return a.CountRows(t, `SELECT count(*) FROM billing_events WHERE id = 'evt_sync' AND processed_at IS NOT NULL`) == 1
	})
	var status, subscription, price string
	var quantity int
	a.AsOwner(t, []string{"billing_subscriptions"}, func(tx pgx.Tx) {
		require.NoError(t, tx.QueryRow(context.Background(), `SELECT status, subscription_id, price_id, quantity
			FROM billing_subscriptions WHERE customer_id = $1`, mockCustomer).Scan(&status, &subscription, &price, &quantity))
	})
	require.Equal(t, "active", status, "Stripe's word, not the event's")
	require.Equal(t, "sub_sync", subscription)
	require.NotEmpty(t, price)
	require.Equal(t, 1, quantity)
}
