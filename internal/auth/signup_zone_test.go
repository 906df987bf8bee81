package auth_test

import (
	"net/http"
	"testing"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/stretchr/testify/require"
)

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
		res := b.PostJSON("/api/auth/signup", body)
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
