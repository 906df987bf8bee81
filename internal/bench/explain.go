package bench

import (
	"context"
	"net/http"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/db"
)

// Statement is one query a request ran, with its arguments.
type Statement struct {
	SQL  string
	Args []any
}

// recorder keeps the reads that run through GORM while it is on.
type recorder struct {
	mu   sync.Mutex
	on   bool
	seen []Statement
}

// Record hooks the recorder into d's GORM callbacks (reads only: finds, counts, plucks, scans).
func Record(d *db.DB) (*recorder, error) {
	r := &recorder{}
	keep := func(g *gorm.DB) {
		r.mu.Lock()
		defer r.mu.Unlock()
		sql := g.Statement.SQL.String()
		if r.on && strings.HasPrefix(strings.TrimSpace(strings.ToUpper(sql)), "SELECT") {
			r.seen = append(r.seen, Statement{SQL: sql, Args: append([]any(nil), g.Statement.Vars...)})
		}
	}
	if err := d.Gorm.Callback().Query().After("gorm:query").Register("bench:record", keep); err != nil {
		return nil, err
	}
	return r, d.Gorm.Callback().Row().After("gorm:row").Register("bench:record", keep)
}

// During returns the reads one request runs.
func (r *recorder) During(h http.Handler, cookie *http.Cookie, path string) ([]Statement, error) {
	r.mu.Lock()
	r.on, r.seen = true, nil
	r.mu.Unlock()
	_, err := serve(h, cookie, path)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.on = false
	return r.seen, err
}

// Explain runs EXPLAIN (ANALYZE, BUFFERS) on each statement as scope, in a transaction that
// is rolled back, and returns the plans.
func Explain(ctx context.Context, d *db.DB, scope db.Scope, sts []Statement) ([]string, error) {
	var plans []string
	err := d.InTenant(ctx, scope, func(tx *db.Tx) error {
		return tx.WithPgx(func(ptx pgx.Tx) error {
			for _, st := range sts {
				rows, err := ptx.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) "+st.SQL, st.Args...)
				if err != nil {
					return err
				}
				lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
				if err != nil {
					return err
				}
				plans = append(plans, strings.Join(lines, "\n"))
			}
			return nil
		})
	})
	return plans, err
}
