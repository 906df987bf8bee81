package auth_test

import (
	"context"
	"crypto/sha256"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
)

// The staff session's limits are auth.Options defaults, which are unexported; these are the
// documented numbers (auth.Options: "a session unused this long ends (30 minutes)", "a session
// ends this long after log-in (12 hours)") and the reset link's (ResetTTL, "1 hour").
const (
	staffIdleLimit       = 30 * time.Minute
	staffSessionLifetime = 12 * time.Hour
	resetLinkLifetime    = time.Hour
)

// expirySignIn makes a practice owner and signs them in from a fresh browser on the clocked
// app, returning the browser and the session cookie the log-in set, checking that the cookie
// lives as long as the session may.
func expirySignIn(t *testing.T, a *apptest.App, email string) (*apptest.Browser, *http.Cookie) {
	t.Helper()
	a.SignedUp(t, email)
	b := a.Browser(t)
	res := b.PostJSON("/api/auth/login", apptest.LoginBody(email))
	require.Equal(t, http.StatusOK, res.StatusCode)
	ck := sessionCookie(res)
	require.NotNil(t, ck)
	require.Equal(t, int(staffSessionLifetime.Seconds()), ck.MaxAge, "the cookie lasts the session's absolute lifetime")
	b.RefreshCSRF()
	return b, ck
}

// replayCookie presents a session cookie saved earlier from a browser of its own.
func replayCookie(t *testing.T, a *apptest.App, ck *http.Cookie) int {
	t.Helper()
	b := a.Browser(t)
	u, err := url.Parse(a.HTTP.URL)
	require.NoError(t, err)
	b.Client.Jar.SetCookies(u, []*http.Cookie{{Name: ck.Name, Value: ck.Value, Path: "/"}})
	status, _ := b.Me()
	return status
}

// requireUnauthenticated asks who b is and requires the plain 401 of a signed-out browser.
func requireUnauthenticated(t *testing.T, b *apptest.Browser, msg string) {
	t.Helper()
	res := b.Do("GET", "/api/auth/me", "", nil)
	require.Equal(t, http.StatusUnauthorized, res.StatusCode, msg)
	require.Equal(t, "unauthenticated", apptest.ReadError(t, res).Error.Code, msg)
}

// liveSessionRows counts the sessions of the cookie's token that are live at now by the rule
// Authenticate applies (unexpired, used within the idle limit).
func liveSessionRows(t *testing.T, a *apptest.App, ck *http.Cookie, now time.Time) (live, stored int) {
	t.Helper()
	sum := sha256.Sum256([]byte(ck.Value))
	stored = a.CountRows(t, `SELECT count(*) FROM sessions WHERE token_hash = $1`, sum[:])
	live = a.CountRows(t, `SELECT count(*) FROM sessions WHERE token_hash = $1 AND expires_at > $2 AND last_seen_at > $3`,
		sum[:], now, now.Add(-staffIdleLimit))
	return live, stored
}

// A staff session ends 30 minutes after its last use: 29 minutes idle is fine and each use
// slides the window, 30 minutes and a second after the last use it answers 401, the sessions
// list no longer shows it, and the cookie saved earlier no longer signs anyone in.
func TestStaffSessionIdleExpiry(t *testing.T) {
	t.Parallel()
	a, clk := apptest.NewClocked(t)
	b, ck := expirySignIn(t, a, "idle-expiry@example.com")
	signedIn := clk.Now()
	var id string
	for _, s := range sessions(b) {
		if s.Current {
			id = s.ID
		}
	}
	require.NotEmpty(t, id)

	clk.Advance(staffIdleLimit - time.Minute) // 29 minutes idle
	status, _ := b.Me()
	require.Equal(t, http.StatusOK, status, "29 minutes idle: still signed in")

	clk.Advance(staffIdleLimit - time.Minute) // 58 minutes after sign-in, 29 after the last use
	status, _ = b.Me()
	require.Equal(t, http.StatusOK, status, "the use at 29 minutes slid the idle window")
	require.Greater(t, clk.Now().Sub(signedIn), staffIdleLimit, "past the first window: only sliding explains the 200")

	clk.Advance(staffIdleLimit - time.Second) // the last second of the window
	status, _ = b.Me()
	require.Equal(t, http.StatusOK, status, "29m59s idle: still signed in")

	clk.Advance(staffIdleLimit + time.Second)
	requireUnauthenticated(t, b, "30m01s after the last use the session has ended")
	require.Equal(t, http.StatusUnauthorized, replayCookie(t, a, ck), "the cookie set at log-in no longer works")
	require.Equal(t, http.StatusUnauthorized, b.Do("GET", "/api/auth/sessions", "", nil).StatusCode)

	// Ended: the row is no longer live by the rule every request applies; the same owner's new
	// session does not list it; and the sweep on this clock deletes it.
	live, stored := liveSessionRows(t, a, ck, clk.Now())
	require.Zero(t, live)
	require.Equal(t, 1, stored, "the ended row waits for the sweep")
	fresh := a.Browser(t)
	require.Equal(t, http.StatusOK, fresh.PostJSON("/api/auth/login", apptest.LoginBody("idle-expiry@example.com")).StatusCode)
	fresh.RefreshCSRF()
	listed := sessions(fresh)
	require.Len(t, listed, 1, "only the new session is live (the sign-up's idled out too)")
	require.NotEqual(t, id, listed[0].ID)
	require.True(t, listed[0].Current)
	var swept int64
	require.NoError(t, a.DB.InGlobal(context.Background(), func(tx *db.Tx) (err error) {
		swept, err = auth.SweepSessions(context.Background(), tx, clk.Now(), staffIdleLimit)
		return err
	}))
	require.Positive(t, swept)
	_, stored = liveSessionRows(t, a, ck, clk.Now())
	require.Zero(t, stored, "the idle session's row is gone")
	status, _ = fresh.Me()
	require.Equal(t, http.StatusOK, status, "the new session is untouched")
}

// A staff session ends 12 hours after sign-in however busy it is: used every 20 minutes it
// works until the last second of the 12th hour, and a second after it answers 401, though it
// was last used seconds before.
func TestStaffSessionAbsoluteExpiry(t *testing.T) {
	t.Parallel()
	a, clk := apptest.NewClocked(t)
	b, ck := expirySignIn(t, a, "absolute-expiry@example.com")
	signedIn := clk.Now()

	const step = 20 * time.Minute
	for clk.Now().Add(step).Before(signedIn.Add(staffSessionLifetime)) { // 11h40m of use, every 20 minutes
		clk.Advance(step)
		status, _ := b.Me()
		require.Equal(t, http.StatusOK, status, "active at %s", clk.Now().Sub(signedIn))
	}
	require.Equal(t, signedIn.Add(staffSessionLifetime-step), clk.Now())

	clk.Advance(step - time.Second) // 11h59m59s after sign-in
	status, _ := b.Me()
	require.Equal(t, http.StatusOK, status, "the last second of the 12 hours")
	lastUse := clk.Now()

	clk.Advance(2 * time.Second) // 12h00m01s after sign-in, 2 seconds after the last use
	require.Less(t, clk.Now().Sub(lastUse), staffIdleLimit, "never idle")
	requireUnauthenticated(t, b, "12 hours after sign-in the session has ended")
	require.Equal(t, http.StatusUnauthorized, replayCookie(t, a, ck), "the cookie set at log-in no longer works")
	live, _ := liveSessionRows(t, a, ck, clk.Now())
	require.Zero(t, live)

	// Signing in again is the way back, with a new 12 hours.
	again := a.Browser(t)
	res := again.PostJSON("/api/auth/login", apptest.LoginBody("absolute-expiry@example.com"))
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.NotEqual(t, ck.Value, sessionCookie(res).Value)
	status, _ = again.Me()
	require.Equal(t, http.StatusOK, status)
}

// A reset link used in the last second of its hour sets the password; one used a second after
// its hour is refused with reset_token_expired, and that person's password stays as it was.
// (TestPasswordResetLinkExpiresAfterAnHour covers the instant the hour ends.)
func TestPasswordResetExpiryBoundary(t *testing.T) {
	t.Parallel()
	a, clk := apptest.NewClocked(t)
	apptest.StartWorkers(t, a)
	a.SignedUp(t, "reset-early@example.com")
	a.SignedUp(t, "reset-late@example.com")
	anon := a.Browser(t)
	issued := clk.Now() // the clock stands still while the emails go out: both links are made now
	for _, email := range []string{"reset-early@example.com", "reset-late@example.com"} {
		require.Equal(t, http.StatusAccepted, anon.PostJSON("/api/auth/password-reset", map[string]string{"email": email}).StatusCode)
	}
	early := resetTokenFromMailbox(t, a, "reset-early@example.com")
	late := resetTokenFromMailbox(t, a, "reset-late@example.com")
	require.Equal(t, 2, a.CountRows(t, `SELECT count(*) FROM password_resets WHERE created_at = $1 AND expires_at = $2`,
		issued, issued.Add(resetLinkLifetime)), "each link is stamped on the injected clock and lasts the documented hour")

	const newPassword = "correct-horse-battery-staple-9931"
	clk.Advance(resetLinkLifetime - time.Second)
	res := confirmReset(anon, early, newPassword)
	require.Equal(t, http.StatusNoContent, res.StatusCode, apptest.ReadBody(t, res))
	require.Equal(t, http.StatusOK, a.Browser(t).PostJSON("/api/auth/login",
		map[string]string{"email": "reset-early@example.com", "password": newPassword}).StatusCode, "the new password works")

	clk.Advance(2 * time.Second) // a second past the hour
	res = confirmReset(anon, late, newPassword)
	require.Equal(t, http.StatusBadRequest, res.StatusCode)
	e := apptest.ReadError(t, res)
	require.Equal(t, "reset_token_expired", e.Error.Code)
	require.NotEmpty(t, e.Error.Fields["token"])
	require.Equal(t, 1, a.CountRows(t, `SELECT count(*) FROM password_resets WHERE token_hash = $1 AND used_at IS NULL`,
		expiryTokenHash(late)), "an expired link is not used up")
	require.Equal(t, http.StatusOK, a.Browser(t).PostJSON("/api/auth/login", apptest.LoginBody("reset-late@example.com")).StatusCode,
		"the old password still works")
	require.Equal(t, http.StatusUnauthorized, a.Browser(t).PostJSON("/api/auth/login",
		map[string]string{"email": "reset-late@example.com", "password": newPassword}).StatusCode, "the new one does not")
}

func expiryTokenHash(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}
