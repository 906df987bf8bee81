package auth_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/stretchr/testify/require"
)

func sessionCookie(res *http.Response) *http.Cookie {
	for _, c := range res.Cookies() {
		if strings.HasSuffix(c.Name, "steady_session") {
			return c
		}
	}
	return nil
}

func TestSignupLogoutLoginFlow(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	b := a.Browser(t)

	res := a.SignUp(t, b, apptest.SignupBody("Owner@Example.com"))
	require.Equal(t, http.StatusCreated, res.StatusCode)
	var me struct {
		User     struct{ Email, Name string }
		Practice struct{ Name string }
		Role     string
	}
	apptest.Decode(t, res, &me)
	require.Equal(t, "owner@example.com", me.User.Email)
	require.Equal(t, "owner", me.Role)
	ck := sessionCookie(res)
	require.NotNil(t, ck)
	require.True(t, ck.HttpOnly)
	require.Equal(t, http.SameSiteLaxMode, ck.SameSite)
	require.False(t, ck.Secure, "plain-http localhost cannot use Secure cookies")
	require.Len(t, ck.Value, 43, "256-bit token")
	var stored int
	require.NoError(t, a.DB.Pool.QueryRow(t.Context(), `SELECT count(*) FROM sessions WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, ck.Value).Scan(&stored))
	require.Equal(t, 1, stored, "the session is stored as the SHA-256 of the token")
	require.NoError(t, a.DB.Pool.QueryRow(t.Context(), `SELECT count(*) FROM sessions WHERE token_hash = convert_to($1, 'UTF8')`, ck.Value).Scan(&stored))
	require.Zero(t, stored, "the raw token is never stored")

	b.RefreshCSRF() // the token rotates at sign-in
	require.Equal(t, http.StatusOK, b.Do("GET", "/api/auth/me", "", nil).StatusCode)
	require.Equal(t, http.StatusNoContent, b.Do("POST", "/api/auth/logout", "", nil).StatusCode)
	res = b.Do("GET", "/api/auth/me", "", nil)
	require.Equal(t, http.StatusUnauthorized, res.StatusCode)
	require.Equal(t, "unauthenticated", apptest.ReadError(t, res).Error.Code)

	b.RefreshCSRF()
	res = b.PostJSON("/api/auth/login", map[string]string{"email": "owner@example.com", "password": "long enough password"})
	require.Equal(t, http.StatusOK, res.StatusCode)
	again := sessionCookie(res)
	require.NotEqual(t, ck.Value, again.Value, "a new session at every log-in")
	require.Equal(t, http.StatusOK, b.Do("GET", "/api/auth/me", "", nil).StatusCode)
}

func TestSecureCookiesAwayFromLocalhost(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, func(c *app.Config) { c.PublicURL = "https://steady.example.com" })
	b := a.Browser(t)
	res := a.SignUp(t, b, apptest.SignupBody("secure@example.com"))
	require.Equal(t, http.StatusCreated, res.StatusCode)
	ck := sessionCookie(res)
	require.Equal(t, "__Host-steady_session", ck.Name)
	require.True(t, ck.Secure)
	require.Contains(t, res.Header.Get("Strict-Transport-Security"), "max-age=")
}

func TestWrongEmailAndWrongPasswordGetTheSameAnswer(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	b, _ := a.SignedUp(t, "same@example.com")
	wrongPw := b.PostJSON("/api/auth/login", map[string]string{"email": "same@example.com", "password": "nope nope nope"})
	wrongEmail := b.PostJSON("/api/auth/login", map[string]string{"email": "other@example.com", "password": "long enough password"})
	require.Equal(t, http.StatusUnauthorized, wrongPw.StatusCode)
	require.Equal(t, wrongPw.StatusCode, wrongEmail.StatusCode)
	require.Equal(t, apptest.ReadError(t, wrongPw), apptest.ReadError(t, wrongEmail))
}

func TestLoginRateLimitAnswers429(t *testing.T) {
	t.Parallel()
	a, _ := apptest.NewClocked(t) // a frozen clock: the 15-minute window cannot roll over mid-test
	b := a.Browser(t)
	body := map[string]string{"email": "victim@example.com", "password": "guess guess guess"}
	for i := 0; i < 10; i++ {
		require.Equal(t, http.StatusUnauthorized, b.PostJSON("/api/auth/login", body).StatusCode)
	}
	res := b.PostJSON("/api/auth/login", body)
	require.Equal(t, http.StatusTooManyRequests, res.StatusCode)
	require.NotEmpty(t, res.Header.Get("Retry-After"))
	e := apptest.ReadError(t, res)
	require.Equal(t, "rate_limited", e.Error.Code)
	require.Contains(t, e.Error.Message, "try again")
}

func TestCSRFIsRequiredOnStateChanges(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	b := a.Browser(t)
	body := `{"email":"x@example.com","password":"whatever"}`
	cases := []struct {
		name    string
		headers map[string]string
		code    string
	}{
		{"no token", map[string]string{"X-CSRF-Token": ""}, "csrf_invalid"},
		{"wrong token", map[string]string{"X-CSRF-Token": strings.Repeat("A", 43)}, "csrf_invalid"},
		{"cross-site request", map[string]string{"Sec-Fetch-Site": "cross-site"}, "csrf_cross_site"},
		{"same-site other origin", map[string]string{"Sec-Fetch-Site": "same-site"}, "csrf_cross_site"},
	}
	for _, tc := range cases {
		for _, path := range []string{"/api/auth/login", "/api/auth/signup", "/api/auth/signup/confirm", "/api/auth/logout"} {
			res := b.Do("POST", path, body, tc.headers)
			require.Equal(t, http.StatusForbidden, res.StatusCode, "%s %s", tc.name, path)
			require.Equal(t, tc.code, apptest.ReadError(t, res).Error.Code, "%s %s", tc.name, path)
		}
	}
	// The same request with the token and a same-origin browser header goes through.
	res := b.Do("POST", "/api/auth/login", body, map[string]string{"Sec-Fetch-Site": "same-origin"})
	require.Equal(t, http.StatusUnauthorized, res.StatusCode)
}

// Sign-up keeps the zone the browser sends as the practice's own. A zone the server cannot
// load is refused by name and creates nothing; an API client that sends none gets UTC.
func TestSignupKeepsTheBrowsersTimeZone(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	for _, bad := range []string{"Nowhere/Land", "Local", "", " Europe/London", "../../etc/passwd"} {
		body := apptest.SignupBody("bad@example.com")
		body["time_zone"] = bad
		res := a.Browser(t).PostJSON("/api/auth/signup", body)
		require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, "%q", bad)
		require.Contains(t, apptest.ReadError(t, res).Error.Fields, "time_zone", "%q", bad)
	}
	require.Zero(t, a.CountAll(t, "practices"), "a refused sign-up creates no practice")
	require.Zero(t, a.CountAll(t, "users"), "nor a user")

	for email, zone := range map[string]string{"chicago@example.com": "America/Chicago", "api@example.com": ""} {
		body := apptest.SignupBody(email)
		want := "UTC"
		if zone != "" {
			body["time_zone"], want = zone, zone
		}
		b := a.Browser(t)
		res := a.SignUp(t, b, body)
		require.Equal(t, http.StatusCreated, res.StatusCode, email)
		b.RefreshCSRF() // the token rotates at sign-in
		var st struct {
			TimeZone   string `json:"time_zone"`
			QuietStart string `json:"quiet_hours_start"`
			QuietEnd   string `json:"quiet_hours_end"`
		}
		apptest.Decode(t, b.Do("GET", "/api/practice", "", nil), &st)
		require.Equal(t, want, st.TimeZone, email)
		require.Equal(t, "22:00", st.QuietStart, "a new practice's quiet hours let a 07:00 reminder through")
		require.Equal(t, "07:00", st.QuietEnd)
	}
}
