package db

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/steadyhq/steady/internal/seal"
)

// Pipe is a tenant transaction whose statements go to PostgreSQL in batches, for the hottest
// paths (a client's answer): the first Flush sends BEGIN and the tenant's settings with the
// statements queued so far, each later one what was queued since, and Commit the rest with
// COMMIT, so a transaction that reads once and writes once takes two round trips. Results come
// back through the callbacks pgx lets each queued statement carry. A failed statement fails
// its Flush and ends the transaction: the statements after it, COMMIT included, are skipped,
// and Close rolls back. Every statement runs as the tenant, under row-level security, as in
// InTenant.
type Pipe struct {
	conn     *pgxpool.Conn
	batch    *pgx.Batch
	practice uuid.UUID
	keys     DataKeys
	done     bool
	sent     bool // a Flush has begun the transaction
}

// Pipe opens a pipelined transaction as scope's tenant; nothing is sent before the first
// Flush. The caller must Close it (after Commit too).
func (d *DB) Pipe(ctx context.Context, scope Scope) (*Pipe, error) {
	if scope.PracticeID == uuid.Nil {
		return nil, errNoPractice
	}
	conn, err := d.Pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("db: acquire connection: %w", err)
	}
	p := &Pipe{conn: conn, batch: &pgx.Batch{}, practice: scope.PracticeID, keys: d.keys}
	p.batch.Queue("BEGIN")
	st := scope.tenantStatements()
	p.batch.Queue(st[0])
	// A pipe is one transaction of one tenant, named first. Without a person (a client's
	// answer) it clears none: only SET LOCAL ever names one, so none is named when the
	// transaction starts, and app_user_id() reads unset and empty alike as NULL. (Batch.As
	// always clears it: a batch may name a second tenant after a first with a person.)
	if scope.UserID != uuid.Nil {
		p.batch.Queue(st[1])
	}
	return p, nil
}

// PracticeID is the tenant the pipe runs as.
func (p *Pipe) PracticeID() uuid.UUID { return p.practice }

// Queue adds a statement to the next Flush.
func (p *Pipe) Queue(sql string, args ...any) *pgx.QueuedQuery { return p.batch.Queue(sql, args...) }

// Require queues a condition the transaction cannot go on without: query, a SELECT, must find
// a row, or PostgreSQL ends the transaction there, nothing queued after it runs, and Flush or
// Commit answers ErrUnmet. It lets a pipe send writes in the round trip of the reads they rely
// on, checked where they run. (The failure is a division by the rows' count, zero: a built-in
// error, with no function of our own to install on every node of a cluster.)
func (p *Pipe) Require(query string, args ...any) {
	p.batch.Queue("SELECT 1 / count(*) FROM ("+query+") required", args...)
}

// ErrUnmet is Flush's or Commit's answer when a condition queued by Require found no row.
var ErrUnmet = errors.New("db: a required row was not found")

// Flush sends what is queued and runs its callbacks.
func (p *Pipe) Flush(ctx context.Context) error {
	if p.done {
		return errPipeDone
	}
	b := p.batch
	p.batch = &pgx.Batch{}
	if b.Len() == 0 {
		return nil
	}
	p.sent = true
	err := p.conn.SendBatch(ctx, b).Close()
	if err != nil {
		p.Close()
	}
	if pg := (*pgconn.PgError)(nil); errors.As(err, &pg) && pg.Code == "22012" { // division_by_zero
		return ErrUnmet
	}
	return err
}

// Commit sends what is left with COMMIT. A transaction that failed is never committed.
func (p *Pipe) Commit(ctx context.Context) error {
	p.batch.Queue("COMMIT")
	if err := p.Flush(ctx); err != nil {
		return err
	}
	p.done = true
	p.conn.Release()
	return nil
}

// Close rolls back a transaction not committed and gives the connection back; a connection
// whose rollback fails is dropped, never pooled.
func (p *Pipe) Close() {
	if p.done {
		return
	}
	p.done = true
	if !p.sent { // nothing was sent, so nothing begun: nothing to roll back
		p.conn.Release()
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), endTimeout)
	defer cancel()
	if _, err := p.conn.Exec(ctx, "ROLLBACK"); err != nil {
		_ = p.conn.Conn().Close(ctx)
	}
	p.conn.Release()
}

var errPipeDone = errors.New("db: the pipelined transaction has ended")

// ErrKeyNotKept is Pipe.Seal's answer when the practice's data key is not in memory yet: the
// caller takes the transaction path (InTenant), which reads it (and keeps it for next time).
var ErrKeyNotKept = errors.New("db: the practice's data key is not kept yet")

// KeptKeys is the part of DataKeys that can answer without the database.
type KeptKeys interface {
	Kept(practiceID uuid.UUID) (*seal.Key, bool)
}

// Seal is Tx.Seal for a pipe, with the practice's key as kept in memory, or ErrKeyNotKept.
func (p *Pipe) Seal(plain []byte, purpose string) ([]byte, error) {
	kept, ok := p.keys.(KeptKeys)
	if !ok {
		return nil, ErrKeyNotKept
	}
	k, ok := kept.Kept(p.practice)
	if !ok {
		return nil, ErrKeyNotKept
	}
	return k.Seal(plain, purpose), nil
}
