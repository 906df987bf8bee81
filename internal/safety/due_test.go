package safety_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/safety"
)

// A couple's screen falls due when none is recorded, when the newest is 90 days old, and when
// a hold has stood for 28 days; a new screen settles it each time.
func TestScreensFallDue(t *testing.T) {
	t.Parallel()
	a, clk := apptest.NewClocked(t)
	tm := apptest.SeedTeam(t, a, "due")
	_, couple := tm.Fixture(t, a)
	clin := tm.Caller(practice.RoleClinician)
	ctx := context.Background()
	due := func() string {
		t.Helper()
		var out map[uuid.UUID]string
		require.NoError(t, a.DB.InTenant(ctx, db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) (err error) {
			out, err = safety.Due(ctx, tx, []uuid.UUID{couple}, clk.Now())
			return err
		}))
		return out[couple]
	}
	screen := func(decision string) {
		t.Helper()
		_, _, err := a.SafetySvc().RecordScreen(ctx, clin, couple, safety.Screen{Decision: decision})
		require.NoError(t, err)
	}

	require.Equal(t, "no safety screen recorded yet", due())
	screen("proceed")
	require.Empty(t, due(), "just screened")
	clk.Advance(89 * 24 * time.Hour)
	require.Empty(t, due(), "89 days on")
	clk.Advance(24 * time.Hour)
	require.Equal(t, "safety screen last recorded 90 days ago: due again", due())

	screen("hold")
	require.Empty(t, due(), "a fresh hold")
	clk.Advance(28 * 24 * time.Hour)
	require.Equal(t, "safety screen said hold 28 days ago: due for review", due())
	screen("proceed")
	require.Empty(t, due(), "screened again")
}
