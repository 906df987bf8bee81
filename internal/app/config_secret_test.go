package app

import (
	"bytes"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSecretKeyIsParsedAndMasked(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://steady_app:pw@db.internal/steady")
	t.Setenv("STEADY_SECRET_KEY", "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=") // 32 bytes
	cfg, err := LoadConfig()
	require.NoError(t, err)
	require.Len(t, cfg.SecretKey, 32)
	logged := fmt.Sprint(cfg.LogValue()...)
	require.NotContains(t, logged, "q83vEjRWeJ")
	require.Contains(t, logged, "secret_key********")

	_, err = cfg.sealKey(slog.New(slog.DiscardHandler))
	require.NoError(t, err)
}

func TestSecretKeyMustBe32BytesAndIsRequiredInProduction(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://steady_app:pw@db.internal/steady")
	for _, bad := range []string{"c2hvcnQ=", "not base64 at all!"} {
		t.Setenv("STEADY_SECRET_KEY", bad)
		_, err := LoadConfig()
		require.ErrorContains(t, err, "STEADY_SECRET_KEY must be 32 random bytes in base64", bad)
	}

	t.Setenv("STEADY_SECRET_KEY", "")
	t.Setenv("STEADY_ENV", "production")
	t.Setenv("STEADY_PUBLIC_URL", "https://steady.example.com")
	t.Setenv("SMTP_HOST", "smtp.example.com")
	_, err := LoadConfig()
	require.ErrorContains(t, err, "STEADY_SECRET_KEY is required in production")
	_, err = Config{Env: "production"}.sealKey(slog.New(slog.DiscardHandler))
	require.Error(t, err, "Build refuses too, whatever built the Config")
}

// Development without a key works, with a warning that says why it must not stay that way.
func TestDevelopmentWithoutASecretKeyWarns(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	key, err := Config{Env: "development"}.sealKey(slog.New(slog.NewTextHandler(&logs, nil)))
	require.NoError(t, err)
	require.NotNil(t, key)
	require.Contains(t, logs.String(), "level=WARN")
	require.Contains(t, logs.String(), "STEADY_SECRET_KEY is not set")
	require.Contains(t, fmt.Sprint(Config{}.LogValue()...), "unset (development key)")
}
