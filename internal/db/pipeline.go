package db

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// Pipeline sends a tenant's statements to PostgreSQL in one round trip, for hot paths where
// the round trips of a transaction (begin, tenant settings, each statement, commit) cost more
// than the statements. The statements run in order as one implicit transaction with the
// tenant's settings first: they commit together at the end, or none does if one fails.
//
// Unlike InTenant there is no deciding halfway: every statement has run by the time read sees
// the first result, so read can only look, not roll back. read gets the results of the
// caller's statements, in the order they were queued.
func (d *DB) Pipeline(ctx context.Context, scope Scope, b *pgx.Batch, read func(pgx.BatchResults) error) error {
	if scope.PracticeID == uuid.Nil {
		return errors.New("db: tenant pipeline without a practice")
	}
	full := &pgx.Batch{QueuedQueries: make([]*pgx.QueuedQuery, 0, len(b.QueuedQueries)+1)}
	full.Queue(`SELECT set_config('app.practice_id', $1, true), set_config('app.user_id', $2, true)`,
		scope.PracticeID.String(), optionalID(scope.UserID))
	full.QueuedQueries = append(full.QueuedQueries, b.QueuedQueries...)
	br := d.Pool.SendBatch(ctx, full)
	if _, err := br.Exec(); err != nil {
		_ = br.Close()
		return fmt.Errorf("db: set tenant: %w", err)
	}
	if read != nil {
		if err := read(br); err != nil {
			_ = br.Close()
			return err
		}
	}
	return br.Close()
}
