package billing_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/billing"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// seatJobs are the practice's queued seat changes, by the seat count each carries.
func seatJobs(t *testing.T, a *apptest.App, practiceID uuid.UUID) []int {
	t.Helper()
	rows, err := a.DB.Pool.Query(context.Background(), `SELECT (args->>'seats')::int FROM river_job
		WHERE kind = 'billing_seats' AND args->>'practice_id' = $1 ORDER BY id`, practiceID.String())
	require.NoError(t, err)
	defer rows.Close()
	var out []int
	for rows.Next() {
		var n int
		require.NoError(t, rows.Scan(&n))
		out = append(out, n)
	}
	return out
}

// Deactivating and reactivating a member each queue the subscription's new quantity in the
// team change's own transaction; the job sets it in Stripe once, and says so in the trail.
func TestSeatChangesFollowTheTeam(t *testing.T) {
	t.Parallel()
	a, tm := team(t, "seats")
	stored(t, a, tm.ID, "active", nil)
	owner := tm.Browsers[practice.RoleOwner]
	clinician := tm.Members[practice.RoleClinician].ID.String()
	require.Equal(t, http.StatusNoContent, owner.Do("POST", "/api/team/members/"+clinician+"/deactivate", "", nil).StatusCode)
	require.Equal(t, []int{2}, seatJobs(t, a, tm.ID))
	require.Equal(t, http.StatusNoContent, owner.Do("POST", "/api/team/members/"+clinician+"/reactivate", "", nil).StatusCode)
	require.Equal(t, []int{2, 3}, seatJobs(t, a, tm.ID))

	svc := billing.NewService(a.DB, configuredStripe(), "", nil)
	ctx := context.Background()
	// The first job is superseded by the second (the team has 3 seats again): it changes nothing.
	require.NoError(t, svc.ApplySeats(ctx, billing.SeatArgs{PracticeID: tm.ID, Change: uuid.New(), Seats: 2}))
	require.Zero(t, apptest.AuditCount(t, a, tm.ID, `action = 'billing.seats_change'`))
	// A change that leaves the count as Stripe has it changes nothing either.
	require.NoError(t, svc.ApplySeats(ctx, billing.SeatArgs{PracticeID: tm.ID, Change: uuid.New(), Seats: 3}))
	require.Zero(t, apptest.AuditCount(t, a, tm.ID, `action = 'billing.seats_change'`))
	// A fourth member: stripe-mock takes the new quantity.
	tm.NewMember(t, a)
	require.NoError(t, svc.ApplySeats(ctx, billing.SeatArgs{PracticeID: tm.ID, Change: uuid.New(), Seats: 4}))
	require.Equal(t, 1, apptest.AuditCount(t, a, tm.ID, `action = 'billing.seats_change'`))
	require.Equal(t, 4, billingPage(t, owner).Quantity)
}

// A team change that fails takes its seat change with it: the job is in its transaction.
func TestSeatChangeRollsBackWithTheTeamChange(t *testing.T) {
	t.Parallel()
	a, tm := team(t, "rollback")
	svc := billing.NewService(a.DB, configuredStripe(), "", nil)
	clinician := tm.Members[practice.RoleClinician].ID
	failed := errors.New("the rest of the team change failed")
	err := a.DB.InTenant(context.Background(), db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		if err := practice.SetActive(context.Background(), tx, clinician, false); err != nil {
			return err
		}
		if err := svc.SeatsChanged(context.Background(), tx, tm.ID, uuid.New()); err != nil {
			return err
		}
		var queued int
		require.NoError(t, tx.Gorm.Raw(`SELECT count(*) FROM river_job WHERE kind = 'billing_seats'`).Scan(&queued).Error)
		require.Equal(t, 1, queued, "queued in the change's transaction")
		return failed
	})
	require.ErrorIs(t, err, failed)
	require.Empty(t, seatJobs(t, a, tm.ID))
	require.Equal(t, 3, billingPage(t, tm.Browsers[practice.RoleOwner]).Seats, "the member is still active")
}

// A seat change Stripe refuses leaves the team change in place, shows the refusal to owners
// and fails the job so River retries it; the retry that Stripe accepts clears it.
func TestRefusedSeatChangeIsShownAndRetried(t *testing.T) {
	t.Parallel()
	a, tm := team(t, "refused")
	stored(t, a, tm.ID, "active", nil)
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusPaymentRequired)
		_, _ = w.Write([]byte(`{"error":{"type":"card_error","code":"card_declined","message":"Your card was declined."}}`))
	}))
	defer refusing.Close()
	cfg := configuredStripe()
	cfg.APIURL = refusing.URL
	tm.NewMember(t, a)
	args := billing.SeatArgs{PracticeID: tm.ID, Change: uuid.New(), Seats: 4}
	require.Error(t, billing.NewService(a.DB, cfg, "", nil).ApplySeats(context.Background(), args))

	owner := tm.Browsers[practice.RoleOwner]
	page := billingPage(t, owner)
	require.NotNil(t, page.SeatError)
	require.Equal(t, "Your card was declined.", *page.SeatError)
	require.Equal(t, 4, page.Seats, "the team change stands")
	require.Equal(t, 3, page.Quantity)

	require.NoError(t, billing.NewService(a.DB, configuredStripe(), "", nil).ApplySeats(context.Background(), args))
	page = billingPage(t, owner)
	require.Nil(t, page.SeatError)
	require.Equal(t, 4, page.Quantity)
}
