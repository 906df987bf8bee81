package db

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"gorm.io/gorm/clause"
)

// Batch is statements sent to PostgreSQL in one round trip, for hot paths where the round
// trips of a transaction (begin, tenant settings, each statement, commit) cost more than the
// statements. Each statement runs as the tenant named by the As before it; a batch may name
// several, so that one round trip serves many practices. Results are read by the callbacks
// pgx lets each queued statement carry (QueuedQuery.Query, QueryRow, Exec).
type Batch struct {
	pgx.Batch
	tenant bool // As has been called
}

// As runs the statements queued after it as scope's tenant, until the next As.
func (b *Batch) As(scope Scope) error {
	if scope.PracticeID == uuid.Nil {
		return errors.New("db: tenant batch without a practice")
	}
	// Two statements: a batch runs each by the extended protocol, which takes one at a time.
	for _, st := range scope.tenantStatements() {
		b.Queue(st)
	}
	b.tenant = true
	return nil
}

// Send runs the batch as one transaction: its statements commit together at the end, or none
// does if one fails. Unlike InTenant there is no deciding halfway: every statement has run by
// the time the first callback sees its result, so callbacks can only look, not roll back.
//
// The transaction is an explicit BEGIN … COMMIT sent in the same round trip, not the implicit
// one a pipeline makes by itself: Citus passes a SET LOCAL on to its nodes only inside a
// transaction block, and a batch that names a second tenant must reach them with it. After a
// failure the server skips the rest, COMMIT included, and pgx's pool drops the connection it
// finds still in a transaction, which rolls it back.
func (d *DB) Send(ctx context.Context, b *Batch) error {
	if b.Len() == 0 {
		return nil
	}
	if !b.tenant || !strings.HasPrefix(b.QueuedQueries[0].SQL, tenantPrefix) {
		return errors.New("db: a batch must name its tenant first")
	}
	wrapped := &pgx.Batch{QueuedQueries: make([]*pgx.QueuedQuery, 0, b.Len()+2)}
	wrapped.Queue("BEGIN")
	wrapped.QueuedQueries = append(wrapped.QueuedQueries, b.QueuedQueries...)
	wrapped.Queue("COMMIT")
	return d.Pool.SendBatch(ctx, wrapped).Close()
}

// Numbered turns a named query written for GORM (`?` placeholders, a filter slot taking a
// clause.Expr with its own) into the numbered form ($1, $2, …) that a Batch or Pipe sends,
// with its arguments in order; a filter's SQL is written in place. Like GORM, it takes every
// `?` for a placeholder, so the named queries stay the same text on either path.
func Numbered(sql string, vars ...any) (string, []any) {
	var b strings.Builder
	var out []any
	number(&b, &out, sql, vars)
	return b.String(), out
}

func number(b *strings.Builder, out *[]any, sql string, vars []any) {
	next := 0
	for {
		i := strings.IndexByte(sql, '?')
		if i < 0 || next >= len(vars) {
			b.WriteString(sql)
			return
		}
		b.WriteString(sql[:i])
		sql = sql[i+1:]
		switch v := vars[next].(type) {
		case clause.Expr:
			number(b, out, v.SQL, v.Vars)
		case []byte:
			*out = append(*out, v)
			fmt.Fprintf(b, "$%d", len(*out))
		default:
			if reflect.TypeOf(v) != nil && reflect.TypeOf(v).Kind() == reflect.Slice {
				// GORM writes a list as one placeholder per item; a numbered query takes an array.
				panic("db.Numbered: a list argument; compare with = ANY(?) and pass an array type")
			}
			*out = append(*out, v)
			fmt.Fprintf(b, "$%d", len(*out))
		}
		next++
	}
}
