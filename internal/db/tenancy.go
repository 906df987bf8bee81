package db

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// TenantSchemaProblems checks the tenancy rules against the live catalog and returns one line
// per breach: a tenant table (any table with a practice_id column) must have practice_id in its
// primary key, in every foreign key to another tenant table, and row-level security enabled,
// forced and with at least one policy; every policy that applies to the application role
// must filter on app_practice_id(). Citus' co-location by practice_id relies on the same
// rules, and on two more checked here: practice_id in every unique index of a tenant table, and
// no foreign key from a global table (a reference table on Citus) to a tenant table or to
// practices (distributed), and no restrictive policy, which Citus 12.1 hands to its nodes as
// a permissive one; see CitusPlan and deploy/scale-out.md.
func TenantSchemaProblems(ctx context.Context, q interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}) ([]string, error) {
	rows, err := q.Query(ctx, tenantRulesSQL)
	if err != nil {
		return nil, err
	}
	problems, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (string, error) {
		var table, problem string
		err := r.Scan(&table, &problem)
		return fmt.Sprintf("%s: %s", table, problem), err
	})
	return problems, err
}

// TenantTables lists the tenant tables of the current schema, from the catalog.
func TenantTables(ctx context.Context, q interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT c.relname FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'practice_id' AND NOT a.attisdropped
		WHERE c.relkind IN ('r', 'p') ORDER BY 1`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

const tenantRulesSQL = `
WITH tenant AS (
	SELECT c.oid, c.relname, c.relrowsecurity, c.relforcerowsecurity, a.attnum AS pcol
	FROM pg_class c
	JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
	JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'practice_id' AND NOT a.attisdropped
	WHERE c.relkind IN ('r', 'p')
)
SELECT relname, 'practice_id is not in the primary key' FROM tenant t
	WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = t.oid AND k.contype = 'p' AND t.pcol = ANY (k.conkey))
UNION ALL
SELECT relname, 'row-level security is not enabled' FROM tenant WHERE NOT relrowsecurity
UNION ALL
SELECT relname, 'row-level security is not forced' FROM tenant WHERE NOT relforcerowsecurity
UNION ALL
SELECT relname, 'has no row-level security policy' FROM tenant t
	WHERE NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = t.oid)
UNION ALL
SELECT c.relname, 'policy ' || p.polname || ' is restrictive, which Citus 12 gives its nodes as permissive'
	FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
	JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
	WHERE NOT p.polpermissive
UNION ALL
SELECT t.relname, 'policy ' || p.polname || ' lets the application role past app_practice_id()'
	FROM tenant t JOIN pg_policy p ON p.polrelid = t.oid
	WHERE (0 = ANY (p.polroles) OR (SELECT oid FROM pg_roles WHERE rolname = '` + AppRole + `') = ANY (p.polroles))
	  AND coalesce(pg_get_expr(p.polqual, p.polrelid), '') NOT LIKE '%app_practice_id()%'
UNION ALL
SELECT t.relname, 'foreign key ' || k.conname || ' to tenant table ' || r.relname || ' does not include practice_id'
	FROM tenant t
	JOIN pg_constraint k ON k.conrelid = t.oid AND k.contype = 'f'
	JOIN tenant r ON r.oid = k.confrelid
	WHERE NOT (t.pcol = ANY (k.conkey) AND r.pcol = ANY (k.confkey))
UNION ALL
SELECT t.relname, 'unique index ' || i.relname || ' does not include practice_id'
	FROM tenant t
	JOIN pg_index x ON x.indrelid = t.oid AND x.indisunique
	JOIN pg_class i ON i.oid = x.indexrelid
	WHERE NOT (t.pcol = ANY (x.indkey))
UNION ALL
SELECT c.relname, 'foreign key ' || k.conname || ' from a global table to ' || r.relname || ', which is per practice'
	FROM pg_constraint k
	JOIN pg_class c ON c.oid = k.conrelid
	JOIN pg_class r ON r.oid = k.confrelid
	JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
	WHERE k.contype = 'f' AND c.relname <> 'practices' AND NOT EXISTS (SELECT 1 FROM tenant t WHERE t.oid = c.oid)
	  AND (r.relname = 'practices' OR EXISTS (SELECT 1 FROM tenant t WHERE t.oid = r.oid))
UNION ALL
SELECT t.relname, 'foreign key ' || k.conname || ' to practices is not on practice_id'
	FROM tenant t
	JOIN pg_constraint k ON k.conrelid = t.oid AND k.contype = 'f'
	JOIN pg_class r ON r.oid = k.confrelid AND r.relname = 'practices'
	WHERE k.conkey <> ARRAY[t.pcol]
UNION ALL
SELECT 'practices', 'row-level security is not enabled and forced'
	FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
	WHERE c.relname = 'practices' AND NOT (c.relrowsecurity AND c.relforcerowsecurity)
ORDER BY 1, 2`
