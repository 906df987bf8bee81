package db_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/db/dbtest"
)

// A tenant transaction begins with its tenant's settings in one round trip and ends itself:
// committed when fn returns nil, rolled back on an error or a panic, an error when a failed
// statement was passed over (PostgreSQL turns that COMMIT into a rollback), and never a
// transaction of GORM's own inside it. Nothing of it is left on the pooled connections.
func TestTransactionsEndThemselves(t *testing.T) {
	t.Parallel()
	env := dbtest.New(t)
	ctx := context.Background()
	p := uuid.New()
	require.NoError(t, env.DB.InTenant(ctx, db.Scope{PracticeID: p}, func(tx *db.Tx) error {
		return tx.Gorm.Exec(`INSERT INTO practices (id, name) VALUES (?, 'Kept')`, p).Error
	}))
	name := func() (n string) {
		require.NoError(t, env.DB.InTenant(ctx, db.Scope{PracticeID: p}, func(tx *db.Tx) error {
			return tx.Gorm.Raw(`SELECT name FROM practices`).Scan(&n).Error
		}))
		return n
	}
	require.Equal(t, "Kept", name(), "committed")
	rename := func(to string) func(*db.Tx) error {
		return func(tx *db.Tx) error { return tx.Gorm.Exec(`UPDATE practices SET name = ?`, to).Error }
	}

	err := env.DB.InTenant(ctx, db.Scope{PracticeID: p}, func(tx *db.Tx) error {
		_ = rename("Lost")(tx)
		_ = tx.Gorm.Exec(`SELECT 1/0`).Error // failed, and passed over
		return nil
	})
	require.ErrorContains(t, err, "rolled back")
	require.Equal(t, "Kept", name())

	require.Panics(t, func() {
		_ = env.DB.InTenant(ctx, db.Scope{PracticeID: p}, func(tx *db.Tx) error {
			require.NoError(t, rename("Lost")(tx))
			panic("boom")
		})
	})
	require.Equal(t, "Kept", name(), "a panic rolls back")

	err = env.DB.InTenant(ctx, db.Scope{PracticeID: p}, func(tx *db.Tx) error {
		require.NoError(t, rename("Lost")(tx))
		return tx.Gorm.Transaction(func(inner *gorm.DB) error { return nil })
	})
	require.ErrorIs(t, err, gorm.ErrInvalidTransaction, "GORM cannot begin or commit one of its own")
	require.Equal(t, "Kept", name())

	cancelled, cancel := context.WithCancel(ctx)
	err = env.DB.InTenant(cancelled, db.Scope{PracticeID: p}, func(tx *db.Tx) error {
		require.NoError(t, rename("Lost")(tx))
		cancel()
		return tx.Gorm.Exec(`SELECT 1`).Error
	})
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, "Kept", name(), "a cancelled request's transaction still ends")

	// Every pooled connection is outside any transaction and tenant.
	var conns []*sql.Conn
	for range 4 {
		c, err := env.DB.SQL.Conn(ctx)
		require.NoError(t, err)
		conns = append(conns, c)
	}
	for _, c := range conns {
		require.NoError(t, c.Raw(func(dc any) error {
			pc := dc.(*stdlib.Conn).Conn()
			require.Equal(t, byte('I'), pc.PgConn().TxStatus(), "idle, in no transaction")
			var tenant string
			require.NoError(t, pc.QueryRow(ctx, `SELECT coalesce(current_setting('app.practice_id', true), '')`).Scan(&tenant))
			require.Empty(t, tenant)
			return nil
		}))
		require.NoError(t, c.Close())
	}
}
