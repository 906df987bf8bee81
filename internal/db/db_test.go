package db_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/db/dbtest"
)

type probeArgs struct {
	N int `json:"n"`
}

func (probeArgs) Kind() string { return "probe" }

func countJobs(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	require.NoError(t, d.Pool.QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE kind = 'probe'`).Scan(&n))
	return n
}

func TestJobCommitsAndRollsBackWithTheTransaction(t *testing.T) {
	t.Parallel()
	env := dbtest.New(t)
	ctx := context.Background()
	boom := errors.New("boom")

	err := env.DB.InGlobal(ctx, func(tx *db.Tx) error {
		require.NoError(t, tx.InsertJob(ctx, probeArgs{N: 1}, nil))
		return boom
	})
	require.ErrorIs(t, err, boom)
	require.Equal(t, 0, countJobs(t, env.DB), "a rolled-back transaction must leave no job")

	require.NoError(t, env.DB.InGlobal(ctx, func(tx *db.Tx) error {
		return tx.InsertJob(ctx, probeArgs{N: 2}, nil)
	}))
	require.Equal(t, 1, countJobs(t, env.DB), "a committed transaction keeps its job")
}

func TestJoinedTxSharesTheGormTransaction(t *testing.T) {
	t.Parallel()
	env := dbtest.New(t)
	ctx := context.Background()
	pid := uuid.New()
	err := env.DB.InTenant(ctx, db.Scope{PracticeID: pid}, func(tx *db.Tx) error {
		require.NoError(t, tx.Gorm.Exec(`INSERT INTO practices (id, name) VALUES (?, 'Shared')`, pid).Error)
		return tx.WithPgx(func(ptx pgx.Tx) error {
			// The pgx view sees the GORM write: one transaction, one connection.
			var name string
			require.NoError(t, ptx.QueryRow(ctx, `SELECT name FROM practices WHERE id = $1`, pid).Scan(&name))
			require.Equal(t, "Shared", name)
			// A nested Begin is a savepoint: rolling it back undoes only its own work.
			nested, err := ptx.Begin(ctx)
			require.NoError(t, err)
			_, err = nested.Exec(ctx, `UPDATE practices SET name = 'Changed' WHERE id = $1`, pid)
			require.NoError(t, err)
			require.NoError(t, nested.Rollback(ctx))
			// The outer view cannot end the transaction it was lent.
			require.Error(t, ptx.Commit(ctx))
			require.Error(t, ptx.Rollback(ctx))
			return nil
		})
	})
	require.NoError(t, err)
	var name string
	require.NoError(t, env.DB.InTenant(ctx, db.Scope{PracticeID: pid}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT name FROM practices WHERE id = ?`, pid).Scan(&name).Error
	}))
	require.Equal(t, "Shared", name)
}

func TestTenantTransactionNeedsAPractice(t *testing.T) {
	t.Parallel()
	env := dbtest.New(t)
	err := env.DB.InTenant(context.Background(), db.Scope{}, func(*db.Tx) error { return nil })
	require.Error(t, err)
}

func TestSchemaFollowsTenancyRules(t *testing.T) {
	t.Parallel()
	env := dbtest.New(t)
	ctx := context.Background()
	tables, err := db.TenantTables(ctx, env.DB.Pool)
	require.NoError(t, err)
	require.Contains(t, tables, "memberships")
	problems, err := db.TenantSchemaProblems(ctx, env.DB.Pool)
	require.NoError(t, err)
	require.Empty(t, problems)
}

// The schema check must catch each kind of breach, or TestSchemaFollowsTenancyRules proves nothing.
func TestSchemaCheckCatchesBreaches(t *testing.T) {
	t.Parallel()
	env := dbtest.New(t)
	ctx := context.Background()
	owner, err := pgx.Connect(ctx, env.OwnerURL)
	require.NoError(t, err)
	defer owner.Close(ctx)
	_, err = owner.Exec(ctx, `
		CREATE TABLE bad_pk (practice_id uuid NOT NULL, id uuid PRIMARY KEY);
		ALTER TABLE bad_pk ENABLE ROW LEVEL SECURITY; ALTER TABLE bad_pk FORCE ROW LEVEL SECURITY;
		CREATE POLICY p ON bad_pk USING (practice_id = app_practice_id());
		CREATE TABLE bad_rls (practice_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (practice_id, id));
		CREATE TABLE bad_unforced (practice_id uuid NOT NULL, id uuid NOT NULL UNIQUE, PRIMARY KEY (practice_id, id));
		ALTER TABLE bad_unforced ENABLE ROW LEVEL SECURITY;
		CREATE POLICY p ON bad_unforced USING (practice_id = app_practice_id());
		CREATE TABLE bad_fk (practice_id uuid NOT NULL, id uuid NOT NULL, user_id uuid NOT NULL,
			PRIMARY KEY (practice_id, id),
			FOREIGN KEY (user_id) REFERENCES bad_unforced (id));
		ALTER TABLE bad_fk ENABLE ROW LEVEL SECURITY; ALTER TABLE bad_fk FORCE ROW LEVEL SECURITY;
		CREATE POLICY p ON bad_fk USING (practice_id = app_practice_id());
		CREATE POLICY leaky ON bad_fk FOR SELECT USING (true);
		CREATE TABLE bad_global (id uuid PRIMARY KEY, practice uuid REFERENCES practices (id));
		CREATE TABLE bad_owner (practice_id uuid NOT NULL, id uuid NOT NULL, other uuid NOT NULL REFERENCES practices (id),
			PRIMARY KEY (practice_id, id));
		ALTER TABLE bad_owner ENABLE ROW LEVEL SECURITY; ALTER TABLE bad_owner FORCE ROW LEVEL SECURITY;
		CREATE POLICY p ON bad_owner USING (practice_id = app_practice_id());
		CREATE POLICY narrow ON bad_owner AS RESTRICTIVE FOR DELETE USING (practice_id = app_practice_id());`)
	require.NoError(t, err)
	problems, err := db.TenantSchemaProblems(ctx, owner)
	require.NoError(t, err)
	require.Contains(t, problems, "bad_pk: practice_id is not in the primary key")
	require.Contains(t, problems, "bad_rls: row-level security is not enabled")
	require.Contains(t, problems, "bad_rls: row-level security is not forced")
	require.Contains(t, problems, "bad_rls: has no row-level security policy")
	require.Contains(t, problems, "bad_unforced: row-level security is not forced")
	require.Contains(t, problems, "bad_fk: policy leaky lets the application role past app_practice_id()")
	require.Contains(t, problems, "bad_fk: foreign key bad_fk_user_id_fkey to tenant table bad_unforced does not include practice_id")
	require.Contains(t, problems, "bad_unforced: unique index bad_unforced_id_key does not include practice_id")
	require.Contains(t, problems, "bad_global: foreign key bad_global_practice_fkey from a global table to practices, which is per practice")
	require.Contains(t, problems, "bad_owner: foreign key bad_owner_other_fkey to practices is not on practice_id")
	require.Contains(t, problems, "bad_owner: policy narrow is restrictive, which Citus 12 gives its nodes as permissive")
}

// The application connects as a role that row-level security binds: not a superuser, not
// BYPASSRLS, and owner of nothing (owners could turn security off).
func TestAppRoleCannotBypassRowLevelSecurity(t *testing.T) {
	t.Parallel()
	env := dbtest.New(t)
	ctx := context.Background()
	var user string
	var super, bypass bool
	var owned int
	require.NoError(t, env.DB.Pool.QueryRow(ctx, `SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`).Scan(&user, &super, &bypass))
	require.Equal(t, db.AppRole, user)
	require.False(t, super)
	require.False(t, bypass)
	require.NoError(t, env.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)`).Scan(&owned))
	require.Zero(t, owned)
	_, err := env.DB.Pool.Exec(ctx, `ALTER TABLE memberships NO FORCE ROW LEVEL SECURITY`)
	require.Error(t, err, "only the owner may change a table's security")
	_, err = env.DB.Pool.Exec(ctx, `CREATE TABLE sneaky (id int)`)
	require.Error(t, err, "the application role cannot create tables")
}

// tx.Gorm is bound to the transaction's context: a query through it stops when that context
// is cancelled, without WithContext (docs/decisions/0006-data-access.md).
func TestGormQueryIsCancelledWithTheTransactionContext(t *testing.T) {
	t.Parallel()
	env := dbtest.New(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var elapsed time.Duration
	err := env.DB.InTenant(ctx, db.Scope{PracticeID: uuid.New()}, func(tx *db.Tx) error {
		time.AfterFunc(100*time.Millisecond, cancel)
		start := time.Now()
		err := tx.Gorm.Exec(`SELECT pg_sleep(30)`).Error
		elapsed = time.Since(start)
		return err
	})
	require.ErrorIs(t, err, context.Canceled)
	require.Less(t, elapsed, 10*time.Second, "the statement must stop with the context, not run to its end")
}

// And fills a named query's filter slot: the conditions joined in order with their own
// arguments, True ones left out, and TRUE when none is left.
func TestAndJoinsConditionsForAFilterSlot(t *testing.T) {
	t.Parallel()
	env := dbtest.New(t)
	const countSQL = `SELECT count(*) FROM (VALUES (1), (2), (3), (4)) v(n) WHERE ?`
	count := func(filter clause.Expr) (n int) {
		require.NoError(t, env.DB.InGlobal(context.Background(), func(tx *db.Tx) error {
			return tx.Gorm.Raw(countSQL, filter).Scan(&n).Error
		}))
		return n
	}
	require.Equal(t, 4, count(db.And()))
	require.Equal(t, 4, count(db.And(db.True, db.True)))
	require.Equal(t, 1, count(db.And(gorm.Expr("n > ?", 1), db.True, gorm.Expr("n < ? OR n = ?", 4, 9), gorm.Expr("n <> ?", 2))),
		"each condition in its own parentheses: 3 alone")
}
