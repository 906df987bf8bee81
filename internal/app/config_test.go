package app

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestConfigMasksSecretsInTheLog(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://steady_app:hunter2-db@db.internal:5432/steady")
	t.Setenv("MIGRATION_DATABASE_URL", "")
	t.Setenv("SMTP_HOST", "smtp.example.com")
	t.Setenv("SMTP_PASSWORD", "hunter2-smtp")
	t.Setenv("STEADY_STRIPE_SECRET_KEY", "sk_test_hunter2")
	t.Setenv("STEADY_STRIPE_WEBHOOK_SECRET", "whsec_hunter2")
	cfg, err := LoadConfig()
	require.NoError(t, err)
	logged := fmt.Sprint(cfg.LogValue()...)
	require.NotContains(t, logged, "hunter2")
	require.Contains(t, logged, "steady_app:********@db.internal")
	require.Equal(t, cfg.DatabaseURL, cfg.MigrationDatabaseURL, "migrations default to DATABASE_URL")
}

func TestConfigRefusesBadSettings(t *testing.T) {
	t.Setenv("DATABASE_URL", "")
	t.Setenv("STEADY_ENV", "production")
	t.Setenv("STEADY_PUBLIC_URL", "http://steady.example.com")
	t.Setenv("SMTP_HOST", "")
	t.Setenv("SMTP_PORT", "not-a-port")
	t.Setenv("STEADY_STRIPE_SECRET_KEY", "sk_live_x")
	t.Setenv("STEADY_STRIPE_WEBHOOK_SECRET", "")
	t.Setenv("STEADY_BILLING_GRACE_DAYS", "0")
	_, err := LoadConfig()
	require.Error(t, err)
	for _, want := range []string{"DATABASE_URL is required", "SMTP_HOST is required in production", "must be https", "SMTP_PORT",
		"STEADY_STRIPE_WEBHOOK_SECRET is required", "STEADY_BILLING_GRACE_DAYS"} {
		require.ErrorContains(t, err, want)
	}
}

func TestSecureCookiesExceptOnPlainLocalhost(t *testing.T) {
	t.Parallel()
	for url, secure := range map[string]bool{
		"http://localhost:8080": false, "http://127.0.0.1:18080": false,
		"https://localhost": true, "http://steady.lan": true, "https://steady.example.com": true,
	} {
		require.Equal(t, secure, Config{PublicURL: url}.Secure(), url)
	}
}

// The demo's stand-in for Stripe runs only in development and only without a Stripe key.
func TestDemoStripeOnlyInDevelopment(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://steady_app@localhost/steady")
	t.Setenv("STEADY_STRIPE_SECRET_KEY", "")
	t.Setenv("STEADY_STRIPE_MOCK_URL", "http://127.0.0.1:12111")
	t.Setenv("STEADY_ENV", "development")
	cfg, err := LoadConfig()
	require.NoError(t, err)
	require.Equal(t, cfg.PublicURL+"/dev/stripe", cfg.Stripe.APIURL)
	require.NotEmpty(t, cfg.Stripe.WebhookSecret)
	require.NotEmpty(t, cfg.Stripe.Prices.Monthly)

	t.Setenv("STEADY_ENV", "production")
	_, err = LoadConfig()
	require.ErrorContains(t, err, "STEADY_STRIPE_MOCK_URL is for development only")
}
