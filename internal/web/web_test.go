package web

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/validate"
)

var errSentinel = errors.New("domain: thing missing")

func newTestServer() *Server {
	s := NewServer(Options{})
	s.MapErrors(ErrorMap{errSentinel: NewError(http.StatusNotFound, "thing_not_found", "No such thing.")})
	type body struct {
		Name  string `json:"name"`
		Count int    `json:"count"`
	}
	s.API.POST("/echo", func(c echo.Context) error {
		var b body
		if err := Bind(c, &b); err != nil {
			return err
		}
		return c.JSON(http.StatusOK, b)
	})
	s.Echo.GET("/fail/sentinel", func(echo.Context) error { return errSentinel })
	s.Echo.GET("/fail/fields", func(echo.Context) error { return validate.Errors{"name": "is required"} })
	s.Echo.GET("/fail/internal", func(echo.Context) error { return errors.New("pq: secret table xyz is broken") })
	s.Echo.GET("/fail/panic", func(echo.Context) error { panic("kaboom") })
	return s
}

func TestErrorHandlerMapsAndHidesInternals(t *testing.T) {
	t.Parallel()
	s := newTestServer()
	cases := []struct {
		path, code string
		status     int
	}{
		{"/fail/sentinel", "thing_not_found", 404},
		{"/fail/fields", "validation_failed", 422},
		{"/fail/internal", "internal_error", 500},
		{"/fail/panic", "internal_error", 500},
	}
	for _, tc := range cases {
		rec := httptest.NewRecorder()
		s.Echo.ServeHTTP(rec, httptest.NewRequest("GET", tc.path, nil))
		require.Equal(t, tc.status, rec.Code, tc.path)
		require.Contains(t, rec.Body.String(), `"code":"`+tc.code+`"`, tc.path)
		require.NotContains(t, rec.Body.String(), "secret table", tc.path)
		require.NotContains(t, rec.Body.String(), "kaboom", tc.path)
	}
}

func TestBindIsStrict(t *testing.T) {
	t.Parallel()
	s := newTestServer()
	get := httptest.NewRecorder()
	s.Echo.ServeHTTP(get, httptest.NewRequest("GET", "/api/openapi.json", nil))
	var token string
	for _, ck := range get.Result().Cookies() {
		if ck.Name == csrfCookie {
			token = ck.Value
		}
	}
	require.NotEmpty(t, token)
	cases := []struct {
		body, want string
		status     int
	}{
		{`{"name":"a","count":2}`, `"count":2`, 200},
		{`{"name":"a","count":"2"}`, `"fields":{"count":"must be a number"}`, 400},
		{`{"name":"a","extra":1}`, `"fields":{"extra":`, 400},
		{`{"name":`, `"malformed_json"`, 400},
		{`{"name":"a"} trailing`, `"malformed_json"`, 400},
		{`"just a string"`, `"malformed_json"`, 400},
		// encoding/json matches names ignoring case; the API's names are exact.
		{`{"nAme":"a"}`, `"fields":{"nAme":`, 400},
		{`{"name":"a","Count":2}`, `"fields":{"Count":`, 400},
	}
	for _, tc := range cases {
		req := httptest.NewRequest("POST", "/api/echo", strings.NewReader(tc.body))
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
		req.Header.Set(csrfHeader, token)
		req.AddCookie(&http.Cookie{Name: csrfCookie, Value: token})
		rec := httptest.NewRecorder()
		s.Echo.ServeHTTP(rec, req)
		require.Equal(t, tc.status, rec.Code, tc.body)
		require.Contains(t, rec.Body.String(), tc.want, tc.body)
	}
}

func TestFrontendFallsBackToIndex(t *testing.T) {
	t.Parallel()
	s := NewServer(Options{})
	s.ServeFrontend(fstest.MapFS{
		"index.html":      {Data: []byte("<html>app</html>")},
		"assets/app-1.js": {Data: []byte("console.log(1)")},
	})
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		s.Echo.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec
	}
	require.Equal(t, "<html>app</html>", get("/").Body.String())
	require.Equal(t, "<html>app</html>", get("/app/clients/42").Body.String(), "a bookmarked page loads the app")
	js := get("/assets/app-1.js")
	require.Equal(t, "console.log(1)", js.Body.String())
	require.Contains(t, js.Header().Get("Cache-Control"), "immutable")
	require.Equal(t, http.StatusNotFound, get("/api/unknown").Code, "API paths never fall back to the app")
}

func TestFrontendNoticeBeforeBuild(t *testing.T) {
	t.Parallel()
	s := NewServer(Options{})
	s.ServeFrontend(fstest.MapFS{".gitkeep": {}})
	rec := httptest.NewRecorder()
	s.Echo.ServeHTTP(rec, httptest.NewRequest("GET", "/login", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	require.Contains(t, rec.Body.String(), "make build")
}

// On shutdown the server stops accepting new connections but finishes the request in flight.
func TestServeFinishesInFlightRequestsOnShutdown(t *testing.T) {
	t.Parallel()
	s := NewServer(Options{})
	started := make(chan struct{})
	s.Echo.GET("/slow", func(c echo.Context) error {
		close(started)
		time.Sleep(300 * time.Millisecond)
		return c.String(http.StatusOK, "finished")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.ServeListener(ctx, ln, 0, 5*time.Second) }()

	url := "http://" + ln.Addr().String()
	got := make(chan string, 1)
	go func() {
		res, err := http.Get(url + "/slow")
		if err != nil {
			got <- err.Error()
			return
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		got <- string(b)
	}()
	<-started
	cancel() // what SIGTERM does in app.Main
	require.Equal(t, "finished", <-got)
	require.NoError(t, <-done)
	_, err = net.DialTimeout("tcp", ln.Addr().String(), time.Second)
	require.Error(t, err, "no new connections after shutdown")
}

// On shutdown with a drain delay the server first goes on answering, each answer closing its
// connection, while Draining tells /readyz to turn the load balancer away; only then does it
// stop accepting.
func TestServeDrainsBeforeItStopsAccepting(t *testing.T) {
	t.Parallel()
	s := NewServer(Options{})
	s.Echo.GET("/ping", func(c echo.Context) error { return c.String(http.StatusOK, "pong") })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.ServeListener(ctx, ln, 2*time.Second, 5*time.Second) }()
	url := "http://" + ln.Addr().String() + "/ping"
	res, err := http.Get(url)
	require.NoError(t, err)
	res.Body.Close()
	require.False(t, s.Draining())
	require.False(t, res.Close, "kept alive before the drain")

	cancel() // what SIGTERM does in app.Main
	require.Eventually(t, s.Draining, 5*time.Second, 10*time.Millisecond)
	res, err = http.Get(url)
	require.NoError(t, err, "still serving while draining")
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.True(t, res.Close, "each answer while draining closes its connection")
	require.NoError(t, <-done)
	_, err = net.DialTimeout("tcp", ln.Addr().String(), time.Second)
	require.Error(t, err, "no new connections after the drain")
}

func TestAccessLogIsStructuredAndNamesTheRouteNotThePath(t *testing.T) {
	t.Parallel()
	var buf strings.Builder
	s := NewServer(Options{Log: slog.New(slog.NewJSONHandler(&buf, nil))})
	s.Echo.GET("/things/:token", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) })
	rec := httptest.NewRecorder()
	s.Echo.ServeHTTP(rec, httptest.NewRequest("GET", "/things/secret-token-value", nil))
	var line map[string]any
	require.NoError(t, json.Unmarshal([]byte(strings.TrimSpace(buf.String())), &line), buf.String())
	require.Equal(t, "request", line["msg"])
	require.Equal(t, "/things/:token", line["route"])
	require.EqualValues(t, 204, line["status"])
	require.Equal(t, rec.Header().Get(echo.HeaderXRequestID), line["request_id"])
	require.NotContains(t, buf.String(), "secret-token-value")
}
