package practicedata

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/steadyhq/steady/internal/db"
)

// table is a table of the practice's as the catalog describes it: a tenant table (one with
// practice_id), or practices itself.
type table struct {
	Name    string
	Columns []column
	Key     []string // the primary key's columns: rows are read in this order
}

// column is one column of a table.
type column struct {
	Name string
	Type string // format_type's name for it: "text", "timestamp with time zone", "uuid[]", ...
}

// catalogColumnsSQL lists the columns of practices and of every tenant table of the schema.
// Tables are found, never named: a table added by a later migration is exported (and counted
// when a practice is deleted) without a change here.
const catalogColumnsSQL = `SELECT c.relname AS table_name, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
	FROM pg_class c
	JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
	JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
	WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND (c.relname = 'practices' OR EXISTS (
		SELECT 1 FROM pg_attribute p WHERE p.attrelid = c.oid AND p.attname = 'practice_id' AND NOT p.attisdropped))
	ORDER BY c.relname, a.attnum`

// catalogKeysSQL lists the primary key columns of the same tables, in key order.
const catalogKeysSQL = `SELECT c.relname AS table_name, a.attname AS name
	FROM pg_constraint k
	JOIN pg_class c ON c.oid = k.conrelid
	JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
	CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord)
	JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.attnum
	WHERE k.contype = 'p'
	ORDER BY c.relname, u.ord`

// practiceTables reads the practice's tables from the catalog, in name order.
func practiceTables(ctx context.Context, tx *db.Tx) ([]table, error) {
	var cols []struct {
		TableName string
		Name      string
		Type      string
	}
	if err := tx.Gorm.Raw(catalogColumnsSQL).Scan(&cols).Error; err != nil {
		return nil, err
	}
	var keys []struct{ TableName, Name string }
	if err := tx.Gorm.Raw(catalogKeysSQL).Scan(&keys).Error; err != nil {
		return nil, err
	}
	var out []table
	at := map[string]int{}
	for _, c := range cols {
		i, ok := at[c.TableName]
		if !ok {
			i = len(out)
			at[c.TableName] = i
			out = append(out, table{Name: c.TableName})
		}
		out[i].Columns = append(out[i].Columns, column{Name: c.Name, Type: c.Type})
	}
	for _, k := range keys {
		if i, ok := at[k.TableName]; ok {
			out[i].Key = append(out[i].Key, k.Name)
		}
	}
	return out, nil
}

// ident quotes a name the catalog gave, for a statement built around it.
func ident(name string) string { return pgx.Identifier{name}.Sanitize() }

// ownRows is the condition that picks the practice's rows of t: row-level security already
// keeps every statement to the practice; naming it as a value lets Citus send the statement
// to the practice's own node. The id is a uuid's canonical text, never input.
func (t table) ownRows(tx *db.Tx) string {
	col := "practice_id"
	if t.Name == "practices" {
		col = "id"
	}
	return ident(col) + " = '" + tx.PracticeID().String() + "'"
}

// countSQL counts the practice's rows of t.
func (t table) countSQL(tx *db.Tx) string {
	return "SELECT count(*) FROM " + ident(t.Name) + " WHERE " + t.ownRows(tx)
}

// orderBy is t's primary key, so rows come out in a stable order.
func (t table) orderBy() string {
	if len(t.Key) == 0 {
		return ""
	}
	keys := make([]string, len(t.Key))
	for i, k := range t.Key {
		keys[i] = ident(k)
	}
	return " ORDER BY " + strings.Join(keys, ", ")
}
