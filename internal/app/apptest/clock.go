package apptest

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app"
)

// Clock is a settable clock for the auth rules: TOTP steps, expiries and rate windows.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// NewClocked is New with the auth rules on a clock the test moves. It starts one second into
// a 30-second TOTP step, near the real time (the database stamps some rows itself).
func NewClocked(t *testing.T, mods ...func(*app.Config)) (*App, *Clock) {
	clk := &Clock{now: time.Now().UTC().Truncate(30 * time.Second).Add(time.Second)}
	a := New(t, append([]func(*app.Config){func(c *app.Config) { c.SetClock(clk.Now) }}, mods...)...)
	return a, clk
}

// TOTPCode is the authenticator app's code for secret at the given time.
func TOTPCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	code, err := totp.GenerateCode(secret, at)
	require.NoError(t, err)
	return code
}

// SetupOut is the answer of POST /api/auth/two-factor/setup.
type SetupOut struct {
	Secret     string `json:"secret"`
	OTPAuthURL string `json:"otpauth_url"`
	QR         string `json:"qr_png_data_url"`
}

// Enrol turns two-factor sign-in on for b's person and returns the secret and recovery codes.
func Enrol(t *testing.T, b *Browser, clk *Clock) (string, []string) {
	t.Helper()
	res := b.Do("POST", "/api/auth/two-factor/setup", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	var setup SetupOut
	Decode(t, res, &setup)
	res = b.PostJSON("/api/auth/two-factor/enable", map[string]string{"code": TOTPCode(t, setup.Secret, clk.Now())})
	require.Equal(t, http.StatusOK, res.StatusCode)
	var out struct {
		RecoveryCodes []string `json:"recovery_codes"`
	}
	Decode(t, res, &out)
	require.Len(t, out.RecoveryCodes, 10)
	return setup.Secret, out.RecoveryCodes
}
