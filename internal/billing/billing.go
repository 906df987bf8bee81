// Package billing keeps a practice's Steady subscription in step with Stripe: the webhook
// endpoint records each event once and hands it to a job, and the job re-reads the subscription
// from Stripe and stores what it says, so duplicated, replayed or out-of-order events all end in
// Stripe's state (docs/billing.md).
package billing

import (
	"net/http"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/module"
)

// Config is how Steady reaches Stripe.
type Config struct {
	SecretKey     string // STEADY_STRIPE_SECRET_KEY: sk_test_… or sk_live_…
	WebhookSecret string // STEADY_STRIPE_WEBHOOK_SECRET: whsec_… of the endpoint
	APIURL        string // STEADY_STRIPE_API_URL: empty for Stripe itself; stripe-mock's address in tests and the demo
	Prices        Prices // STEADY_STRIPE_PRICE_MONTHLY, STEADY_STRIPE_PRICE_YEARLY: what `steady billing setup` printed
	GraceDays     int    // STEADY_BILLING_GRACE_DAYS: full service after a failed payment (default 14)
}

// DefaultGraceDays is how long a practice keeps full service after a payment fails.
const DefaultGraceDays = 14

// grace is the configured grace period.
func (c Config) grace() time.Duration {
	if c.GraceDays <= 0 {
		return DefaultGraceDays * 24 * time.Hour
	}
	return time.Duration(c.GraceDays) * 24 * time.Hour
}

// Tolerance is how old a webhook's signature may be: an older one is a replay.
const Tolerance = 300 * time.Second

// Service reads and records billing state.
type Service struct {
	db        *db.DB
	cfg       Config
	stripe    *client.API
	publicURL string // where Stripe's pages send the browser back to
	now       func() time.Time
	prices    priceCache
}

// NewService builds the service; now is the clock (nil: time.Now).
func NewService(d *db.DB, cfg Config, publicURL string, now func() time.Time) *Service {
	return &Service{db: d, cfg: cfg, stripe: newClient(cfg), publicURL: publicURL, now: module.Clock(now)}
}

// newClient is a Stripe API client for cfg's key, at cfg's URL.
func newClient(cfg Config) *client.API {
	return client.New(cfg.SecretKey, &stripe.Backends{
		API:     stripe.GetBackendWithConfig(stripe.APIBackend, backendConfig(cfg.APIURL)),
		Connect: stripe.GetBackendWithConfig(stripe.ConnectBackend, backendConfig("")),
		Uploads: stripe.GetBackendWithConfig(stripe.UploadsBackend, backendConfig("")),
	})
}

// backendConfig points a Stripe backend at url (empty: Stripe's own), with a bounded wait and
// Stripe's own retries of failed network calls.
func backendConfig(url string) *stripe.BackendConfig {
	c := &stripe.BackendConfig{HTTPClient: &http.Client{Timeout: 20 * time.Second},
		MaxNetworkRetries: stripe.Int64(2), LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull}}
	if url != "" {
		c.URL = stripe.String(url)
	}
	return c
}
