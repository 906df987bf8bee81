package billing_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/billing"
)

type stateOut struct {
	Status   string     `json:"status"`
	TrialEnd *time.Time `json:"trial_end"`
	Quantity int        `json:"quantity"`
	Seats    int        `json:"seats"`
}

// The owner sees the trial the sign-up started and the seats the practice uses; a clinician
// may not see billing at all.
func TestBillingState(t *testing.T) {
	t.Parallel()
	a := setup(t)
	owner := a.Browser(t)
	res := a.SignUp(t, owner, apptest.SignupBody("state@example.com"))
	require.Equal(t, http.StatusCreated, res.StatusCode)
	res = owner.Do("GET", "/api/billing", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "no-store", res.Header.Get("Cache-Control"))
	var st stateOut
	apptest.Decode(t, res, &st)
	require.Equal(t, "trialing", st.Status)
	require.WithinDuration(t, apptest.Now().AddDate(0, 0, billing.TrialDays), *st.TrialEnd, time.Minute)
	require.Equal(t, 1, st.Seats, "the owner is the one active member")
	require.Zero(t, st.Quantity, "nothing subscribed yet")

	tm := apptest.SeedTeam(t, a, "billing")
	for role, b := range tm.Browsers {
		res := b.Do("GET", "/api/billing", "", nil)
		if role == "clinician" {
			require.Equal(t, http.StatusNotFound, res.StatusCode, "billing is concealed from clinicians")
			continue
		}
		require.Equal(t, http.StatusOK, res.StatusCode, role)
		apptest.Decode(t, res, &st)
		require.Equal(t, "none", st.Status, "a practice made without sign-up has no billing row")
		require.Equal(t, 3, st.Seats)
	}
}
