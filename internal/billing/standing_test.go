package billing_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

type standingOut struct {
	Standing  string
	Reason    *string
	GraceEnds *time.Time `json:"grace_ends"`
}

func standing(t *testing.T, b *apptest.Browser) standingOut {
	t.Helper()
	var out standingOut
	apptest.Decode(t, b.Do("GET", "/api/practice/standing", "", nil), &out)
	return out
}

// Each state means what docs/billing.md says: trialing and active are everything; canceled,
// unpaid, paused and a trial that ended without a subscription are read-only.
func TestStandingOfEachState(t *testing.T) {
	t.Parallel()
	a, tm := team(t, "states")
	clinician := tm.Browsers[practice.RoleClinician]
	require.Equal(t, "full", standing(t, clinician).Standing, "a practice from before billing")
	for status, want := range map[string]string{"active": "full", "trialing": "full", "canceled": "read_only",
		"unpaid": "read_only", "paused": "read_only"} {
		stored(t, a, tm.ID, status, nil)
		got := standing(t, clinician)
		require.Equal(t, want, got.Standing, status)
		if want == "read_only" {
			require.Equal(t, status, *got.Reason)
		}
	}
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Exec(`UPDATE billing_subscriptions SET status = 'trialing', subscription_id = '',
			trial_end = ?`, a.Now().Add(-time.Minute)).Error
	}))
	got := standing(t, clinician)
	require.Equal(t, "read_only", got.Standing, "nothing upgrades itself: a trial ends, it is not charged")
	require.Equal(t, "trial_over", *got.Reason)
}

// A failed payment keeps full service for the grace period; after it the practice is
// read-only: nothing new, but every record readable and exportable, the client's homework
// link working for what is assigned, and risk alerts raised. Re-subscribing restores it.
func TestGraceThenReadOnlyKeepsCareGoing(t *testing.T) {
	t.Parallel()
	a, tm := team(t, "grace")
	client, _ := tm.Fixture(t, a)
	phq := apptest.AssignPHQ(t, a, tm, client)
	home := apptest.ClientBrowser(t, a, apptest.LinkFor(t, a, tm.Caller(practice.RoleClinician), client))
	owner := tm.Browsers[practice.RoleOwner]
	newClient := map[string]string{"name": "Robin New", "time_zone": "Europe/London"}

	since := a.Now().Add(-13 * 24 * time.Hour)
	stored(t, a, tm.ID, "past_due", &since)
	got := standing(t, owner)
	require.Equal(t, "grace", got.Standing)
	require.Equal(t, "payment_failed", *got.Reason)
	require.WithinDuration(t, since.Add(14*24*time.Hour), *got.GraceEnds, time.Second)
	require.Equal(t, http.StatusCreated, owner.PostJSON("/api/clients", newClient).StatusCode, "full service in grace")

	since = a.Now().Add(-15 * 24 * time.Hour)
	stored(t, a, tm.ID, "past_due", &since)
	require.Equal(t, "read_only", standing(t, tm.Browsers[practice.RoleClinician]).Standing)
	clientsBefore := apptest.TenantRows(t, a, tm.ID, "clients")
	for path, body := range map[string]any{
		"/api/clients":          newClient,
		"/api/team/invitations": map[string]string{"email": "new@example.com", "role": "clinician"},
		"/api/assignments": map[string]any{"client_id": client, "exercise": map[string]string{"library": "when-you-are-flooded"},
			"cadence": map[string]string{"kind": "daily", "start": a.Today().String(), "at": "19:00"}},
	} {
		res := owner.PostJSON(path, body)
		require.Equal(t, http.StatusForbidden, res.StatusCode, path)
		require.Equal(t, "practice_read_only", apptest.ReadError(t, res).Error.Code, path)
	}
	require.Equal(t, clientsBefore, apptest.TenantRows(t, a, tm.ID, "clients"), "nothing new was written")
	require.Zero(t, apptest.TenantRows(t, a, tm.ID, "invitations"))

	clinician := tm.Browsers[practice.RoleClinician]
	require.Equal(t, http.StatusOK, clinician.Do("GET", "/api/clients/"+client.String(), "", nil).StatusCode)
	require.Equal(t, http.StatusOK, clinician.Do("GET", "/api/clients/"+client.String()+"/export", "", nil).StatusCode)
	require.Equal(t, http.StatusOK, home.Do("GET", "/api/homework/today", "", nil).StatusCode)
	res := apptest.SubmitPHQ(t, home, phq, apptest.PHQAnswers("several_days"))
	require.Less(t, res.StatusCode, 300, "the client's answers are still taken")
	require.Equal(t, 1, apptest.TenantRows(t, a, tm.ID, "risk_alerts"), "and a risk alert still raised")

	stored(t, a, tm.ID, "active", nil)
	require.Equal(t, "full", standing(t, owner).Standing)
	require.Equal(t, http.StatusCreated, owner.PostJSON("/api/clients", newClient).StatusCode, "re-subscribing restores it")
}

// A clinician and a client reaching for billing get the 404 of an address that does not
// exist, and the reach is in the audit trail.
func TestBillingIsConcealed(t *testing.T) {
	t.Parallel()
	a, tm := team(t, "concealed")
	client, _ := tm.Fixture(t, a)
	home := apptest.ClientBrowser(t, a, apptest.LinkFor(t, a, tm.Caller(practice.RoleClinician), client))
	for who, b := range map[string]*apptest.Browser{"clinician": tm.Browsers[practice.RoleClinician], "client": home} {
		for _, r := range []struct{ method, path string }{{"GET", "/api/billing"}, {"GET", "/api/billing/seat-preview"},
			{"POST", "/api/billing/portal"}, {"POST", "/api/billing/checkout"}} {
			res := b.Do(r.method, r.path, `{"interval":"month"}`, nil)
			require.Equal(t, http.StatusNotFound, res.StatusCode, "%s %s as %s", r.method, r.path, who)
			require.Equal(t, "not_found", apptest.ReadError(t, res).Error.Code)
		}
	}
	require.Equal(t, 4, apptest.AuditCount(t, a, tm.ID, `action = 'access.denied' AND actor_user_id = '`+
		tm.Members[practice.RoleClinician].ID.String()+`'`))
	require.Equal(t, 4, apptest.AuditCount(t, a, tm.ID, `action = 'access.denied' AND actor_user_id IS NULL AND client_id = '`+
		client.String()+`'`))
	res := a.Browser(t).Do("GET", "/api/billing", "", nil)
	require.Equal(t, http.StatusNotFound, res.StatusCode, "nobody signed in")
}
