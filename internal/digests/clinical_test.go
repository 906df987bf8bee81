package digests_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/practice"
)

// A digest's caseload is clinical detail: an admin gets none even when assigned to a client, and
// an owner's emergency access adds none; both still get the practice's week, which is counts.
func TestDigestCaseloadIsOnlyForClinicalWork(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	client, _ := w.tm.Fixture(t, w.a)
	svc := clients.NewService(w.a.DB)
	owner := w.tm.Caller(practice.RoleOwner)
	both := []uuid.UUID{w.tm.Members[practice.RoleClinician].ID, w.tm.Members[practice.RoleAdmin].ID}
	_, err := svc.Update(ctx, owner, client, clients.Input{Name: "Jo Client", TimeZone: "UTC", ClinicianIDs: both})
	require.NoError(t, err)
	now := *owner.Staff
	now.At = w.clk.Now()
	_, err = svc.OpenEmergencyAccess(ctx, auth.Caller{Staff: &now}, clients.Subject{ID: client},
		"The clinician is away and a risk alert came in.")
	require.NoError(t, err)

	w.dispatch(t)
	w.toNextSend(t)
	require.Equal(t, 3, w.dispatch(t))
	for _, r := range []practice.Role{practice.RoleAdmin, practice.RoleOwner} {
		d := digestOf(t, w, r)
		require.Nil(t, d.Content.Caseload, r)
		require.NotNil(t, d.Content.Practice, r)
	}
	require.NotNil(t, digestOf(t, w, practice.RoleClinician).Content.Caseload)
}
