package app

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// servePprof serves Go's profiles (CPU, heap, goroutines, execution trace) on addr until ctx
// ends, on a listener of its own: never on the public port, and LoadConfig allows only a
// loopback address, so reaching them takes a shell on the machine (or a port-forward). Off
// unless STEADY_PPROF_ADDR is set (docs/operations.md). It returns the address it listens on.
func servePprof(ctx context.Context, addr string, log *slog.Logger) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	context.AfterFunc(ctx, func() { _ = srv.Close() })
	log.Info("profiles", "addr", ln.Addr().String(), "try", "go tool pprof http://"+ln.Addr().String()+"/debug/pprof/profile?seconds=30")
	return ln.Addr().String(), nil
}
