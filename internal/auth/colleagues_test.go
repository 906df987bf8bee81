package auth_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// A member reads their own practice's people and themselves; asked about another practice's
// member, or an id that is nobody, they get nothing, in their practice or outside any.
func TestColleaguesAreThePracticesOwn(t *testing.T) {
	t.Parallel()
	a, ours := apptest.Practice(t, "colleagues")
	theirs := apptest.SeedTeam(t, a, "elsewhere")
	me := ours.Members[practice.RoleClinician].ID
	colleague := ours.Members[practice.RoleOwner].ID
	stranger := theirs.Members[practice.RoleOwner].ID
	ids := []uuid.UUID{me, colleague, stranger, uuid.New()}
	ctx := context.Background()

	var names map[uuid.UUID]string
	require.NoError(t, a.DB.InTenant(ctx, db.Scope{PracticeID: ours.ID, UserID: me}, func(tx *db.Tx) (err error) {
		names, err = auth.UserNames(ctx, tx, ids)
		return err
	}))
	require.Len(t, names, 2)
	require.Contains(t, names, me)
	require.Contains(t, names, colleague)

	var people []auth.Colleague
	require.NoError(t, a.DB.InGlobal(ctx, func(tx *db.Tx) (err error) {
		people, err = auth.UsersByEmail(ctx, tx, ids)
		return err
	}))
	require.Empty(t, people, "outside a practice, nobody (not even oneself: no user is named)")
}
