package practicedata_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// rowsOf counts a practice's rows in every tenant table, and its practices row, as stored
// (row-level security lifted, so nothing can hide).
func rowsOf(t *testing.T, w *world, practiceID uuid.UUID) map[string]int64 {
	t.Helper()
	tables, err := db.TenantTables(context.Background(), w.a.DB.Pool)
	require.NoError(t, err)
	out := map[string]int64{}
	w.a.AsOwner(t, append(tables, "practices"), func(tx pgx.Tx) {
		ctx := context.Background()
		for _, table := range tables {
			var n int64
			require.NoError(t, tx.QueryRow(ctx, `SELECT count(*) FROM `+pgx.Identifier{table}.Sanitize()+
				` WHERE practice_id = $1`, practiceID).Scan(&n))
			out[table] = n
		}
		var n int64
		require.NoError(t, tx.QueryRow(ctx, `SELECT count(*) FROM practices WHERE id = $1`, practiceID).Scan(&n))
		out["practices"] = n
	})
	return out
}

// deletionOut is a practice_deletions row.
type deletionOut struct {
	ClosedAt    time.Time
	ClosedBy    *uuid.UUID
	DeleteAfter time.Time
	DeletedAt   time.Time
	RowCounts   map[string]int64
	RowsDeleted int64
}

// deletionOf reads the record of a deleted practice; ok is false when there is none.
func deletionOf(t *testing.T, w *world, practiceID uuid.UUID) (d deletionOut, ok bool) {
	t.Helper()
	var counts []byte
	err := w.a.DB.Pool.QueryRow(context.Background(), `SELECT closed_at, closed_by, delete_after, deleted_at, row_counts,
		rows_deleted FROM practice_deletions WHERE deleted_practice_id = $1`, practiceID).
		Scan(&d.ClosedAt, &d.ClosedBy, &d.DeleteAfter, &d.DeletedAt, &counts, &d.RowsDeleted)
	if err == pgx.ErrNoRows {
		return d, false
	}
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(counts, &d.RowCounts))
	return d, true
}

// deleteDue runs the deletion once, at the clock's time.
func deleteDue(t *testing.T, w *world) int {
	t.Helper()
	n, err := w.svc.DeleteDue(context.Background())
	require.NoError(t, err)
	return n
}

// Nothing is deleted before delete_after; after it, every row of the practice in every tenant
// table goes, the other practice keeps every row, and a record of the deletion stays, with the
// counts of what went. Running again deletes nothing more.
func TestAClosedPracticeIsDeletedAfterItsRetention(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	e := w.start(t)
	w.build(t, e.ID)
	closed := w.close(t)
	require.Zero(t, deleteDue(t, w), "not before its date")
	w.clk.Advance(closed.DeleteAfter.Sub(w.clk.Now()) - time.Minute)
	require.Zero(t, deleteDue(t, w), "not a minute before it")

	mine, theirs := rowsOf(t, w, w.tm.ID), rowsOf(t, w, w.other.ID)
	var total int64
	for table, n := range mine {
		require.Positive(t, n+boolInt(emptyHere[table]), "the fixture fills %s, so its deletion is shown", table)
		total += n
	}
	w.clk.Advance(2 * time.Minute)
	require.Equal(t, 1, deleteDue(t, w))
	for table, n := range rowsOf(t, w, w.tm.ID) {
		require.Zero(t, n, "no row of %s is left", table)
	}
	require.Equal(t, theirs, rowsOf(t, w, w.other.ID), "the other practice keeps every row")
	require.Zero(t, w.a.CountRows(t, `SELECT count(*) FROM sessions WHERE current_practice_id = $1`, w.tm.ID))

	d, ok := deletionOf(t, w, w.tm.ID)
	require.True(t, ok, "the deletion is recorded")
	require.Equal(t, mine, d.RowCounts)
	require.Equal(t, total, d.RowsDeleted)
	require.Equal(t, w.tm.Members[practice.RoleOwner].ID, *d.ClosedBy)
	require.True(t, d.ClosedAt.Equal(closed.ClosedAt))
	require.True(t, d.DeleteAfter.Equal(closed.DeleteAfter))
	require.True(t, d.DeletedAt.Equal(w.clk.Now()))
	require.Zero(t, deleteDue(t, w), "deleted once")
}

// emptyHere are the tenant tables the fixture leaves empty after closing (its sessions end).
var emptyHere = map[string]bool{"client_sessions": true}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// The periodic job does the deleting, through River's own client.
func TestTheDeletionJobDeletesWhatIsDue(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	closed := w.close(t)
	w.clk.Advance(closed.DeleteAfter.Sub(w.clk.Now()) + time.Hour)
	apptest.StartWorkers(t, w.a) // periodic jobs run once on start
	apptest.WaitFor(t, "the deletion", func() bool { _, ok := deletionOf(t, w, w.tm.ID); return ok })
	require.Zero(t, rowsOf(t, w, w.tm.ID)["practices"])
	require.Equal(t, int64(1), rowsOf(t, w, w.other.ID)["practices"])
}

// A deletion that fails part-way (here a table whose rows do not cascade from practices)
// leaves the practice whole, trail included, and no record; the next run, once the cause is
// gone, deletes it all.
func TestAFailedDeletionLeavesThePracticeWholeAndResumes(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	closed := w.close(t)
	owner(t, w, `CREATE TABLE stray_notes (practice_id uuid NOT NULL REFERENCES practices (id), id integer NOT NULL,
			PRIMARY KEY (practice_id, id))`,
		// On Citus a table pointing at practices is spread like them (a no-op elsewhere).
		`DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
			PERFORM create_distributed_table('stray_notes', 'practice_id', colocate_with => 'practices');
		END IF; END $$`,
		`INSERT INTO stray_notes VALUES ('`+w.tm.ID.String()+`', 1)`,
		`ALTER TABLE stray_notes ENABLE ROW LEVEL SECURITY`, `ALTER TABLE stray_notes FORCE ROW LEVEL SECURITY`,
		`CREATE POLICY stray_notes_tenant ON stray_notes USING (practice_id = app_practice_id())`,
		`GRANT SELECT ON stray_notes TO `+db.AppRole)
	w.clk.Advance(closed.DeleteAfter.Sub(w.clk.Now()) + time.Minute)
	before := rowsOf(t, w, w.tm.ID)
	_, err := w.svc.DeleteDue(context.Background())
	require.ErrorContains(t, err, "stray_notes")
	require.Equal(t, before, rowsOf(t, w, w.tm.ID), "nothing of the practice went")
	require.Positive(t, before["audit_events"])
	_, ok := deletionOf(t, w, w.tm.ID)
	require.False(t, ok)

	owner(t, w, `DROP TABLE stray_notes`)
	require.Equal(t, 1, deleteDue(t, w))
	_, ok = deletionOf(t, w, w.tm.ID)
	require.True(t, ok)
}

// owner runs statements as the schema's owner.
func owner(t *testing.T, w *world, stmts ...string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, w.a.Env.OwnerURL)
	require.NoError(t, err)
	defer conn.Close(ctx)
	for _, s := range stmts {
		_, err := conn.Exec(ctx, s)
		require.NoError(t, err, s)
	}
}

// An open practice's trail cannot be deleted, even in its own transaction: the append-only
// rule bends only for a closed practice's deletion.
func TestAnOpenPracticesTrailStays(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	err := w.a.DB.InTenant(context.Background(), db.Scope{PracticeID: w.tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Exec(`DELETE FROM audit_events`).Error
	})
	require.ErrorContains(t, err, "append-only")
	err = w.a.DB.InTenant(context.Background(), db.Scope{PracticeID: w.tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Exec(`DELETE FROM practices WHERE id = ?`, w.tm.ID).Error
	})
	require.NoError(t, err, "row-level security hides an open practice from a delete")
	require.Equal(t, int64(1), rowsOf(t, w, w.tm.ID)["practices"])
}
