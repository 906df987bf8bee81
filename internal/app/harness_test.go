package app

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/db/dbtest"
	"github.com/steadyhq/steady/internal/web/webtest"
)

// testApp is Steady built against a fresh database, served by httptest.
type testApp struct {
	*App
	env *dbtest.Env
	srv *httptest.Server
}

func newTestApp(t testing.TB, mod ...func(*Config)) *testApp {
	t.Helper()
	clearOfMidnight(t)
	env := dbtest.New(t)
	cfg := Config{Env: "development", Addr: "127.0.0.1:0", PublicURL: "http://localhost:8080",
		DatabaseURL: env.AppURL, MigrationDatabaseURL: env.OwnerURL, SMTPTLS: "none", SMTPFrom: "steady@example.com",
		now: testNow}
	for _, m := range mod {
		m(&cfg)
	}
	if cfg.now == nil {
		cfg.now = testNow
	}
	a, err := Build(context.Background(), cfg, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	t.Cleanup(a.DB.Close)
	// Every answer is checked against the OpenAPI document, so each HTTP test is a contract test.
	report := t.Errorf
	if _, fuzz := t.(*testing.F); fuzz {
		report = nil // f may not report from inside its fuzz target; browser.do reports on the iteration's t
	}
	srv := httptest.NewServer(contract(t).Handler(a.Server.Echo, report))
	t.Cleanup(srv.Close)
	return &testApp{App: a, env: env, srv: srv}
}

var contractOnce = sync.OnceValues(webtest.NewContract)

func contract(t testing.TB) *webtest.Contract {
	c, err := contractOnce()
	require.NoError(t, err)
	return c
}

// browser is an HTTP client with a cookie jar that sends the CSRF token like the web app does.
type browser struct {
	t    testing.TB
	base string
	c    *http.Client
	csrf string
}

func (a *testApp) browser(t testing.TB) *browser {
	jar, _ := cookiejar.New(nil)
	b := &browser{t: t, base: a.srv.URL, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
	b.refreshCSRF()
	return b
}

func (b *browser) refreshCSRF() {
	var out struct {
		Token string `json:"csrf_token"`
	}
	res := b.do("GET", "/api/auth/csrf", "", nil)
	require.Equal(b.t, http.StatusOK, res.StatusCode)
	decode(b.t, res, &out)
	require.NotEmpty(b.t, out.Token)
	b.csrf = out.Token
}

// do sends body (raw JSON, may be empty) with the CSRF header unless headers override it.
func (b *browser) do(method, path, body string, headers map[string]string) *http.Response {
	b.t.Helper()
	req, err := http.NewRequest(method, b.base+path, strings.NewReader(body))
	require.NoError(b.t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if method != "GET" && b.csrf != "" {
		req.Header.Set("X-CSRF-Token", b.csrf)
	}
	for k, v := range headers {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	res, err := b.c.Do(req)
	require.NoError(b.t, err)
	if v := res.Header.Get(webtest.ViolationHeader); v != "" {
		b.t.Errorf("%s", v)
	}
	for _, ck := range res.Cookies() {
		if ck.Name == "steady_csrf" { // the web app fetches the new token after log-in and log-out
			b.csrf = ck.Value
		}
	}
	b.t.Cleanup(func() { res.Body.Close() })
	return res
}

func (b *browser) postJSON(path string, v any) *http.Response {
	raw, err := json.Marshal(v)
	require.NoError(b.t, err)
	return b.do("POST", path, string(raw), nil)
}

func decode(t testing.TB, res *http.Response, v any) {
	t.Helper()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, v), "body: %s", raw)
}

type apiError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func readError(t testing.TB, res *http.Response) apiError {
	t.Helper()
	var e apiError
	decode(t, res, &e)
	require.NotEmpty(t, e.Error.Code)
	require.NotEmpty(t, e.Error.Message)
	return e
}

func signupBody(email string) map[string]string {
	return map[string]string{"practice_name": "Harbour Practice", "name": "Ada Owner",
		"email": email, "password": "long enough password"}
}

// countAll counts every row of table across all tenants. Row-level security is forced even on
// the owner, so it is lifted inside a transaction that is then rolled back.
func (a *testApp) countAll(t *testing.T, table string) int {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, a.env.OwnerURL)
	require.NoError(t, err)
	defer conn.Close(ctx)
	tx, err := conn.Begin(ctx)
	require.NoError(t, err)
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, `ALTER TABLE `+pgx.Identifier{table}.Sanitize()+` NO FORCE ROW LEVEL SECURITY`)
	require.NoError(t, err)
	var n int
	require.NoError(t, tx.QueryRow(ctx, `SELECT count(*) FROM `+pgx.Identifier{table}.Sanitize()).Scan(&n))
	return n
}
