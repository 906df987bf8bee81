package practicedata_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/digests"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/practicedata"
	"github.com/steadyhq/steady/internal/reminders"
	"github.com/steadyhq/steady/internal/team"
)

// closeBody is the owner's confirmation.
func closeBody(name, password string) map[string]string {
	return map[string]string{"practice_name": name, "password": password}
}

// closedOut is the answer of POST /api/practice/close.
type closedOut struct {
	ClosedAt    time.Time `json:"closed_at"`
	DeleteAfter time.Time `json:"delete_after"`
}

// close closes the practice as its owner.
func (w *world) close(t *testing.T) closedOut {
	t.Helper()
	res := w.owner().PostJSON("/api/practice/close", closeBody("export", "long enough password"))
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode, string(raw))
	var out closedOut
	require.NoError(t, json.Unmarshal(raw, &out))
	return out
}

// A wrong name or password is a 422 naming the field, and nothing changes: everyone keeps
// working, the client's link still opens.
func TestClosingWantsTheNameAndThePassword(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	token := apptest.LinkFor(t, w.a, w.tm.Caller(practice.RoleOwner), w.client)
	for _, c := range []struct {
		body   map[string]string
		fields []string
	}{
		{closeBody("", ""), []string{"practice_name", "password"}},
		{closeBody("Export", "long enough password"), []string{"practice_name"}},
		{closeBody("export ltd", "long enough password"), []string{"practice_name"}},
		{closeBody("export", "not the password"), []string{"password"}},
	} {
		res := w.owner().PostJSON("/api/practice/close", c.body)
		require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, c.body)
		e := apptest.ReadError(t, res)
		require.Len(t, e.Error.Fields, len(c.fields), e.Error.Fields)
		for _, f := range c.fields {
			require.Contains(t, e.Error.Fields, f)
		}
	}
	res := w.owner().Do("POST", "/api/practice/close", `{"practice_name":"export"}`, nil)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, "a missing field is named")
	require.Contains(t, apptest.ReadError(t, res).Error.Fields, "password")

	_, me := w.owner().Me()
	require.Equal(t, w.tm.ID.String(), me.Practice.ID)
	require.Nil(t, closedAt(t, w.owner()), "still open")
	for _, r := range practice.Roles() {
		res := w.tm.Browsers[r].Do("GET", "/api/clients", "", nil)
		require.Equal(t, http.StatusOK, res.StatusCode, r)
	}
	apptest.ClientBrowser(t, w.a, token)
	require.Zero(t, apptest.AuditCount(t, w.a, w.tm.ID, `action = 'practice.close'`))
}

// closedAt reads the practice's closed_at from GET /api/auth/me.
func closedAt(t *testing.T, b *apptest.Browser) *time.Time {
	t.Helper()
	res := b.Do("GET", "/api/auth/me", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	var me struct {
		Practice struct {
			ClosedAt    *time.Time `json:"closed_at"`
			DeleteAfter *time.Time `json:"delete_after"`
		}
	}
	apptest.Decode(t, res, &me)
	return me.Practice.ClosedAt
}

// A closed practice stops: every other session ends, members cannot sign in (practice_closed),
// homework links are dead, invitations revoked, nothing is dispatched for it. Its owner may
// still sign in, and then do nothing but export.
func TestAClosedPracticeStopsAndOnlyItsExportRemains(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	owner := w.tm.Caller(practice.RoleOwner)
	token := apptest.LinkFor(t, w.a, owner, w.client)
	client := apptest.ClientBrowser(t, w.a, token)
	_, err := team.NewService(w.a.DB).Invite(context.Background(), owner, "newcomer@example.com", practice.RoleClinician)
	require.NoError(t, err)

	closed := w.close(t)
	require.True(t, closed.ClosedAt.Equal(w.clk.Now()))
	require.True(t, closed.DeleteAfter.Equal(closed.ClosedAt.Add(2557*24*time.Hour)), "seven years by default")
	require.Equal(t, 1, apptest.AuditCount(t, w.a, w.tm.ID, `action = 'practice.close'`))

	// The owner who closed it stays signed in, for the export alone.
	require.NotNil(t, closedAt(t, w.owner()))
	requireClosed(t, w.owner().Do("GET", "/api/clients", "", nil))
	requireClosed(t, w.owner().PostJSON("/api/practice/close", closeBody("export", "long enough password")))
	require.Equal(t, http.StatusOK, w.owner().Do("GET", "/api/practice/exports", "", nil).StatusCode)
	e := w.start(t)
	w.build(t, e.ID)
	w.download(t, w.status(t, e.ID))

	for _, r := range []practice.Role{practice.RoleAdmin, practice.RoleClinician} {
		res := w.tm.Browsers[r].Do("GET", "/api/clients", "", nil)
		require.Equal(t, http.StatusUnauthorized, res.StatusCode, "%s's session ended", r)
		res = w.a.Browser(t).PostJSON("/api/auth/login", apptest.LoginBody(w.tm.Members[r].Email))
		requireClosed(t, res)
	}
	w.signIn(t)
	require.NotNil(t, closedAt(t, w.owner()), "the owner may sign in, and is told")
	requireClosed(t, w.owner().Do("GET", "/api/team/members", "", nil))

	res := client.Do("GET", "/api/homework/today", "", nil)
	require.Equal(t, http.StatusUnauthorized, res.StatusCode, "the client's session ended")
	res = w.a.Browser(t).Do("POST", "/api/homework/session", `{"token":"`+token+`"}`, nil)
	require.Equal(t, http.StatusNotFound, res.StatusCode, "the link is dead")
	require.Zero(t, count(t, w, w.tm.ID, `SELECT count(*) FROM invitations WHERE revoked_at IS NULL`))
	require.Zero(t, count(t, w, w.tm.ID, `SELECT count(*) FROM homework_links WHERE revoked_at IS NULL`))
	requireNothingDispatched(t, w)
}

// requireClosed checks an answer is the closed practice's 403.
func requireClosed(t *testing.T, res *http.Response) {
	t.Helper()
	require.Equal(t, http.StatusForbidden, res.StatusCode)
	require.Equal(t, "practice_closed", apptest.ReadError(t, res).Error.Code)
}

// requireNothingDispatched runs the reminder and digest dispatchers a day on: they work the
// open practice's schedules and leave the closed one's as they were.
func requireNothingDispatched(t *testing.T, w *world) {
	t.Helper()
	ctx := context.Background()
	jobs := `SELECT count(*) FROM river_job WHERE kind IN ('reminder_send', 'digest_email') AND args->>'practice_id' = $1`
	queued := w.a.CountRows(t, jobs, w.tm.ID.String())
	later := w.clk.Now().Add(24 * time.Hour)
	_, err := reminders.Dispatch(ctx, w.a.DB, w.a.Key, later)
	require.NoError(t, err)
	_, err = digests.NewService(w.a.DB, w.a.Mailer, "", func() time.Time { return later }).Dispatch(ctx)
	require.NoError(t, err)
	unworked := `SELECT count(*) FROM reminder_schedules WHERE next_fire_at = '-infinity'`
	require.Positive(t, count(t, w, w.tm.ID, unworked), "the closed practice's reminders were left alone")
	require.Zero(t, count(t, w, w.other.ID, unworked), "the open one's were worked out")
	unsent := `SELECT count(*) FROM digest_settings WHERE next_send_at = '-infinity'`
	require.Equal(t, 3, count(t, w, w.tm.ID, unsent), "no digest worked out for the closed practice")
	require.Zero(t, count(t, w, w.other.ID, unsent))
	require.Equal(t, queued, w.a.CountRows(t, jobs, w.tm.ID.String()), "no message queued for the closed practice")
}

// count runs a count in a practice's tenant transaction.
func count(t *testing.T, w *world, practiceID uuid.UUID, query string) int {
	t.Helper()
	var n int
	require.NoError(t, w.a.DB.InTenant(context.Background(), db.Scope{PracticeID: practiceID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(query).Row().Scan(&n)
	}))
	return n
}

// The retention is the operator's: a practice closed under another setting is deleted after it.
func TestTheRetentionIsTheOperators(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	svc := practicedata.NewService(envOf(w), w.a.Auth, 30*24*time.Hour)
	out, err := svc.Close(context.Background(), w.tm.Caller(practice.RoleOwner),
		practicedata.CloseInput{PracticeName: "export", Password: "long enough password"})
	require.NoError(t, err)
	require.Equal(t, 30*24*time.Hour, out.DeleteAfter.Sub(out.ClosedAt))
}
