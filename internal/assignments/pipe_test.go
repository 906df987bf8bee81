package assignments_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// An answer's one read (QueueLoad) gives the assignment once and its client's whole time-zone
// history, oldest first, however many zones the client has had; an id the practice does not
// have gives neither.
func TestQueueLoadReadsTheAssignmentWithItsClientsZones(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "pipe_load")
	ctx := context.Background()
	client, _ := tm.Fixture(t, a)
	id := apptest.AssignDaily(t, a, tm.Caller(practice.RoleClinician), client).ID
	moved := a.Config.Clock()().Add(-30 * 24 * time.Hour).Truncate(time.Second)
	require.NoError(t, a.DB.InTenant(ctx, db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Exec(`INSERT INTO client_time_zones (practice_id, client_id, effective_from, time_zone)
			VALUES (?, ?, ?, 'America/New_York')`, tm.ID, client, moved).Error
	}))

	load := func(id uuid.UUID) (*assignments.Assignment, []cadence.Zone) {
		p, err := a.DB.Pipe(ctx, db.Scope{PracticeID: tm.ID})
		require.NoError(t, err)
		defer p.Close()
		var got *assignments.Assignment
		var zones []cadence.Zone
		assignments.QueueLoad(p, id, &got, &zones)
		require.NoError(t, p.Commit(ctx))
		return got, zones
	}
	got, zones := load(id)
	require.NotNil(t, got)
	require.Equal(t, id, got.ID)
	require.Equal(t, client, got.ClientID)
	require.NotEmpty(t, got.Definition.Fields, "the definition is read")
	require.Len(t, zones, 2, "both zones, the assignment once")
	require.Equal(t, "America/New_York", zones[0].Loc.String(), "oldest first")
	require.True(t, zones[0].From.Equal(moved))
	require.Equal(t, "UTC", zones[1].Loc.String())

	again, _ := load(id)
	require.Equal(t, got.Definition, again.Definition, "the kept definition is the one read")

	none, noZones := load(uuid.New())
	require.Nil(t, none)
	require.Empty(t, noZones)
}
