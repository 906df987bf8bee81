package team_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/team"
)

type expiryInvitation struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	ExpiresAt time.Time `json:"expires_at"`
	Expired   bool      `json:"expired"`
}

// expiryCounts is every row a refused acceptance must leave alone, across all practices. The
// sessions counted are those live at now: the periodic sweep may delete the others (the clock
// has moved seven days) between two counts.
func expiryCounts(t *testing.T, a *apptest.App, now time.Time) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"users", "memberships", "audit_events", "invitations"} {
		out[table] = a.CountAll(t, table)
	}
	a.AsOwner(t, []string{"sessions"}, func(tx pgx.Tx) {
		var n int
		require.NoError(t, tx.QueryRow(t.Context(), `SELECT count(*) FROM sessions WHERE expires_at > $1
			AND last_seen_at > $2`, now, now.Add(-30*time.Minute)).Scan(&n)) // the sweep's idle limit
		out["live sessions"] = n
	})
	return out
}

// An invitation accepted in the last second of its team.InvitationTTL joins its person; at the
// instant it ends the link answers 410 invitation_invalid, and an acceptance a second later is
// refused the same way and writes nothing: no account, no membership, no session, no audit
// event, and the invitation stays unaccepted (listed as expired).
func TestInvitationExpiryBoundary(t *testing.T) {
	t.Parallel()
	a, clk := apptest.NewClocked(t)
	apptest.StartWorkers(t, a)
	tm := apptest.SeedTeam(t, a, "tau")
	admin := tm.Browsers[practice.RoleAdmin]

	issued := clk.Now() // the clock stands still until both links are in the mailbox
	invs := map[string]expiryInvitation{}
	for _, email := range []string{"early@example.com", "late@example.com"} {
		res := admin.Do("POST", "/api/team/invitations", `{"email":"`+email+`","role":"clinician"}`, nil)
		require.Equal(t, http.StatusCreated, res.StatusCode)
		var inv expiryInvitation
		apptest.Decode(t, res, &inv)
		invs[email] = inv
	}
	require.True(t, invs["late@example.com"].ExpiresAt.Equal(issued.Add(team.InvitationTTL)), "expiry runs on the app's clock")
	early := invitationToken(t, admin, "early@example.com", nil)
	late := invitationToken(t, admin, "late@example.com", nil)
	visitor := a.Browser(t)
	preview := func(token string) *http.Response {
		t.Helper()
		return visitor.Do("GET", "/api/invitations/preview?token="+url.QueryEscape(token), "", nil)
	}
	accept := func(token, name string) *http.Response {
		t.Helper()
		return visitor.PostJSON("/api/invitations/accept", map[string]string{"token": token, "name": name,
			"password": "correct-horse-battery-staple-9931"})
	}

	// The last second of the seven days.
	clk.Advance(team.InvitationTTL - time.Second)
	require.Equal(t, http.StatusOK, preview(late).StatusCode, "opening the link changes nothing")
	res := accept(early, "Early Joiner")
	require.Equal(t, http.StatusOK, res.StatusCode, apptest.ReadBody(t, res))
	var me struct {
		Role string
		User struct{ Email string }
	}
	apptest.Decode(t, visitor.Do("GET", "/api/auth/me", "", nil), &me)
	require.Equal(t, "clinician", me.Role, "accepted just in time: a member, signed in")
	require.Equal(t, "early@example.com", me.User.Email)
	visitor = a.Browser(t) // signed out again, for the late link

	// The instant the seven days end, the link is dead.
	clk.Advance(time.Second)
	res = preview(late)
	require.Equal(t, http.StatusGone, res.StatusCode)
	require.Equal(t, "invitation_invalid", apptest.ReadError(t, res).Error.Code)

	// A second later: refused, and nothing written.
	clk.Advance(time.Second)
	before := expiryCounts(t, a, clk.Now())
	res = accept(late, "Late Joiner")
	require.Equal(t, http.StatusGone, res.StatusCode)
	e := apptest.ReadError(t, res)
	require.Equal(t, "invitation_invalid", e.Error.Code)
	require.Equal(t, before, expiryCounts(t, a, clk.Now()), "a refused acceptance writes nothing")
	a.AsOwner(t, []string{"users", "invitations"}, func(tx pgx.Tx) {
		var users, open int
		require.NoError(t, tx.QueryRow(t.Context(), `SELECT count(*) FROM users WHERE email = 'late@example.com'`).Scan(&users))
		require.Zero(t, users, "no account for the late invitee")
		require.NoError(t, tx.QueryRow(t.Context(), `SELECT count(*) FROM invitations WHERE email = 'late@example.com'
			AND accepted_at IS NULL AND accepted_user_id IS NULL`).Scan(&open))
		require.Equal(t, 1, open, "the invitation stays unaccepted")
	})
	status, _ := visitor.Me()
	require.Equal(t, http.StatusUnauthorized, status, "no session was started")
	require.Equal(t, 1, apptest.AuditCount(t, a, tm.ID, `action = 'invitation.accept'`), "only the early acceptance")

	// The admin (whose old session has long ended) sees the early invitee as a member and the
	// late invitation as expired.
	admin = a.Browser(t)
	m := tm.Members[practice.RoleAdmin]
	require.Equal(t, http.StatusOK, admin.PostJSON("/api/auth/login", map[string]string{"email": m.Email, "password": m.Password}).StatusCode)
	var members struct{ Members []struct{ Email string } }
	apptest.Decode(t, admin.Do("GET", "/api/team/members", "", nil), &members)
	var emails []string
	for _, mem := range members.Members {
		emails = append(emails, mem.Email)
	}
	require.Contains(t, emails, "early@example.com")
	require.NotContains(t, emails, "late@example.com")
	var listed struct{ Invitations []expiryInvitation }
	apptest.Decode(t, admin.Do("GET", "/api/team/invitations", "", nil), &listed)
	require.Len(t, listed.Invitations, 1, "the accepted invitation is no longer listed")
	require.Equal(t, "late@example.com", listed.Invitations[0].Email)
	require.True(t, listed.Invitations[0].Expired, "listed as expired on the app's clock")
}
