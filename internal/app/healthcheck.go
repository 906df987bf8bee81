package app

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// healthcheck asks this machine's own `steady serve` whether it is ready: GET /readyz on the
// port of STEADY_ADDR. It exists for container health checks: the image has no shell and no
// curl, so compose (or anything else that runs a command inside the container) calls
// `steady healthcheck`, which exits 0 on 200 and 1 otherwise. It reads no other setting, so it
// needs neither the database URL nor any secret.
func healthcheck(ctx context.Context, stdout io.Writer) error {
	url, err := readyzURL(env("STEADY_ADDR", ":8080"))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("not ready: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("not ready: GET %s answered %s", url, res.Status)
	}
	fmt.Fprintln(stdout, "ready")
	return nil
}

// readyzURL turns a listen address into the URL of its readiness probe. A server listening on
// every interface (":8080", "0.0.0.0:8080", "[::]:8080") is asked on the loopback address; one
// bound to a single address is asked there, since it answers nowhere else.
func readyzURL(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return "", fmt.Errorf("STEADY_ADDR must be host:port or :port, not %q", addr)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/readyz", nil
}
