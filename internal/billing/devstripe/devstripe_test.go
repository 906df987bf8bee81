package devstripe_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/require"
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"
	"github.com/stripe/stripe-go/v76/webhook"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/billing/devstripe"
)

var mockURL string

func TestMain(m *testing.M) { os.Exit(apptest.RunWithStripeMock(m, &mockURL)) }

const secret = "whsec_devstripe_test"

// stand is the stand-in on a server of its own, with a webhook endpoint that verifies each
// event as Steady does and keeps its type.
type stand struct {
	srv    *httptest.Server
	stripe *client.API
	mu     sync.Mutex
	events []stripe.Event
}

func start(t *testing.T) *stand {
	s := &stand{}
	e := echo.New()
	e.POST("/stripe/webhook", func(c echo.Context) error {
		body, _ := io.ReadAll(c.Request().Body)
		ev, err := webhook.ConstructEventWithOptions(body, c.Request().Header.Get("Stripe-Signature"), secret,
			webhook.ConstructEventOptions{IgnoreAPIVersionMismatch: true})
		if err != nil {
			return c.NoContent(http.StatusBadRequest)
		}
		s.mu.Lock()
		s.events = append(s.events, ev)
		s.mu.Unlock()
		return c.NoContent(http.StatusOK)
	})
	s.srv = httptest.NewServer(e)
	t.Cleanup(s.srv.Close)
	devstripe.New(mockURL, s.srv.URL, secret).Mount(e)
	url := s.srv.URL + devstripe.Prefix
	s.stripe = client.New("sk_test_devstripe", &stripe.Backends{
		API: stripe.GetBackendWithConfig(stripe.APIBackend, &stripe.BackendConfig{URL: &url,
			LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull}})})
	return s
}

func (s *stand) types() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, e := range s.events {
		out = append(out, string(e.Type))
	}
	return out
}

// noRedirect posts a form button as a browser would, without following the redirect.
func noRedirect(t *testing.T, url string) *http.Response {
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Post(url, "application/x-www-form-urlencoded", strings.NewReader("card=4242"))
	require.NoError(t, err)
	res.Body.Close()
	return res
}

// The demo's loop through the stand-in: checkout, pay, a seat added, a payment failed and
// paid; each step reaches the webhook as a signed event and the API reads the new state.
func TestTheDemoLoop(t *testing.T) {
	s := start(t)
	cus, err := s.stripe.Customers.New(&stripe.CustomerParams{Name: stripe.String("Demo practice")})
	require.NoError(t, err)
	sess, err := s.stripe.CheckoutSessions.New(&stripe.CheckoutSessionParams{Mode: stripe.String("subscription"),
		Customer: stripe.String(cus.ID), SuccessURL: stripe.String(s.srv.URL + "/app/billing?checkout=done"),
		CancelURL:        stripe.String(s.srv.URL + "/app/billing"),
		LineItems:        []*stripe.CheckoutSessionLineItemParams{{Price: stripe.String(devstripe.MonthlyPrice), Quantity: stripe.Int64(2)}},
		SubscriptionData: &stripe.CheckoutSessionSubscriptionDataParams{Metadata: map[string]string{"practice_id": "p1"}}})
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(sess.URL, s.srv.URL+devstripe.Prefix+"/checkout/"))

	page, err := http.Get(sess.URL)
	require.NoError(t, err)
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	require.Contains(t, string(body), "2 seats × $29.00 per month = <strong>$58.00 per month")

	res := noRedirect(t, sess.URL)
	require.Equal(t, http.StatusSeeOther, res.StatusCode)
	require.Equal(t, s.srv.URL+"/app/billing?checkout=done", res.Header.Get("Location"))
	require.Equal(t, []string{"checkout.session.completed", "customer.subscription.created"}, s.types())
	var completed struct{ Subscription string }
	require.NoError(t, json.Unmarshal(s.events[0].Data.Raw, &completed))

	sub, err := s.stripe.Subscriptions.Get(completed.Subscription, nil)
	require.NoError(t, err)
	require.Equal(t, stripe.SubscriptionStatusActive, sub.Status)
	require.Equal(t, "p1", sub.Metadata["practice_id"])
	require.EqualValues(t, 2, sub.Items.Data[0].Quantity)

	_, err = s.stripe.Subscriptions.Update(sub.ID, &stripe.SubscriptionParams{ProrationBehavior: stripe.String("create_prorations"),
		Items: []*stripe.SubscriptionItemsParams{{ID: stripe.String(sub.Items.Data[0].ID), Quantity: stripe.Int64(3)}}})
	require.NoError(t, err)
	sub, err = s.stripe.Subscriptions.Get(sub.ID, nil)
	require.NoError(t, err)
	require.EqualValues(t, 3, sub.Items.Data[0].Quantity)

	portal, err := s.stripe.BillingPortalSessions.New(&stripe.BillingPortalSessionParams{Customer: stripe.String(cus.ID)})
	require.NoError(t, err)
	require.Equal(t, http.StatusSeeOther, noRedirect(t, portal.URL+"/fail").StatusCode)
	sub, err = s.stripe.Subscriptions.Get(sub.ID, nil)
	require.NoError(t, err)
	require.Equal(t, stripe.SubscriptionStatusPastDue, sub.Status)
	require.Equal(t, http.StatusSeeOther, noRedirect(t, portal.URL+"/pay").StatusCode)
	sub, err = s.stripe.Subscriptions.Get(sub.ID, nil)
	require.NoError(t, err)
	require.Equal(t, stripe.SubscriptionStatusActive, sub.Status)
	require.Equal(t, []string{"checkout.session.completed", "customer.subscription.created",
		"invoice.payment_failed", "customer.subscription.updated", "invoice.paid", "customer.subscription.updated"}, s.types())
}

// What Stripe would refuse, the stand-in refuses: stripe-mock checks every call first.
func TestBadCallsAreRefused(t *testing.T) {
	s := start(t)
	_, err := s.stripe.CheckoutSessions.New(&stripe.CheckoutSessionParams{Mode: stripe.String("no-such-mode")})
	var se *stripe.Error
	require.ErrorAs(t, err, &se)
	require.Equal(t, http.StatusBadRequest, se.HTTPStatusCode)
}
