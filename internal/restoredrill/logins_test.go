package restoredrill

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/app/apptest"
)

// visitor is a browser on the restored server: a cookie jar, and the CSRF token sent back
// from its cookie the way the web app does.
type visitor struct {
	t    *testing.T
	base *url.URL
	c    *http.Client
}

func newVisitor(t *testing.T, base string) *visitor {
	u, err := url.Parse(base)
	require.NoError(t, err)
	jar, _ := cookiejar.New(nil)
	v := &visitor{t: t, base: u, c: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
	v.do("GET", "/api/auth/csrf", nil, http.StatusOK)
	return v
}

// do sends body as JSON and checks the status; it returns the decoded answer.
func (v *visitor) do(method, path string, body any, want int) map[string]any {
	v.t.Helper()
	var rd io.Reader = http.NoBody
	if body != nil {
		raw, err := json.Marshal(body)
		require.NoError(v.t, err)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, v.base.String()+path, rd)
	require.NoError(v.t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, c := range v.c.Jar.Cookies(v.base) {
		if c.Name == "steady_csrf" {
			req.Header.Set("X-CSRF-Token", c.Value)
		}
	}
	res, err := v.c.Do(req)
	require.NoError(v.t, err)
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	require.Equal(v.t, want, res.StatusCode, "%s %s: %v", method, path, out)
	return out
}

// signIns shows every way in still works on the restored server, and returns how many it tried.
func signIns(t *testing.T, base string, s *source) int {
	n := 0
	for _, m := range app.DemoMembers {
		v := newVisitor(t, base)
		v.do("POST", "/api/auth/login", map[string]string{"email": m.Email, "password": m.Password}, http.StatusOK)
		me := v.do("GET", "/api/auth/me", nil, http.StatusOK)
		require.Equal(t, m.Email, me["user"].(map[string]any)["email"])
		n++
	}
	// The two-factor secret was sealed with STEADY_SECRET_KEY, which came back from the
	// environment, not the database. The code is the next step's: the enrolment may have used
	// the current one, and a code is never accepted twice (one step either side is).
	v := newVisitor(t, base)
	got := v.do("POST", "/api/auth/login", apptest.LoginBody(s.twoFactor), http.StatusOK)
	require.Equal(t, true, got["two_factor_required"])
	code := apptest.TOTPCode(t, s.secret, time.Now().Add(30*time.Second))
	v.do("POST", "/api/auth/login/two-factor", map[string]string{"code": code}, http.StatusOK)
	v.do("GET", "/api/auth/me", nil, http.StatusOK)
	// A session signed in before the backup is still signed in.
	v = newVisitor(t, base)
	v.c.Jar.SetCookies(v.base, []*http.Cookie{{Name: "steady_session", Value: s.session}})
	v.do("GET", "/api/auth/me", nil, http.StatusOK)
	// The homework links the demo printed still open the partners' pages.
	for _, token := range s.homework {
		v := newVisitor(t, base)
		v.do("POST", "/api/homework/session", map[string]string{"token": token}, http.StatusOK)
		v.do("GET", "/api/homework/me", nil, http.StatusOK)
	}
	return n + 2 + len(s.homework)
}
