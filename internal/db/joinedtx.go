package db

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// errOuterOwned is what the outermost joinedTx answers to Commit or Rollback: the
// transaction that opened it (DB.run) decides the outcome, never River.
var errOuterOwned = errors.New("db: the enclosing transaction owns commit and rollback")

// joinedTx presents a transaction already open on conn (begun by DB.run) as a
// pgx.Tx, so River can insert jobs in it. Begin makes a savepoint; only those nested levels
// may be committed (released) or rolled back by the holder.
type joinedTx struct {
	conn  *pgx.Conn
	depth int
	done  bool
}

var _ pgx.Tx = (*joinedTx)(nil)

func (t *joinedTx) savepoint() string { return fmt.Sprintf("joined_sp_%d", t.depth) }

func (t *joinedTx) Begin(ctx context.Context) (pgx.Tx, error) {
	if t.done {
		return nil, pgx.ErrTxClosed
	}
	nested := &joinedTx{conn: t.conn, depth: t.depth + 1}
	if _, err := t.conn.Exec(ctx, "SAVEPOINT "+nested.savepoint()); err != nil {
		return nil, err
	}
	return nested, nil
}

func (t *joinedTx) Commit(ctx context.Context) error {
	return t.finish(ctx, "RELEASE SAVEPOINT ")
}

func (t *joinedTx) Rollback(ctx context.Context) error {
	return t.finish(ctx, "ROLLBACK TO SAVEPOINT ")
}

func (t *joinedTx) finish(ctx context.Context, verb string) error {
	if t.depth == 0 {
		return errOuterOwned
	}
	if t.done {
		return pgx.ErrTxClosed
	}
	t.done = true
	_, err := t.conn.Exec(ctx, verb+t.savepoint())
	return err
}

func (t *joinedTx) CopyFrom(ctx context.Context, table pgx.Identifier, cols []string, src pgx.CopyFromSource) (int64, error) {
	return t.conn.CopyFrom(ctx, table, cols, src)
}

func (t *joinedTx) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	return t.conn.SendBatch(ctx, b)
}

// LargeObjects is not supported on a joined transaction; Steady stores no large objects.
func (t *joinedTx) LargeObjects() pgx.LargeObjects { return pgx.LargeObjects{} }

func (t *joinedTx) Prepare(ctx context.Context, name, sql string) (*pgconn.StatementDescription, error) {
	return t.conn.Prepare(ctx, name, sql)
}

func (t *joinedTx) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return t.conn.Exec(ctx, sql, args...)
}

func (t *joinedTx) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return t.conn.Query(ctx, sql, args...)
}

func (t *joinedTx) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return t.conn.QueryRow(ctx, sql, args...)
}

func (t *joinedTx) Conn() *pgx.Conn { return t.conn }
