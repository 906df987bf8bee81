package billing_test

import (
	"bytes"
	"context"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/billing"
)

// Setup's every call is one Stripe's API accepts (stripe-mock checks each request against
// Stripe's OpenAPI document), and running it twice succeeds both times with price ids.
func TestSetUpMakesTheProductAndPrices(t *testing.T) {
	t.Parallel()
	cfg := billing.Config{SecretKey: "sk_test_steady", APIURL: stripeURL}
	for range 2 {
		p, err := billing.SetUp(context.Background(), cfg, billing.DefaultPlan)
		require.NoError(t, err)
		require.Regexp(t, `^price_`, p.Monthly)
		require.Regexp(t, `^price_`, p.Yearly)
	}
}

// `steady billing setup` prints the ids as the settings to copy, and refuses to run without a
// key, saying which.
func TestBillingSetupCommand(t *testing.T) {
	var out, errs bytes.Buffer
	t.Setenv("STEADY_STRIPE_SECRET_KEY", "")
	require.Equal(t, 1, app.Main([]string{"billing", "setup"}, &out, &errs))
	require.Contains(t, errs.String(), "STEADY_STRIPE_SECRET_KEY is required")

	out.Reset()
	t.Setenv("STEADY_STRIPE_SECRET_KEY", "sk_test_steady")
	t.Setenv("STEADY_STRIPE_API_URL", stripeURL)
	require.Equal(t, 0, app.Main([]string{"billing", "setup"}, &out, &errs), errs.String())
	require.Regexp(t, regexp.MustCompile(`(?m)^STEADY_STRIPE_PRICE_MONTHLY=price_\w+\nSTEADY_STRIPE_PRICE_YEARLY=price_\w+\n$`), out.String())
}
