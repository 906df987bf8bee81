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
	_, err := LoadConfig()
	require.Error(t, err)
	for _, want := range []string{"DATABASE_URL is required", "SMTP_HOST is required in production", "must be https", "SMTP_PORT"} {
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
