package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/web"
)

func TestHealthReadinessAndMetrics(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	b := a.Browser(t)
	require.Equal(t, http.StatusOK, b.Do("GET", "/healthz", "", nil).StatusCode)
	require.Equal(t, http.StatusOK, b.Do("GET", "/readyz", "", nil).StatusCode)
	res := b.Do("GET", "/metrics", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	raw, _ := io.ReadAll(res.Body)
	require.Contains(t, string(raw), `steady_http_request_duration_seconds_count{method="GET",route="/readyz",status="200"} 1`)
	require.Contains(t, string(raw), "go_goroutines")
}

// A database missing the binary's latest migration is not ready, and serve refuses to start on it.
func TestBehindSchemaIsNotReadyAndServeRefuses(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	ctx := context.Background()
	owner, err := pgx.Connect(ctx, a.Env.OwnerURL)
	require.NoError(t, err)
	defer owner.Close(ctx)
	var version int
	var name string
	require.NoError(t, owner.QueryRow(ctx, `DELETE FROM schema_migrations
		WHERE version = (SELECT max(version) FROM schema_migrations) RETURNING version, name`).Scan(&version, &name))

	res := a.Browser(t).Do("GET", "/readyz", "", nil)
	require.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
	require.Equal(t, "not_ready", apptest.ReadError(t, res).Error.Code)

	err = app.Serve(ctx, a.Config, slog.New(slog.DiscardHandler), true)
	require.ErrorIs(t, err, db.ErrSchemaBehind)

	_, err = owner.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, version, name)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, a.Browser(t).Do("GET", "/readyz", "", nil).StatusCode)
}

func TestSecurityHeadersOnEveryAnswer(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	b := a.Browser(t)
	for _, path := range []string{"/", "/app/anything", "/api/auth/me", "/api/nope", "/healthz"} {
		res := b.Do("GET", path, "", nil)
		csp := res.Header.Get("Content-Security-Policy")
		require.Contains(t, csp, "frame-ancestors 'none'", path)
		require.Contains(t, csp, "default-src 'self'", path)
		require.Equal(t, "no-referrer", res.Header.Get("Referrer-Policy"), path)
		require.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"), path)
		require.NotEmpty(t, res.Header.Get("X-Request-Id"), path)
	}
}

func TestUnknownAPIPathsAnswerJSON404(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	res := a.Browser(t).Do("GET", "/api/does-not-exist", "", nil)
	require.Equal(t, http.StatusNotFound, res.StatusCode)
	require.Equal(t, "not_found", apptest.ReadError(t, res).Error.Code)
}

// The router and the OpenAPI document must describe the same routes.
func TestRouterMatchesOpenAPIDocument(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	doc, err := web.LoadOpenAPI()
	require.NoError(t, err)
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}
	routed := map[string]bool{}
	for _, r := range a.Server.Echo.Routes() {
		if r.Path == "/*" || r.Method == echo.RouteNotFound {
			continue // the web app's fallback and Echo's not-found handlers are not API routes
		}
		routed[r.Method+" "+echoToOpenAPI(r.Path)] = true
	}
	require.Equal(t, sorted(documented), sorted(routed))
}

func echoToOpenAPI(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, ":") {
			parts[i] = "{" + s[1:] + "}"
		}
	}
	return strings.Join(parts, "/")
}

func sorted(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestOpenAPIDocumentIsServed(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	res := a.Browser(t).Do("GET", "/api/openapi.json", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	apptest.Decode(t, res, &doc)
	require.Equal(t, "3.1.0", doc.OpenAPI)
	require.Contains(t, doc.Paths, "/api/auth/login")
}
