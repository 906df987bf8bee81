package app

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// STEADY_DB_POOLER=transaction turns on what PgBouncer in transaction mode needs: pgx without
// named prepared statements (db.Options) and River in poll-only mode. Anything else but none
// is refused.
func TestConfigReadsTheTransactionPooler(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://steady_app@127.0.0.1:16432/steady")
	t.Setenv("STEADY_ENV", "development")
	t.Setenv("STEADY_DB_POOLER", "")
	cfg, err := LoadConfig()
	require.NoError(t, err)
	require.Equal(t, "none", cfg.DBPooler)
	require.False(t, cfg.transactionPooler())
	require.False(t, cfg.dbOptions().TransactionPooler)

	t.Setenv("STEADY_DB_POOLER", "transaction")
	cfg, err = LoadConfig()
	require.NoError(t, err)
	require.True(t, cfg.transactionPooler(), "River polls")
	require.True(t, cfg.dbOptions().TransactionPooler, "pgx names no statements")
	require.Contains(t, cfg.LogValue(), "transaction")

	t.Setenv("STEADY_DB_POOLER", "session")
	_, err = LoadConfig()
	require.ErrorContains(t, err, "STEADY_DB_POOLER must be none or transaction")
}

// The drain delay is off in development (Ctrl-C stops at once) and 5s in production, where a
// load balancer needs the time to take the replica out.
func TestConfigReadsTheDrainDelay(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://steady_app@127.0.0.1/steady")
	t.Setenv("STEADY_DRAIN_DELAY", "")
	t.Setenv("STEADY_ENV", "development")
	cfg, err := LoadConfig()
	require.NoError(t, err)
	require.Zero(t, cfg.DrainDelay)

	t.Setenv("STEADY_ENV", "production")
	t.Setenv("STEADY_PUBLIC_URL", "https://steady.example.com")
	t.Setenv("SMTP_HOST", "smtp.example.com")
	t.Setenv("STEADY_SECRET_KEY", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
	cfg, err = LoadConfig()
	require.NoError(t, err)
	require.Equal(t, 5*time.Second, cfg.DrainDelay)

	t.Setenv("STEADY_DRAIN_DELAY", "-1s")
	_, err = LoadConfig()
	require.ErrorContains(t, err, "STEADY_DRAIN_DELAY")
}
