// Package apptest is test support, not production code: it builds Steady against a fresh
// database, serves it with httptest and checks every answer against the OpenAPI document, so
// each HTTP test anywhere is also a contract test. The domain packages' external tests and
// internal/app's own share it; nothing outside tests imports it.
package apptest

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/db/dbtest"
	"github.com/steadyhq/steady/internal/web/webtest"
)

// App is Steady built against a fresh database, served by httptest.
type App struct {
	*app.App
	Env  *dbtest.Env      // the test's database, with the owner's URL for looks past row-level security
	HTTP *httptest.Server // the served app, its handler wrapped by the contract check
}

// New builds the app on its own database; mods adjust the configuration first.
func New(t testing.TB, mods ...func(*app.Config)) *App {
	t.Helper()
	clearOfMidnight(t)
	env := dbtest.New(t)
	cfg := app.Config{Env: "development", Addr: "127.0.0.1:0", PublicURL: "http://localhost:8080",
		DatabaseURL: env.AppURL, MigrationDatabaseURL: env.OwnerURL, SMTPTLS: "none", SMTPFrom: "steady@example.com",
		DBPooler: env.Pooler}
	cfg.SetClock(Now)
	for _, m := range mods {
		m(&cfg)
	}
	a, err := app.Build(context.Background(), cfg, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	t.Cleanup(a.DB.Close)
	// Every answer is checked against the OpenAPI document, so each HTTP test is a contract test.
	report := t.Errorf
	if _, fuzz := t.(*testing.F); fuzz {
		report = nil // f may not report from inside its fuzz target; Browser.Do reports on the iteration's t
	}
	srv := httptest.NewServer(contract(t).Handler(a.Server.Echo, report))
	t.Cleanup(srv.Close)
	return &App{App: a, Env: env, HTTP: srv}
}

var contractOnce = sync.OnceValues(webtest.NewContract)

func contract(t testing.TB) *webtest.Contract {
	c, err := contractOnce()
	require.NoError(t, err)
	return c
}

// Now is the clock a test app runs on unless its test injects another (a fixed instant for
// fixtures counted by hand, a stepping clock for expiries). Tests read dates from the same
// clock as the server: Today() for the default one, a.Today() for any app.
func Now() time.Time { return time.Now().Add(shift) }

// shift moves the default clock so the suite can be run at any hour of the UTC day on demand:
// STEADY_TEST_HOUR=19:30 runs it as if it started at 19:30 today (make test-hours). Unset, the
// clock is the machine's, so every ordinary run lands on a different hour too.
var shift = func() time.Duration {
	at := os.Getenv("STEADY_TEST_HOUR")
	if at == "" {
		return 0
	}
	hm, err := time.Parse("15:04", at)
	if err != nil {
		panic("STEADY_TEST_HOUR wants HH:MM, got " + at)
	}
	now := time.Now().UTC()
	target := now.Truncate(24 * time.Hour).Add(time.Duration(hm.Hour())*time.Hour + time.Duration(hm.Minute())*time.Minute)
	return target.Sub(now)
}()

// clearOfMidnight waits, when a test starts in the last minutes of a UTC day, until the new
// day begins, so a test that reads Today() agrees with the server on the date however long it
// runs. It waits on the clock itself, at most a few minutes, once a day.
func clearOfMidnight(t testing.TB) {
	for {
		now := Now().UTC()
		left := now.Truncate(24 * time.Hour).Add(24 * time.Hour).Sub(now)
		if left > 5*time.Minute {
			return
		}
		t.Logf("waiting %s for the UTC day to turn", left.Round(time.Second))
		time.Sleep(left + time.Second)
	}
}

// Today is the date, in UTC, on the default test clock.
func Today() cadence.Date { return cadence.DateOf(Now(), time.UTC) }

// Today is the date, in UTC, on the app's own clock.
func (a *App) Today() cadence.Date { return cadence.DateOf(a.Now(), time.UTC) }

// Now is the time on the app's own clock.
func (a *App) Now() time.Time { return a.Config.Clock()() }

// Decode reads res's JSON body into v.
func Decode(t testing.TB, res *http.Response, v any) {
	t.Helper()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, v), "body: %s", raw)
}

// APIError is the body of every error answer.
type APIError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

// ReadError decodes an error answer and checks it has a code and a message.
func ReadError(t testing.TB, res *http.Response) APIError {
	t.Helper()
	var e APIError
	Decode(t, res, &e)
	require.NotEmpty(t, e.Error.Code)
	require.NotEmpty(t, e.Error.Message)
	return e
}

// ReadBody is res's body as text, for failure messages.
func ReadBody(t testing.TB, res *http.Response) string {
	raw, _ := io.ReadAll(res.Body)
	return string(raw)
}

// SignupBody is a valid sign-up of a new practice by its owner.
func SignupBody(email string) map[string]string {
	return map[string]string{"practice_name": "Harbour Practice", "name": "Ada Owner",
		"email": email, "password": "long enough password"}
}

// LoginBody logs in a person made with the tests' usual password.
func LoginBody(email string) map[string]string {
	return map[string]string{"email": email, "password": "long enough password"}
}

// CountAll counts every row of table across all tenants. Row-level security is forced even on
// the owner, so it is lifted inside a transaction that is then rolled back.
func (a *App) CountAll(t *testing.T, table string) int {
	t.Helper()
	var n int
	a.AsOwner(t, []string{table}, func(tx pgx.Tx) {
		require.NoError(t, tx.QueryRow(context.Background(), `SELECT count(*) FROM `+pgx.Identifier{table}.Sanitize()).Scan(&n))
	})
	return n
}

// AsOwner runs fn as the schema owner with row-level security lifted from tables, inside a
// transaction that is rolled back: a look at what is really stored, for every person.
func (a *App) AsOwner(t *testing.T, tables []string, fn func(tx pgx.Tx)) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, a.Env.OwnerURL)
	require.NoError(t, err)
	defer conn.Close(ctx)
	tx, err := conn.Begin(ctx)
	require.NoError(t, err)
	defer tx.Rollback(ctx)
	for _, table := range tables {
		_, err = tx.Exec(ctx, `ALTER TABLE `+pgx.Identifier{table}.Sanitize()+` NO FORCE ROW LEVEL SECURITY`)
		require.NoError(t, err)
	}
	fn(tx)
}

// CountRows counts a global table's rows straight from the pool (no row-level security).
func (a *App) CountRows(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, a.DB.Pool.QueryRow(context.Background(), query, args...).Scan(&n))
	return n
}
