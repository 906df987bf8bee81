package app

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A closed practice's data is kept seven years unless the operator says otherwise, in whole
// days; anything else is refused at start-up.
func TestConfigReadsTheClosedPracticeRetention(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://steady_app@127.0.0.1/steady")
	t.Setenv("STEADY_CLOSED_PRACTICE_RETENTION_DAYS", "")
	cfg, err := LoadConfig()
	require.NoError(t, err)
	require.Equal(t, 2557*24*time.Hour, cfg.closedRetention())

	t.Setenv("STEADY_CLOSED_PRACTICE_RETENTION_DAYS", "3653")
	cfg, err = LoadConfig()
	require.NoError(t, err)
	require.Equal(t, 3653*24*time.Hour, cfg.closedRetention())

	for _, bad := range []string{"0", "-5", "7y", "2557.5"} {
		t.Setenv("STEADY_CLOSED_PRACTICE_RETENTION_DAYS", bad)
		_, err = LoadConfig()
		require.ErrorContains(t, err, "STEADY_CLOSED_PRACTICE_RETENTION_DAYS", bad)
	}
}
