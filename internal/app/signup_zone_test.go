package app

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// Sign-up keeps the zone the browser sends as the practice's own. A zone the server cannot
// load is refused by name and creates nothing; an API client that sends none gets UTC.
func TestSignupKeepsTheBrowsersTimeZone(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	for _, bad := range []string{"Nowhere/Land", "Local", "", " Europe/London", "../../etc/passwd"} {
		body := signupBody("bad@example.com")
		body["time_zone"] = bad
		res := a.browser(t).postJSON("/api/auth/signup", body)
		require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, "%q", bad)
		require.Contains(t, readError(t, res).Error.Fields, "time_zone", "%q", bad)
	}
	require.Zero(t, a.countAll(t, "practices"), "a refused sign-up creates no practice")
	require.Zero(t, a.countAll(t, "users"), "nor a user")

	for email, zone := range map[string]string{"chicago@example.com": "America/Chicago", "api@example.com": ""} {
		body := signupBody(email)
		want := "UTC"
		if zone != "" {
			body["time_zone"], want = zone, zone
		}
		b := a.browser(t)
		res := b.postJSON("/api/auth/signup", body)
		require.Equal(t, http.StatusCreated, res.StatusCode, email)
		b.refreshCSRF() // the token rotates at sign-in
		var st struct {
			TimeZone   string `json:"time_zone"`
			QuietStart string `json:"quiet_hours_start"`
			QuietEnd   string `json:"quiet_hours_end"`
		}
		decode(t, b.do("GET", "/api/practice", "", nil), &st)
		require.Equal(t, want, st.TimeZone, email)
		require.Equal(t, "22:00", st.QuietStart, "a new practice's quiet hours let a 07:00 reminder through")
		require.Equal(t, "07:00", st.QuietEnd)
	}
}
