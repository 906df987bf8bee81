package practice_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// Settings read back as written; a security switch left nil stays as it was, and quiet hours
// and the two-factor rule are read by the domains that need them from the same columns.
func TestSettingsRoundTrip(t *testing.T) {
	t.Parallel()
	b := setup(t, "kappa")
	yes := true
	b.in(t, func(ctx context.Context, tx *db.Tx) error {
		st, err := practice.GetSettings(ctx, tx, b.team.ID)
		require.NoError(t, err)
		require.Equal(t, "kappa", st.Name)
		require.NotNil(t, st.RequireTwoFactor, "always set when read")
		st.QuietHoursStart, st.QuietHoursEnd, st.RequireTwoFactor = "21:30", "06:45", &yes
		return practice.UpdateSettings(ctx, tx, b.team.ID, st)
	})
	b.in(t, func(ctx context.Context, tx *db.Tx) error {
		st, err := practice.GetSettings(ctx, tx, b.team.ID)
		require.NoError(t, err)
		st.Name, st.RequireTwoFactor = "Kappa Practice", nil // nil: unchanged
		return practice.UpdateSettings(ctx, tx, b.team.ID, st)
	})
	b.in(t, func(ctx context.Context, tx *db.Tx) error {
		st, err := practice.GetSettings(ctx, tx, b.team.ID)
		require.NoError(t, err)
		require.Equal(t, "Kappa Practice", st.Name)
		required, err := practice.RequiresTwoFactor(ctx, tx, b.team.ID)
		require.NoError(t, err)
		require.True(t, required, "a nil switch in an update keeps the rule")
		q, err := practice.QuietHours(ctx, tx)
		require.NoError(t, err)
		require.Equal(t, cadence.Window{From: cadence.Clock{Hour: 21, Minute: 30}, To: cadence.Clock{Hour: 6, Minute: 45}}, q)
		return nil
	})
}

// Members are the transaction's practice's: roles, who is active, and a deactivated member
// no longer counted among the active.
func TestMembers(t *testing.T) {
	t.Parallel()
	b := setup(t, "lambda")
	owner := b.team.Members[practice.RoleOwner].ID
	clinician := b.team.Members[practice.RoleClinician].ID
	b.in(t, func(ctx context.Context, tx *db.Tx) error {
		ms, err := practice.Members(ctx, tx)
		require.NoError(t, err)
		require.Len(t, ms, 3)
		heads, err := practice.ActiveWithRoles(ctx, tx, practice.RoleOwner, practice.RoleAdmin)
		require.NoError(t, err)
		require.ElementsMatch(t, []uuid.UUID{owner, b.team.Members[practice.RoleAdmin].ID}, heads)
		_, err = practice.FindMember(ctx, tx, uuid.New())
		require.ErrorIs(t, err, practice.ErrNotFound)
		return practice.SetActive(ctx, tx, clinician, false)
	})
	b.in(t, func(ctx context.Context, tx *db.Tx) error {
		active, err := practice.ActiveAmong(ctx, tx, []uuid.UUID{owner, clinician})
		require.NoError(t, err)
		require.Equal(t, []uuid.UUID{owner}, active)
		m, err := practice.FindMember(ctx, tx, clinician)
		require.NoError(t, err)
		require.NotEqual(t, practice.StatusActive, m.Status)
		isMember, err := practice.IsMember(ctx, tx, clinician)
		require.NoError(t, err)
		require.True(t, isMember, "a deactivated member is still a member")
		require.NoError(t, practice.SetRole(ctx, tx, clinician, practice.RoleAdmin))
		m, err = practice.FindMember(ctx, tx, clinician)
		require.NoError(t, err)
		require.Equal(t, practice.RoleAdmin, m.Role)
		return nil
	})
}

// Another practice's settings and members are out of sight: row-level security holds for the
// functions as for everything else.
func TestAnotherPracticeIsOutOfSight(t *testing.T) {
	t.Parallel()
	b := setup(t, "mu")
	other := setup(t, "nu")
	b.in(t, func(ctx context.Context, tx *db.Tx) error {
		st, err := practice.GetSettings(ctx, tx, other.team.ID)
		require.NoError(t, err)
		require.Empty(t, st.Name, "no row of another practice")
		required, err := practice.RequiresTwoFactor(ctx, tx, other.team.ID)
		require.NoError(t, err)
		require.False(t, required)
		_, err = practice.FindMember(ctx, tx, other.team.Members[practice.RoleOwner].ID)
		require.ErrorIs(t, err, practice.ErrNotFound)
		return nil
	})
}
