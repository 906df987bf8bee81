package practice_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/db"
)

// bundle is where a practice test starts: Steady on a database of its own, the practice named
// name with a member of each role, and a way to run the package's functions inside that
// practice's tenant transaction, as every caller of them does.
type bundle struct {
	app  *apptest.App
	team *apptest.Team
}

func setup(t *testing.T, name string) bundle {
	t.Helper()
	a := apptest.New(t)
	return bundle{app: a, team: apptest.SeedTeam(t, a, name)}
}

// in runs fn in the practice's tenant transaction and fails the test on an error.
func (b bundle) in(t *testing.T, fn func(ctx context.Context, tx *db.Tx) error) {
	t.Helper()
	ctx := context.Background()
	require.NoError(t, b.app.DB.InTenant(ctx, db.Scope{PracticeID: b.team.ID}, func(tx *db.Tx) error { return fn(ctx, tx) }))
}
