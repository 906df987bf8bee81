package app_test

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/app/apptest"
)

// On SIGTERM serve first answers /readyz with 503 for the drain delay while it still serves
// every other request, so a load balancer takes it out before it stops listening
// (deploy/replicas.md shows it under load behind HAProxy).
func TestServeDrainsWithReadinessDownBeforeStopping(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close()) // serve listens on it itself
	cfg := a.Config
	cfg.Addr, cfg.DrainDelay, cfg.ShutdownGrace = addr, 2*time.Second, 5*time.Second
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.Serve(ctx, cfg, slog.New(slog.DiscardHandler), true) }()

	status := func(path string) int {
		res, err := http.Get("http://" + addr + path)
		if err != nil {
			return 0
		}
		res.Body.Close()
		return res.StatusCode
	}
	require.Eventually(t, func() bool { return status("/readyz") == http.StatusOK }, 20*time.Second, 20*time.Millisecond)
	cancel() // what SIGTERM does in app.Main
	require.Eventually(t, func() bool { return status("/readyz") == http.StatusServiceUnavailable }, 5*time.Second, 10*time.Millisecond)
	require.Equal(t, http.StatusOK, status("/healthz"), "still serving while draining")
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop after the drain")
	}
	require.Zero(t, status("/healthz"), "no longer listening")
}
