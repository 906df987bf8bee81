package db_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/db/dbtest"
)

// A batch runs each statement as the tenant named before it, leaves no setting behind on the
// pooled connection, and commits all of its statements or none.
func TestBatchIsOneTransactionOfTenants(t *testing.T) {
	t.Parallel()
	env := dbtest.New(t)
	ctx := context.Background()
	one, two, other := uuid.New(), uuid.New(), uuid.New()
	for _, p := range []uuid.UUID{one, two, other} {
		require.NoError(t, env.DB.InTenant(ctx, db.Scope{PracticeID: p}, func(tx *db.Tx) error {
			return tx.Gorm.Exec(`INSERT INTO practices (id, name) VALUES (?, 'P')`, p).Error
		}))
	}
	rename := func(last string, names ...string) error {
		b := &db.Batch{}
		for i, p := range []uuid.UUID{one, two} {
			require.NoError(t, b.As(db.Scope{PracticeID: p}))
			b.Queue(`UPDATE practices SET name = $1`, names[i])
		}
		b.Queue(last)
		return env.DB.Send(ctx, b)
	}
	nameOf := func(p uuid.UUID) (name string) {
		require.NoError(t, env.DB.InTenant(ctx, db.Scope{PracticeID: p}, func(tx *db.Tx) error {
			return tx.Gorm.Raw(`SELECT name FROM practices`).Scan(&name).Error
		}))
		return name
	}

	require.NoError(t, rename(`SELECT 1`, "One", "Two"))
	require.Equal(t, "One", nameOf(one), "each statement runs as the tenant named before it")
	require.Equal(t, "Two", nameOf(two))
	require.Equal(t, "P", nameOf(other), "row-level security keeps the batch to its tenants")

	require.Error(t, rename(`SELECT 1/0`, "Lost", "Lost"))
	require.Equal(t, "One", nameOf(one), "a failing statement undoes the ones before it")
	require.Equal(t, "Two", nameOf(two))

	var seen []uuid.UUID
	b := &db.Batch{}
	require.NoError(t, b.As(db.Scope{PracticeID: two}))
	b.Queue(`SELECT id FROM practices`).Query(func(rows pgx.Rows) (err error) {
		seen, err = pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
		return err
	})
	require.NoError(t, env.DB.Send(ctx, b))
	require.Equal(t, []uuid.UUID{two}, seen)
	for range 8 { // every connection of the pool, as far as it goes: none keeps the tenant
		var setting string
		require.NoError(t, env.DB.Pool.QueryRow(ctx, `SELECT coalesce(current_setting('app.practice_id', true), '')`).Scan(&setting))
		require.Empty(t, setting)
	}

	require.Error(t, (&db.Batch{}).As(db.Scope{}), "a batch needs a practice")
	untenanted := &db.Batch{}
	untenanted.Queue(`UPDATE practices SET name = 'Nobody'`)
	require.Error(t, env.DB.Send(ctx, untenanted), "a batch must name its tenant first")
}

// Numbered writes a filter slot's SQL in place and numbers every argument in order, so a named
// query reads the same on the GORM path and in a Batch.
func TestNumberedWritesFiltersInPlace(t *testing.T) {
	inner := gorm.Expr("c.id IN (SELECT id FROM x WHERE a = ? OR b = ?)", 1, 2)
	sql, args := db.Numbered(`SELECT ? FROM t WHERE ? AND z = ? LIMIT ?`, "first", db.And(inner, gorm.Expr("y = ?", 3)), []byte("z"), 10)
	require.Equal(t, `SELECT $1 FROM t WHERE (c.id IN (SELECT id FROM x WHERE a = $2 OR b = $3)) AND (y = $4) AND z = $5 LIMIT $6`, sql)
	require.Equal(t, []any{"first", 1, 2, 3, []byte("z"), 10}, args)
	sql, args = db.Numbered(`SELECT 1 WHERE ?`, db.True)
	require.Equal(t, `SELECT 1 WHERE TRUE`, sql)
	require.Empty(t, args)
	require.Panics(t, func() { db.Numbered(`x IN ?`, []int{1, 2}) }, "a list would be one array argument")
}

// A pipe without a person names none, and finds none named: a person named by SET LOCAL in an
// earlier transaction on the same pooled connection is gone when the next one begins.
func TestPipeWithoutAPersonHasNone(t *testing.T) {
	t.Parallel()
	env := dbtest.New(t)
	ctx := context.Background()
	practice, person := uuid.New(), uuid.New()
	require.NoError(t, env.DB.InTenant(ctx, db.Scope{PracticeID: practice}, func(tx *db.Tx) error {
		return tx.Gorm.Exec(`INSERT INTO practices (id, name) VALUES (?, 'P')`, practice).Error
	}))
	for range 8 { // every connection of the pool, as far as it goes, has named the person once
		require.NoError(t, env.DB.InTenant(ctx, db.Scope{PracticeID: practice, UserID: person}, func(tx *db.Tx) error {
			var named string
			err := tx.Gorm.Raw(`SELECT app_user_id()::text`).Scan(&named).Error
			require.Equal(t, person.String(), named)
			return err
		}))
	}
	for range 8 {
		p, err := env.DB.Pipe(ctx, db.Scope{PracticeID: practice})
		require.NoError(t, err)
		var named *string
		p.Queue(`SELECT app_user_id()::text`).QueryRow(func(row pgx.Row) error { return row.Scan(&named) })
		require.NoError(t, p.Commit(ctx))
		require.Nil(t, named, "a client's pipe runs as no person")
	}
}
