package app

import (
	"bytes"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

// `steady healthcheck` is what compose runs inside the image: 0 on a 200 from /readyz, 1 on
// anything else, including nothing listening.
func TestHealthcheckExitsByReadiness(t *testing.T) {
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	_, port, err := net.SplitHostPort(srv.Listener.Addr().String())
	require.NoError(t, err)

	// Only STEADY_ADDR is read: no DATABASE_URL is needed.
	t.Setenv("DATABASE_URL", "")
	t.Setenv("STEADY_ADDR", ":"+port)
	var out, errs bytes.Buffer
	require.Equal(t, 0, Main([]string{"healthcheck"}, &out, &errs), errs.String())
	require.Equal(t, "ready\n", out.String())

	status = http.StatusServiceUnavailable
	errs.Reset()
	require.Equal(t, 1, Main([]string{"healthcheck"}, &out, &errs))
	require.Contains(t, errs.String(), "503")

	srv.Close()
	errs.Reset()
	require.Equal(t, 1, Main([]string{"healthcheck"}, &out, &errs))
	require.Contains(t, errs.String(), "not ready")
}

func TestReadyzURLAsksLoopbackForEveryInterface(t *testing.T) {
	for addr, want := range map[string]string{
		":8080":           "http://127.0.0.1:8080/readyz",
		"0.0.0.0:8080":    "http://127.0.0.1:8080/readyz",
		"[::]:8080":       "http://127.0.0.1:8080/readyz",
		"127.0.0.1:18080": "http://127.0.0.1:18080/readyz",
		"10.1.2.3:80":     "http://10.1.2.3:80/readyz",
		"[::1]:8080":      "http://[::1]:8080/readyz",
		"localhost:9000":  "http://localhost:9000/readyz",
	} {
		got, err := readyzURL(addr)
		require.NoError(t, err, addr)
		require.Equal(t, want, got, addr)
	}
	for _, bad := range []string{"8080", "", "host:"} {
		_, err := readyzURL(bad)
		require.Error(t, err, bad)
	}
}
