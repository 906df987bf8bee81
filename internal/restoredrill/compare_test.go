package restoredrill

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/stretchr/testify/require"
)

// picture is what a database holds, as text that compares: each table's row count and a
// checksum of its rows, and the catalog that guards them (row-level security, policies,
// grants, owners, definer functions, sequences' positions).
type picture struct {
	Rows    map[string]int      // each table's row count
	Tables  []string            // each table's name, row count and checksum of its rows
	Catalog map[string][]string // each catalog query's rows
}

// catalog are the catalog queries whose answers a restore must keep, each row as text.
var catalog = map[string]string{
	"tables": `SELECT relname, relkind, relpersistence, relowner::regrole, relrowsecurity, relforcerowsecurity, relacl
		FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'S', 'v', 'm')`,
	"policies": `SELECT tablename, policyname, permissive, roles, cmd, qual, with_check
		FROM pg_policies WHERE schemaname = 'public'`,
	"functions": `SELECT proname, pg_get_function_identity_arguments(oid), prosecdef, proowner::regrole, proacl, proconfig
		FROM pg_proc WHERE pronamespace = 'public'::regnamespace`,
	"constraints": `SELECT conrelid::regclass, conname, pg_get_constraintdef(oid)
		FROM pg_constraint WHERE connamespace = 'public'::regnamespace`,
	"indexes":   `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'`,
	"triggers":  `SELECT tgrelid::regclass, tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal`,
	"sequences": `SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'`,
}

// take pictures the database at dsn as the schema owner. Row-level security is forced on the
// owner too, so it is lifted inside a transaction that is rolled back, after the catalog is read.
func take(t *testing.T, dsn string) picture {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	defer conn.Close(ctx)
	tx, err := conn.Begin(ctx)
	require.NoError(t, err)
	defer tx.Rollback(ctx)
	p := picture{Rows: map[string]int{}, Catalog: map[string][]string{}}
	for name, q := range catalog {
		p.Catalog[name] = texts(t, tx, `SELECT x::text FROM (`+q+`) x ORDER BY 1`)
	}
	tables := texts(t, tx, `SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')`)
	_, err = tx.Exec(ctx, forceSQL(texts(t, tx, forcedSQL), false))
	require.NoError(t, err)
	for _, table := range tables {
		var n int
		var sum string
		q := `SELECT count(*), coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM ` +
			pgx.Identifier{table}.Sanitize() + ` t`
		require.NoError(t, tx.QueryRow(ctx, q).Scan(&n, &sum), table)
		p.Rows[table] = n
		p.Tables = append(p.Tables, fmt.Sprintf("%s: %d rows, md5 %s", table, n, sum))
	}
	return p
}

// requireSame fails, naming them, if the restored picture lacks lines of the source's or
// has lines it did not.
func requireSame(t *testing.T, source, restored picture) {
	t.Helper()
	same := func(what string, a, b []string) {
		if lost, added := minus(a, b), minus(b, a); len(lost)+len(added) > 0 {
			t.Errorf("%s differ after the restore:\n  lost: %q\n  new:  %q", what, lost, added)
		}
	}
	same("tables' rows", source.Tables, restored.Tables)
	for name := range catalog {
		same(name, source.Catalog[name], restored.Catalog[name])
	}
}

// minus is the lines of a that b lacks.
func minus(a, b []string) []string {
	in := map[string]bool{}
	for _, s := range b {
		in[s] = true
	}
	var out []string
	for _, s := range a {
		if !in[s] {
			out = append(out, s)
		}
	}
	return out
}

// forcedSQL lists the tables whose row-level security binds their owner too.
const forcedSQL = `SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relforcerowsecurity`

// forceSQL is the statement that forces row-level security on tables, or lifts it.
func forceSQL(tables []string, on bool) string {
	verb := " NO FORCE"
	if on {
		verb = " FORCE"
	}
	var b strings.Builder
	for _, table := range tables {
		b.WriteString(`ALTER TABLE ` + pgx.Identifier{table}.Sanitize() + verb + ` ROW LEVEL SECURITY;`)
	}
	return b.String()
}

// texts runs a query of one text column and returns its rows.
func texts(t *testing.T, tx pgx.Tx, q string) []string {
	rows, err := tx.Query(context.Background(), q)
	require.NoError(t, err, q)
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err, q)
	return out
}

// dumpSource dumps the source as a role that bypasses row-level security, as
// docs/operations.md asks: TEST_BACKUP_DATABASE_URL's, or TEST_DATABASE_URL's when it is a
// superuser, with dump (the archive or plain SQL). It returns the dump and the tables whose
// FORCE a copy restored from it must get back.
func dumpSource(t *testing.T, a *apptest.App, dump func(*testing.T, string) string) (string, []string) {
	backup := os.Getenv("TEST_BACKUP_DATABASE_URL")
	if backup == "" {
		backup = os.Getenv("TEST_DATABASE_URL")
	}
	dsn := withDB(t, backup, a.Env.Name, "", "")
	if bypassesRLS(t, dsn) {
		return dump(t, dsn), nil
	}
	// Forced row-level security holds the owner too, so pg_dump as the owner stops at the
	// first tenant table. Without a backup role the drill lifts FORCE on its own throwaway
	// source for the dump; the archive then lacks FORCE, which is put back on the copy.
	t.Logf("no role that bypasses row-level security (set TEST_BACKUP_DATABASE_URL to drill the documented " +
		"backup role): dumping as the owner with FORCE lifted on the source")
	owner := a.Env.OwnerURL
	forced := ownerTexts(t, owner, forcedSQL)
	ownerExec(t, owner, forceSQL(forced, false))
	file := dump(t, owner)
	ownerExec(t, owner, forceSQL(forced, true))
	return file, forced
}

// bypassesRLS says whether the role of dsn reads past row-level security.
func bypassesRLS(t *testing.T, dsn string) bool {
	got := ownerTexts(t, dsn, `SELECT (rolsuper OR rolbypassrls)::text FROM pg_roles WHERE rolname = current_user`)
	return len(got) == 1 && got[0] == "true"
}

// ownerTexts runs a query of one text column on dsn.
func ownerTexts(t *testing.T, dsn, q string) []string {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	defer conn.Close(ctx)
	tx, err := conn.Begin(ctx)
	require.NoError(t, err)
	defer tx.Rollback(ctx)
	return texts(t, tx, q)
}
