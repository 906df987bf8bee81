package app

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// Profiles are served on their own loopback listener only when asked for, and the setting
// refuses any address beyond the machine.
func TestProfilesOnALoopbackListenerOnly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, err := servePprof(ctx, "127.0.0.1:0", slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	res, err := http.Get("http://" + addr + "/debug/pprof/goroutine?debug=1")
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Contains(t, string(body), "goroutine profile:")

	t.Setenv("DATABASE_URL", "postgres://x@localhost/steady")
	for _, ok := range []string{"127.0.0.1:6060", "[::1]:6060", "localhost:6060"} {
		t.Setenv("STEADY_PPROF_ADDR", ok)
		c, err := LoadConfig()
		require.NoError(t, err, ok)
		require.Equal(t, ok, c.PprofAddr)
	}
	for _, bad := range []string{":6060", "0.0.0.0:6060", "10.0.0.5:6060", "steady.example.com:6060", "127.0.0.1"} {
		t.Setenv("STEADY_PPROF_ADDR", bad)
		_, err := LoadConfig()
		require.ErrorContains(t, err, "STEADY_PPROF_ADDR must be a loopback address", bad)
	}
	t.Setenv("STEADY_PPROF_ADDR", "")
	c, err := LoadConfig()
	require.NoError(t, err)
	require.Empty(t, c.PprofAddr, "off by default")
}
