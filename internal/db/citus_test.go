package db_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/db/dbtest"
)

// The plan, read from the live schema: the database settings, every key set aside and made
// again, every global table a reference table, practices distributed by id before the tenant
// tables, each of those by practice_id beside practices; River's tables and the ledger stay.
// Once it has run (on Citus), the plan is empty.
func TestCitusPlanCoversTheSchema(t *testing.T) {
	t.Parallel()
	env := dbtest.New(t)
	ctx := context.Background()
	plan, err := db.CitusPlanAt(ctx, env.OwnerURL)
	require.NoError(t, err)
	if os.Getenv("TEST_CITUS_ADMIN_URLS") != "" {
		// On Citus the template was distributed by this very plan: nothing is left to place.
		require.Empty(t, plan, "every table placed")
		return
	}
	text := strings.Join(plan, "\n")
	tenant, err := db.TenantTables(ctx, env.DB.Pool)
	require.NoError(t, err)
	for _, name := range tenant {
		require.Contains(t, text, "create_distributed_table('public."+name+"', 'practice_id', colocate_with => 'public.practices')")
	}
	for _, name := range []string{"users", "sessions", "rate_limits", "recovery_codes"} {
		require.Contains(t, text, "create_reference_table('public."+name+"')")
	}
	require.NotContains(t, text, "river_")
	require.NotContains(t, text, "schema_migrations")
	practices := strings.Index(text, "create_distributed_table('public.practices', 'id')")
	require.Positive(t, practices)
	require.Less(t, practices, strings.Index(text, "create_distributed_table('public.clients'"))
	require.Less(t, strings.Index(text, "create_reference_table('public.users')"), strings.Index(text, "create_reference_table('public.sessions')"),
		"a referenced table first")
	require.Equal(t, strings.Count(text, "DROP CONSTRAINT"), strings.Count(text, "ADD CONSTRAINT"))
	require.Contains(t, text, "ADD CONSTRAINT assignments_practice_id_client_id_fkey FOREIGN KEY (practice_id, client_id) REFERENCES clients(practice_id, id)")
}

// On Citus every shard of every tenant table keeps row-level security, forced, with its
// policies: the worker enforces the tenant whatever reaches it.
func TestCitusShardsKeepRowSecurity(t *testing.T) {
	t.Parallel()
	nodes := os.Getenv("TEST_CITUS_ADMIN_URLS")
	if nodes == "" {
		t.Skip("runs on Citus only (make test-citus)")
	}
	env := dbtest.New(t)
	ctx := context.Background()
	tenant, err := db.TenantTables(ctx, env.DB.Pool)
	require.NoError(t, err)
	shards := 0
	for _, n := range strings.Split(nodes, ",")[1:] {
		conn, err := pgx.Connect(ctx, strings.Replace(n, "/postgres?", "/"+env.Name+"?", 1))
		require.NoError(t, err)
		// Citus hides shards from catalog queries on the workers unless asked.
		_, err = conn.Exec(ctx, `SET citus.override_table_visibility TO off`)
		require.NoError(t, err)
		rows, err := conn.Query(ctx, `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
				(SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid)
			FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace AND s.nspname = 'public'
			WHERE c.relkind = 'r' AND c.relname ~ '_[0-9]+$'`)
		require.NoError(t, err)
		for rows.Next() {
			var name string
			var enabled, forced bool
			var policies int
			require.NoError(t, rows.Scan(&name, &enabled, &forced, &policies))
			if !isShardOf(name, tenant) {
				continue
			}
			shards++
			require.True(t, enabled && forced && policies > 0, "shard %s: enabled %v, forced %v, %d policies", name, enabled, forced, policies)
		}
		require.NoError(t, rows.Err())
		conn.Close(ctx)
	}
	require.GreaterOrEqual(t, shards, len(tenant)*2, "every tenant table has shards on the workers")
}

// isShardOf says whether a relation name is a shard (name_12345) of one of tables.
func isShardOf(name string, tables []string) bool {
	i := strings.LastIndex(name, "_")
	for _, t := range tables {
		if name[:i] == t {
			return true
		}
	}
	return false
}
