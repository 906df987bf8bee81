package practice

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
)

// Closure is a closed practice's closing: when, by whom, and when its data is deleted.
// internal/practicedata closes practices and deletes them; the columns are this package's.
type Closure struct {
	ClosedAt    time.Time
	ClosedBy    uuid.NullUUID
	DeleteAfter time.Time
}

const (
	// closeSQL closes an open practice; a closed one is left as it was.
	closeSQL = `UPDATE practices SET closed_at = ?, closed_by = ?, delete_after = ?
		WHERE id = ? AND closed_at IS NULL`
	// closureSQL reads a practice's closing, locking the row (its closing and its deletion
	// take the lock, so neither runs twice at once); the id is named for Citus as well.
	closureSQL = `SELECT closed_at, closed_by, delete_after FROM practices WHERE id = ? FOR UPDATE`
	// dueForDeletionSQL lists the practices whose data is due for deletion (a definer function).
	dueForDeletionSQL = `SELECT practices_due_for_deletion(?)`
	// deleteClosedSQL deletes a closed practice; its tenant rows go by the cascades.
	deleteClosedSQL = `DELETE FROM practices WHERE id = ? AND closed_at IS NOT NULL`
)

// Close marks practice id closed at at by userID, its data to be deleted after deleteAfter.
// It reports false, and changes nothing, when the practice was closed already.
func Close(ctx context.Context, tx *db.Tx, id, userID uuid.UUID, at, deleteAfter time.Time) (bool, error) {
	res := tx.Gorm.Exec(closeSQL, at, userID, deleteAfter, id)
	return res.RowsAffected == 1, res.Error
}

// LockClosure reads and locks practice id's row and returns its closing, or nil while it is
// open; ErrNotFound when the transaction cannot see it (deleted, or another practice).
func LockClosure(ctx context.Context, tx *db.Tx, id uuid.UUID) (*Closure, error) {
	var closedAt, deleteAfter sql.NullTime
	var c Closure
	err := tx.Gorm.Raw(closureSQL, id).Row().Scan(&closedAt, &c.ClosedBy, &deleteAfter)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil || !closedAt.Valid {
		return nil, err
	}
	c.ClosedAt, c.DeleteAfter = closedAt.Time, deleteAfter.Time
	return &c, nil
}

// DueForDeletion lists, across practices, the closed ones whose delete_after has come by now,
// soonest first. It runs outside any tenant (db.InGlobal).
func DueForDeletion(ctx context.Context, tx *db.Tx, now time.Time) ([]uuid.UUID, error) {
	var ids []uuid.UUID
	err := tx.Gorm.Raw(dueForDeletionSQL, now).Scan(&ids).Error
	return ids, err
}

// DeleteClosed deletes the transaction's practice, which must be closed (a row-level security
// policy refuses any other), and with it every row that cascades from it. It reports whether
// there was one to delete.
func DeleteClosed(ctx context.Context, tx *db.Tx, id uuid.UUID) (bool, error) {
	res := tx.Gorm.Exec(deleteClosedSQL, id)
	return res.RowsAffected == 1, res.Error
}
