package db_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/db/dbtest"
)

// A pipeline sees only its tenant's rows, leaves no setting behind on the pooled connection,
// and commits all of its statements or none.
func TestPipelineIsOneTenantTransaction(t *testing.T) {
	t.Parallel()
	env := dbtest.New(t)
	ctx := context.Background()
	mine, theirs := uuid.New(), uuid.New()
	for _, p := range []uuid.UUID{mine, theirs} {
		require.NoError(t, env.DB.InTenant(ctx, db.Scope{PracticeID: p}, func(tx *db.Tx) error {
			return tx.Gorm.Exec(`INSERT INTO practices (id, name) VALUES (?, 'P')`, p).Error
		}))
	}
	rename := func(name string, then string) error {
		b := &pgx.Batch{}
		b.Queue(`UPDATE practices SET name = $1`, name)
		b.Queue(then)
		return env.DB.Pipeline(ctx, db.Scope{PracticeID: mine}, b, nil)
	}
	nameOf := func(p uuid.UUID) (name string) {
		require.NoError(t, env.DB.InTenant(ctx, db.Scope{PracticeID: p}, func(tx *db.Tx) error {
			return tx.Gorm.Raw(`SELECT name FROM practices`).Scan(&name).Error
		}))
		return name
	}

	require.NoError(t, rename("Renamed", `SELECT 1`))
	require.Equal(t, "Renamed", nameOf(mine))
	require.Equal(t, "P", nameOf(theirs), "row-level security keeps the pipeline to its tenant")

	require.Error(t, rename("Lost", `SELECT 1/0`))
	require.Equal(t, "Renamed", nameOf(mine), "a failing statement undoes the ones before it")

	var seen []uuid.UUID
	b := &pgx.Batch{}
	b.Queue(`SELECT id FROM practices`)
	require.NoError(t, env.DB.Pipeline(ctx, db.Scope{PracticeID: mine}, b, func(r pgx.BatchResults) error {
		rows, err := r.Query()
		if err != nil {
			return err
		}
		seen, err = pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
		return err
	}))
	require.Equal(t, []uuid.UUID{mine}, seen)
	for range 8 { // every connection of the pool, as far as it goes: none keeps the tenant
		var setting string
		require.NoError(t, env.DB.Pool.QueryRow(ctx, `SELECT coalesce(current_setting('app.practice_id', true), '')`).Scan(&setting))
		require.Empty(t, setting)
	}
	require.Error(t, env.DB.Pipeline(ctx, db.Scope{}, &pgx.Batch{}, nil), "a pipeline needs a practice")
}
