package app

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pquerna/otp/totp"
	"github.com/stretchr/testify/require"
)

// personalRoutes act on the signed-in person's own account (their sessions, password and
// two-factor sign-in) or finish a log-in; no role in a practice bears on them, so the
// permission matrix test treats them like its public routes. The tests in this file's
// siblings cover who may reach each one.
var personalRoutes = []string{
	"POST /api/auth/login/two-factor",
	"POST /api/auth/two-factor/setup", "POST /api/auth/two-factor/enable", "POST /api/auth/two-factor/disable",
	"GET /api/auth/sessions", "DELETE /api/auth/sessions/:id", "POST /api/auth/password",
	"POST /api/auth/password-reset", "POST /api/auth/password-reset/confirm",
	"GET /api/auth/practices", "POST /api/auth/switch",
}

func init() {
	for _, r := range personalRoutes {
		publicRoutes[r] = true
	}
}

// testClock is a settable clock for the auth rules: TOTP steps, expiries and rate windows.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newClockedApp is newTestApp with the auth rules on a clock the test moves. It starts one
// second into a 30-second TOTP step, near the real time (the database stamps some rows itself).
func newClockedApp(t *testing.T, mod ...func(*Config)) (*testApp, *testClock) {
	clk := &testClock{now: time.Now().UTC().Truncate(30 * time.Second).Add(time.Second)}
	a := newTestApp(t, append([]func(*Config){func(c *Config) { c.now = clk.Now }}, mod...)...)
	return a, clk
}

func totpCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	code, err := totp.GenerateCode(secret, at)
	require.NoError(t, err)
	return code
}

type setupOut struct {
	Secret     string `json:"secret"`
	OTPAuthURL string `json:"otpauth_url"`
	QR         string `json:"qr_png_data_url"`
}

// enrol turns two-factor sign-in on for b's person and returns the secret and recovery codes.
func enrol(t *testing.T, b *browser, clk *testClock) (string, []string) {
	t.Helper()
	res := b.do("POST", "/api/auth/two-factor/setup", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	var setup setupOut
	decode(t, res, &setup)
	res = b.postJSON("/api/auth/two-factor/enable", map[string]string{"code": totpCode(t, setup.Secret, clk.Now())})
	require.Equal(t, http.StatusOK, res.StatusCode)
	var out struct {
		RecoveryCodes []string `json:"recovery_codes"`
	}
	decode(t, res, &out)
	require.Len(t, out.RecoveryCodes, 10)
	return setup.Secret, out.RecoveryCodes
}

type meOut struct {
	User struct {
		ID    string `json:"id"`
		Email string `json:"email"`
	} `json:"user"`
	Practice struct {
		ID string `json:"id"`
	} `json:"practice"`
	TwoFactorEnabled  bool `json:"two_factor_enabled"`
	TwoFactorRequired bool `json:"two_factor_required"`
}

func (b *browser) me() (int, meOut) {
	b.t.Helper()
	res := b.do("GET", "/api/auth/me", "", nil)
	var me meOut
	if res.StatusCode == http.StatusOK {
		decode(b.t, res, &me)
	}
	return res.StatusCode, me
}

// signedUp signs a new practice owner up in a fresh browser.
func (a *testApp) signedUp(t *testing.T, email string) (*browser, meOut) {
	t.Helper()
	b := a.browser(t)
	res := b.postJSON("/api/auth/signup", signupBody(email))
	require.Equal(t, http.StatusCreated, res.StatusCode)
	var me meOut
	decode(t, res, &me)
	b.refreshCSRF()
	return b, me
}

func loginBody(email string) map[string]string {
	return map[string]string{"email": email, "password": "long enough password"}
}

func cookieNamed(res *http.Response, suffix string) *http.Cookie {
	for _, c := range res.Cookies() {
		if strings.HasSuffix(c.Name, suffix) {
			return c
		}
	}
	return nil
}

// asOwner runs fn as the schema owner with row-level security lifted from tables, inside a
// transaction that is rolled back: a look at what is really stored, for every person.
func (a *testApp) asOwner(t *testing.T, tables []string, fn func(tx pgx.Tx)) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, a.env.OwnerURL)
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

// countRows counts a global table's rows straight from the pool (no row-level security).
func (a *testApp) countRows(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, a.DB.Pool.QueryRow(context.Background(), query, args...).Scan(&n))
	return n
}
