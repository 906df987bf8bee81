package db

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Querier is what reads the catalog: a pool, a connection or a transaction.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// CoordinatorTables stay plain tables on a Citus coordinator, with every river_ table: River's
// queue (it locks rows with SKIP LOCKED and wants one place to do it) and the migration ledger
// (read and written by `steady migrate` alone).
var CoordinatorTables = []string{"schema_migrations"}

// CitusDatabaseSettings are the database's defaults Steady needs on a Citus coordinator.
// Tenant settings are SET LOCAL (db.Scope.tenantStatements); propagate_set_commands passes
// them on to every node a transaction reaches, where the shards' policies read them. Triggers
// on distributed tables run on the shard; co-location keeps the rows they write on its node.
var CitusDatabaseSettings = []string{"citus.propagate_set_commands TO local", "citus.enable_unsafe_triggers TO on"}

// CitusPlan returns, from the live schema, the statements that spread it over a Citus
// cluster: practices distributed by id; every tenant table (one with practice_id) distributed
// by practice_id and co-located with practices, so one practice's rows sit together on one
// node and its joins and triggers stay there; every other table, except CoordinatorTables, a
// reference table copied to every node. Referenced tables come before those pointing at them,
// as Citus requires, and tables already distributed are left out, so running it again after a
// migration distributes only the new tables.
func CitusPlan(ctx context.Context, q Querier) ([]string, error) {
	tables, err := citusTables(ctx, q)
	if err != nil {
		return nil, err
	}
	keys, err := foreignKeys(ctx, q)
	if err != nil {
		return nil, err
	}
	refs := map[string][]string{}
	for _, k := range keys {
		refs[k.from] = append(refs[k.from], k.to)
	}
	var reference, tenant []string
	for name, t := range tables {
		switch {
		case t.distributed || name == "practices" || isCoordinatorTable(name):
		case t.tenant:
			tenant = append(tenant, name)
		default:
			reference = append(reference, name)
		}
	}
	todo := map[string]bool{}
	for _, n := range append(append([]string{}, reference...), tenant...) {
		todo[n] = true
	}
	if p, ok := tables["practices"]; ok && !p.distributed {
		todo["practices"] = true
	}
	if len(todo) == 0 {
		return nil, nil // nothing left to distribute
	}
	// Practices and some tenant tables have triggers that keep derived rows of the same
	// practice; co-location keeps those rows on the trigger's own node (deploy/scale-out.md).
	out := []string{"SET citus.enable_unsafe_triggers TO on;"}
	for _, set := range CitusDatabaseSettings {
		out = append(out, fmt.Sprintf("DO $$ BEGIN EXECUTE format('ALTER DATABASE %%I SET %s', current_database()); END $$;", set))
	}
	// The foreign keys touching the tables to move are set aside and made again afterwards:
	// while tables move one at a time, a key between a moved and an unmoved one is one Citus
	// refuses, and made again it is checked against the rows.
	var setAside []foreignKey
	for _, k := range keys {
		if todo[k.from] || todo[k.to] {
			setAside = append(setAside, k)
			out = append(out, fmt.Sprintf("ALTER TABLE public.%s DROP CONSTRAINT %s;", k.from, k.name))
		}
	}
	for _, name := range dependencyOrder(reference, refs) {
		out = append(out, fmt.Sprintf("SELECT create_reference_table('public.%s');", name))
	}
	if todo["practices"] {
		out = append(out, "SELECT create_distributed_table('public.practices', 'id');")
	}
	for _, name := range dependencyOrder(tenant, refs) {
		out = append(out, fmt.Sprintf("SELECT create_distributed_table('public.%s', 'practice_id', colocate_with => 'public.practices');", name))
	}
	for _, k := range setAside {
		out = append(out, fmt.Sprintf("ALTER TABLE public.%s ADD CONSTRAINT %s %s;", k.from, k.name, k.def))
	}
	return out, nil
}

type citusTable struct{ tenant, distributed bool }

// citusTablesSQL lists the schema's tables and whether each has practice_id; %s says whether
// Citus already holds it as planned: hash-distributed (partmethod h) or a reference table (n,
// replicated: t). A table that only points at a reference table is made a "Citus local" table
// by Citus on the way (n, s); that is not done.
const citusTablesSQL = `SELECT c.relname,
		EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'practice_id' AND NOT a.attisdropped),
		%s
	FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
	WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition`

const (
	distributedSQL = `EXISTS (SELECT 1 FROM pg_catalog.pg_dist_partition d WHERE d.logicalrelid = c.oid
		AND (d.partmethod = 'h' OR d.repmodel = 't'))`
	// withoutCitus stands in where Citus is not installed (its catalog cannot even be named).
	withoutCitus = `false`
)

func citusTables(ctx context.Context, q Querier) (map[string]citusTable, error) {
	var citus bool
	if err := q.QueryRow(ctx, `SELECT to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL`).Scan(&citus); err != nil {
		return nil, err
	}
	col := withoutCitus
	if citus {
		col = distributedSQL
	}
	rows, err := q.Query(ctx, fmt.Sprintf(citusTablesSQL, col))
	if err != nil {
		return nil, err
	}
	out := map[string]citusTable{}
	var name string
	var t citusTable
	_, err = pgx.ForEachRow(rows, []any{&name, &t.tenant, &t.distributed}, func() error {
		out[name] = t
		return nil
	})
	return out, err
}

// foreignKey is one foreign key: its table, name, the table it points at, and its definition.
type foreignKey struct{ from, name, to, def string }

// foreignKeys lists the schema's foreign keys, in a stable order.
func foreignKeys(ctx context.Context, q Querier) ([]foreignKey, error) {
	rows, err := q.Query(ctx, `SELECT c.relname, k.conname, r.relname, pg_get_constraintdef(k.oid) FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
		WHERE k.contype = 'f' ORDER BY 1, 2`)
	if err != nil {
		return nil, err
	}
	var out []foreignKey
	var k foreignKey
	_, err = pgx.ForEachRow(rows, []any{&k.from, &k.name, &k.to, &k.def}, func() error {
		out = append(out, k)
		return nil
	})
	return out, err
}

// dependencyOrder orders names so that each comes after the names it points at (among
// names), alphabetically where the keys leave a choice, so the plan reads the same each time.
func dependencyOrder(names []string, refs map[string][]string) []string {
	sort.Strings(names)
	in := map[string]bool{}
	for _, n := range names {
		in[n] = true
	}
	done := map[string]bool{}
	var out []string
	var visit func(string)
	visit = func(n string) {
		if done[n] {
			return
		}
		done[n] = true // set first: a cycle of keys cannot loop forever
		deps := append([]string(nil), refs[n]...)
		sort.Strings(deps)
		for _, d := range deps {
			if in[d] {
				visit(d)
			}
		}
		out = append(out, n)
	}
	for _, n := range names {
		visit(n)
	}
	return out
}

func isCoordinatorTable(name string) bool {
	return strings.HasPrefix(name, "river_") || slices.Contains(CoordinatorTables, name)
}

// CitusPlanAt connects to ownerURL (the schema owner) and returns CitusPlan.
func CitusPlanAt(ctx context.Context, ownerURL string) ([]string, error) {
	conn, err := pgx.Connect(ctx, ownerURL)
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	return CitusPlan(ctx, conn)
}
