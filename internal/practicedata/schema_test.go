package practicedata_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/db/dbtest"
	"github.com/steadyhq/steady/internal/practicedata"
)

// Every column of a tenant table that looks like a credential or ciphertext (a bytea, or a
// name with hash, secret, token, password or sealed in it) has a rule in the export: left out,
// or sealed clinical text it opens. A new one fails here until it is decided, so an archive
// never carries a secret, nor ciphertext where the practice should read words.
func TestEverySecretLookingColumnIsDecided(t *testing.T) {
	t.Parallel()
	env := dbtest.New(t)
	conn, err := pgx.Connect(context.Background(), env.OwnerURL)
	require.NoError(t, err)
	defer conn.Close(context.Background())
	rows, err := conn.Query(context.Background(), `SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
		FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
		WHERE c.relkind = 'r' AND EXISTS (SELECT 1 FROM pg_attribute p WHERE p.attrelid = c.oid AND p.attname = 'practice_id')`)
	require.NoError(t, err)
	checked := 0
	for rows.Next() {
		var table, column, typ string
		require.NoError(t, rows.Scan(&table, &column, &typ))
		if typ == "bytea" || practicedata.LooksSecret(column) {
			checked++
			if !practicedata.Decided(table, column) {
				t.Errorf("%s.%s (%s) looks like a secret or ciphertext: withhold it from the export, or open it as "+
					"sealed text (practicedata's withheld.go)", table, column, typ)
			}
		}
	}
	require.NoError(t, rows.Err())
	require.Positive(t, checked, "the catalog was read")
}

// Every tenant table's rows go when their practice is deleted: each reaches practices through
// foreign keys that cascade, except the audit trail, which the deletion removes first (and a
// global table, which cannot point at a practice at all: db.TenantSchemaProblems).
func TestEveryTenantTableCascadesFromPractices(t *testing.T) {
	t.Parallel()
	env := dbtest.New(t)
	conn, err := pgx.Connect(context.Background(), env.OwnerURL)
	require.NoError(t, err)
	defer conn.Close(context.Background())
	rows, err := conn.Query(context.Background(), `
		WITH RECURSIVE tenant AS (
			SELECT c.oid, c.relname FROM pg_class c
			JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
			WHERE c.relkind = 'r' AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'practice_id')
		), reached AS (
			SELECT 'practices'::regclass::oid AS oid
			UNION
			SELECT k.conrelid FROM pg_constraint k JOIN reached r ON k.confrelid = r.oid
			WHERE k.contype = 'f' AND k.confdeltype = 'c'
		)
		SELECT relname FROM tenant WHERE oid NOT IN (SELECT oid FROM reached) ORDER BY 1`)
	require.NoError(t, err)
	left, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	require.Equal(t, []string{"audit_events"}, left, "only the audit trail is deleted apart from the cascades")
}
