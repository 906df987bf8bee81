package auth_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/practice"
)

type sessionOut struct {
	ID         string `json:"id"`
	CreatedAt  string `json:"created_at"`
	LastSeenAt string `json:"last_seen_at"`
	IP         string `json:"ip"`
	UserAgent  string `json:"user_agent"`
	Current    bool   `json:"current"`
}

func sessions(b *apptest.Browser) []sessionOut {
	b.T.Helper()
	res := b.Do("GET", "/api/auth/sessions", "", nil)
	require.Equal(b.T, http.StatusOK, res.StatusCode)
	require.Equal(b.T, "no-store", res.Header.Get("Cache-Control"))
	var out struct {
		Sessions []sessionOut `json:"sessions"`
	}
	apptest.Decode(b.T, res, &out)
	return out.Sessions
}

func TestSessionsCanBeListedAndEnded(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	laptop, _ := a.SignedUp(t, "many@example.com")
	phone := a.Browser(t)
	res := phone.Do("POST", "/api/auth/login", `{"email":"many@example.com","password":"long enough password"}`,
		map[string]string{"User-Agent": "Phone Browser/1.0"})
	require.Equal(t, http.StatusOK, res.StatusCode)
	phone.RefreshCSRF()

	list := sessions(laptop)
	require.Len(t, list, 2)
	var current, other sessionOut
	for _, s := range list {
		require.NotEmpty(t, s.ID)
		require.NotEmpty(t, s.CreatedAt)
		require.Equal(t, "127.0.0.1", s.IP)
		if s.Current {
			current = s
		} else {
			other = s
		}
	}
	require.NotEmpty(t, current.ID, "exactly one session is this browser's")
	require.Equal(t, "Phone Browser/1.0", other.UserAgent)

	// Someone else's session id is not found, and their session lives on.
	stranger, _ := a.SignedUp(t, "stranger@example.com")
	theirs := sessions(stranger)[0].ID
	res = laptop.Do("DELETE", "/api/auth/sessions/"+theirs, "", nil)
	require.Equal(t, http.StatusNotFound, res.StatusCode)
	require.Equal(t, "session_not_found", apptest.ReadError(t, res).Error.Code)
	status, _ := stranger.Me()
	require.Equal(t, http.StatusOK, status)
	for _, id := range []string{"not-a-uuid", "6f1c2a8e-5b7d-4e55-9d0a-3c1f0e2b7a90"} {
		res = laptop.Do("DELETE", "/api/auth/sessions/"+id, "", nil)
		require.Equal(t, http.StatusNotFound, res.StatusCode, id)
	}
	res = laptop.Do("DELETE", "/api/auth/sessions/"+other.ID, "", map[string]string{"X-CSRF-Token": ""})
	require.Equal(t, http.StatusForbidden, res.StatusCode, "ending a session needs the CSRF token")

	// Ending the phone's session signs the phone out, not the laptop.
	require.Equal(t, http.StatusNoContent, laptop.Do("DELETE", "/api/auth/sessions/"+other.ID, "", nil).StatusCode)
	status, _ = phone.Me()
	require.Equal(t, http.StatusUnauthorized, status)
	require.Len(t, sessions(laptop), 1)
	res = laptop.Do("DELETE", "/api/auth/sessions/"+other.ID, "", nil)
	require.Equal(t, http.StatusNotFound, res.StatusCode, "an ended session cannot be ended twice")

	// Ending the current session is logging out.
	res = laptop.Do("DELETE", "/api/auth/sessions/"+current.ID, "", nil)
	require.Equal(t, http.StatusNoContent, res.StatusCode)
	ck := sessionCookie(res)
	require.NotNil(t, ck)
	require.Less(t, ck.MaxAge, 0, "the cookie is cleared")
	status, _ = laptop.Me()
	require.Equal(t, http.StatusUnauthorized, status)
	res = a.Browser(t).Do("GET", "/api/auth/sessions", "", nil)
	require.Equal(t, http.StatusUnauthorized, res.StatusCode)
}

func TestChangingThePasswordEndsEveryOtherSession(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	here, _ := a.SignedUp(t, "rotate@example.com")
	there := a.Browser(t)
	require.Equal(t, http.StatusOK, there.PostJSON("/api/auth/login", apptest.LoginBody("rotate@example.com")).StatusCode)
	there.RefreshCSRF()
	hashBefore := passwordHash(a, t, "rotate@example.com")

	cases := []struct {
		name, body  string
		status      int
		code, field string
	}{
		{"wrong current password", `{"current_password":"not the password","new_password":"a brand new password"}`, 403, "wrong_password", "current_password"},
		{"short new password", `{"current_password":"long enough password","new_password":"short"}`, 422, "validation_failed", "new_password"},
		{"missing current password", `{"new_password":"a brand new password"}`, 422, "validation_failed", "current_password"},
		{"unknown field", `{"current_password":"long enough password","new_password":"a brand new password","confirm":"x"}`, 400, "unknown_field", "confirm"},
		{"malformed JSON", `{"current_password":`, 400, "malformed_json", ""},
	}
	for _, tc := range cases {
		res := here.Do("POST", "/api/auth/password", tc.body, nil)
		require.Equal(t, tc.status, res.StatusCode, tc.name)
		e := apptest.ReadError(t, res)
		require.Equal(t, tc.code, e.Error.Code, tc.name)
		if tc.field != "" {
			require.NotEmpty(t, e.Error.Fields[tc.field], tc.name)
		}
	}
	require.Equal(t, hashBefore, passwordHash(a, t, "rotate@example.com"), "refused changes write nothing")
	status, _ := there.Me()
	require.Equal(t, http.StatusOK, status, "and end nothing")

	res := here.PostJSON("/api/auth/password", map[string]string{"current_password": "long enough password",
		"new_password": "a brand new password"})
	require.Equal(t, http.StatusNoContent, res.StatusCode)
	status, _ = here.Me()
	require.Equal(t, http.StatusOK, status, "this session stays")
	status, _ = there.Me()
	require.Equal(t, http.StatusUnauthorized, status, "every other session ends")
	require.Len(t, sessions(here), 1)

	require.Equal(t, http.StatusUnauthorized, a.Browser(t).PostJSON("/api/auth/login", apptest.LoginBody("rotate@example.com")).StatusCode)
	require.Equal(t, http.StatusOK, a.Browser(t).PostJSON("/api/auth/login",
		map[string]string{"email": "rotate@example.com", "password": "a brand new password"}).StatusCode)
}

// A session left open cannot be used to guess the current password.
func TestPasswordChangeIsRateLimited(t *testing.T) {
	t.Parallel()
	_, _, b, _ := setup(t, "open@example.com") // a still clock: the window cannot roll over mid-test
	for i := 0; i < 10; i++ {
		res := b.PostJSON("/api/auth/password", map[string]string{"current_password": "guess guess", "new_password": "a brand new password"})
		require.Equal(t, http.StatusForbidden, res.StatusCode, "attempt %d", i)
	}
	res := b.PostJSON("/api/auth/password", map[string]string{"current_password": "long enough password", "new_password": "a brand new password"})
	require.Equal(t, http.StatusTooManyRequests, res.StatusCode)
	require.Equal(t, "rate_limited", apptest.ReadError(t, res).Error.Code)
}

func passwordHash(a *apptest.App, t *testing.T, email string) string {
	t.Helper()
	var hash string
	require.NoError(t, a.DB.Pool.QueryRow(t.Context(), `SELECT password_hash FROM auth_find_user($1)`, email).Scan(&hash))
	return hash
}

func TestAccountChangesAreAudited(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	tm := apptest.SeedTeam(t, a, "tau")
	b := tm.Browsers[practice.RoleAdmin]
	res := b.PostJSON("/api/auth/password", map[string]string{"current_password": "long enough password", "new_password": "another long password"})
	require.Equal(t, http.StatusNoContent, res.StatusCode)
	res = b.PostJSON("/api/auth/password", map[string]string{"current_password": "wrong wrong wrong", "new_password": "yet another password"})
	require.NotEqual(t, http.StatusNoContent, res.StatusCode)
	actions := apptest.AuditActionsAll(t, a, tm)
	n := 0
	for _, act := range actions {
		if act == "account.password_change" {
			n++
		}
	}
	require.Equal(t, 1, n, "the change is audited, the refused attempt is not a change")
}
