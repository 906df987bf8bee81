package team_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

var inviteLink = regexp.MustCompile(`/accept-invitation\?token=([A-Za-z0-9_%-]+)`)

// invitationToken waits for the newest invitation email to email and returns its token.
func invitationToken(t *testing.T, b *apptest.Browser, email string, skip map[string]bool) string {
	t.Helper()
	var token string
	apptest.WaitFor(t, "the invitation email to "+email, func() bool {
		var box struct{ Messages []struct{ To, Text string } }
		apptest.Decode(t, b.Do("GET", "/api/dev/mailbox", "", nil), &box)
		for _, m := range box.Messages {
			if m.To != email {
				continue
			}
			if got := inviteLink.FindStringSubmatch(m.Text); got != nil {
				tok, _ := url.QueryUnescape(got[1])
				if !skip[tok] {
					token = tok
					return true
				}
			}
		}
		return false
	})
	return token
}

func TestInvitationFlow(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	apptest.StartWorkers(t, a)
	tm := apptest.SeedTeam(t, a, "mu")
	admin := tm.Browsers[practice.RoleAdmin]

	res := admin.Do("POST", "/api/team/invitations", `{"email":"New.Clinician@example.com","role":"clinician"}`, nil)
	require.Equal(t, http.StatusCreated, res.StatusCode)
	var inv struct{ ID string }
	apptest.Decode(t, res, &inv)
	bad := []struct {
		body, code string
		status     int
	}{
		{`{"email":"new.clinician@example.com","role":"clinician"}`, "already_invited", 409},
		{`{"email":"` + tm.Members[practice.RoleClinician].Email + `","role":"admin"}`, "already_member", 409},
		{`{"email":"not-an-email","role":"clinician"}`, "validation_failed", 422},
		{`{"email":"x@example.com","role":"owner"}`, "validation_failed", 422},
	}
	for _, tc := range bad {
		res := admin.Do("POST", "/api/team/invitations", tc.body, nil)
		require.Equal(t, tc.status, res.StatusCode, tc.body)
		require.Equal(t, tc.code, apptest.ReadError(t, res).Error.Code, tc.body)
	}

	token := invitationToken(t, admin, "new.clinician@example.com", nil)
	// The token exists only in the email: the row holds its hash, the job's arguments nothing.
	require.Equal(t, 1, countWhere(a, t, "invitations", "token_hash = sha256(convert_to('"+token+"', 'UTF8'))"))
	var jobsWithToken int
	require.NoError(t, a.DB.Pool.QueryRow(t.Context(), `SELECT count(*) FROM river_job WHERE args::text LIKE '%' || $1 || '%'`, token).Scan(&jobsWithToken))
	require.Zero(t, jobsWithToken)

	visitor := a.Browser(t)
	for i := 0; i < 2; i++ { // opening the link (a mail scanner, then the person) changes nothing
		res = visitor.Do("GET", "/api/invitations/preview?token="+url.QueryEscape(token), "", nil)
		require.Equal(t, http.StatusOK, res.StatusCode)
	}
	var preview struct {
		PracticeName    string `json:"practice_name"`
		Role            string
		ExistingAccount bool `json:"existing_account"`
	}
	apptest.Decode(t, res, &preview)
	require.Equal(t, "mu", preview.PracticeName)
	require.Equal(t, "clinician", preview.Role)
	require.False(t, preview.ExistingAccount)

	res = visitor.PostJSON("/api/invitations/accept", map[string]string{"token": token, "name": "Nia New", "password": "short"})
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, apptest.ReadError(t, res).Error.Fields, "password")
	res = visitor.PostJSON("/api/invitations/accept", map[string]string{"token": token, "name": "Nia New", "password": "long enough password"})
	require.Equal(t, http.StatusOK, res.StatusCode)
	var me struct{ Role string }
	apptest.Decode(t, visitor.Do("GET", "/api/auth/me", "", nil), &me)
	require.Equal(t, "clinician", me.Role, "a new account is signed in at once")

	res = a.Browser(t).PostJSON("/api/invitations/accept", map[string]string{"token": token, "name": "Nia Again", "password": "long enough password"})
	require.Equal(t, http.StatusGone, res.StatusCode, "a link works once")
	require.Equal(t, "invitation_invalid", apptest.ReadError(t, res).Error.Code)
}

func TestInvitationLinksThatNoLongerWork(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	apptest.StartWorkers(t, a)
	tm := apptest.SeedTeam(t, a, "nu")
	other := apptest.SeedTeam(t, a, "xi")
	admin := tm.Browsers[practice.RoleAdmin]
	visitor := a.Browser(t)
	gone := func(token string) {
		t.Helper()
		res := visitor.Do("GET", "/api/invitations/preview?token="+url.QueryEscape(token), "", nil)
		require.Equal(t, http.StatusGone, res.StatusCode)
	}
	gone("made-up-token")

	// Resend: the old link dies, the new one works.
	var inv struct{ ID string }
	apptest.Decode(t, admin.Do("POST", "/api/team/invitations", `{"email":"resend@example.com","role":"admin"}`, nil), &inv)
	first := invitationToken(t, admin, "resend@example.com", nil)
	require.Equal(t, http.StatusNoContent, admin.Do("POST", "/api/team/invitations/"+inv.ID+"/resend", "", nil).StatusCode)
	second := invitationToken(t, admin, "resend@example.com", map[string]bool{first: true})
	gone(first)
	require.Equal(t, http.StatusOK, visitor.Do("GET", "/api/invitations/preview?token="+url.QueryEscape(second), "", nil).StatusCode)

	// Revoke.
	require.Equal(t, http.StatusNoContent, admin.Do("DELETE", "/api/team/invitations/"+inv.ID, "", nil).StatusCode)
	gone(second)
	require.Equal(t, http.StatusNotFound, admin.Do("DELETE", "/api/team/invitations/"+inv.ID, "", nil).StatusCode)

	// Expiry.
	apptest.Decode(t, admin.Do("POST", "/api/team/invitations", `{"email":"late@example.com","role":"clinician"}`, nil), &inv)
	late := invitationToken(t, admin, "late@example.com", nil)
	// A minute ago on the app's clock, which the expiry is judged by (PostgreSQL's now() is the
	// machine's, hours away from it under make test-hours).
	ownerExec(a, t, tm.ID, `UPDATE invitations SET expires_at = $1 WHERE email = 'late@example.com'`,
		a.Now().Add(-time.Minute))
	gone(late)

	// Someone with an account elsewhere accepts with their password and then logs in as usual.
	existing := other.Members[practice.RoleClinician]
	apptest.Decode(t, admin.Do("POST", "/api/team/invitations", `{"email":"`+existing.Email+`","role":"clinician"}`, nil), &inv)
	tok := invitationToken(t, admin, existing.Email, nil)
	res := visitor.PostJSON("/api/invitations/accept", map[string]string{"token": tok, "password": "wrong password!"})
	require.Equal(t, http.StatusUnauthorized, res.StatusCode)
	res = visitor.PostJSON("/api/invitations/accept", map[string]string{"token": tok, "password": existing.Password})
	require.Equal(t, http.StatusOK, res.StatusCode)
	var joined struct {
		LoginRequired bool `json:"login_required"`
	}
	apptest.Decode(t, res, &joined)
	require.True(t, joined.LoginRequired, "an existing account logs in as usual, two-factor included")
	require.Equal(t, http.StatusUnauthorized, visitor.Do("GET", "/api/auth/me", "", nil).StatusCode)
	var members struct{ Members []struct{ Email string } }
	apptest.Decode(t, admin.Do("GET", "/api/team/members", "", nil), &members)
	emails := []string{}
	for _, m := range members.Members {
		emails = append(emails, m.Email)
	}
	require.Contains(t, emails, existing.Email)
}

// ownerExec runs sql as the schema owner inside practice's scope (row-level security is
// forced on the owner too) and requires it to change at least one row.
func ownerExec(a *apptest.App, t *testing.T, practiceID uuid.UUID, sql string, args ...any) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, a.Env.OwnerURL)
	require.NoError(t, err)
	defer conn.Close(ctx)
	require.NoError(t, pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if err := db.SetTenant(ctx, tx, db.Scope{PracticeID: practiceID}); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, sql, args...)
		require.Positive(t, tag.RowsAffected(), sql)
		return err
	}))
}

func countWhere(a *apptest.App, t *testing.T, table, where string) int {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, a.Env.OwnerURL)
	require.NoError(t, err)
	defer conn.Close(ctx)
	var n int
	require.NoError(t, conn.QueryRow(ctx, `SELECT count(*) FROM `+pgx.Identifier{table}.Sanitize()+` WHERE `+where).Scan(&n))
	return n
}
