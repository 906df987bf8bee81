package practicedata

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// DeletionInterval is how often the deletion job looks for closed practices whose retention
// has passed. Their data goes within the hour after delete_after.
const DeletionInterval = time.Hour

// DeletionArgs is the periodic job that deletes closed practices past their retention.
type DeletionArgs struct{}

// Kind names the job.
func (DeletionArgs) Kind() string { return "practice_deletion" }

// DeletionWorker runs the deletions.
type DeletionWorker struct {
	river.WorkerDefaults[DeletionArgs]
	Data *Service
}

// Work deletes what is due.
func (w *DeletionWorker) Work(ctx context.Context, _ *river.Job[DeletionArgs]) error {
	_, err := w.Data.DeleteDue(ctx)
	return err
}

// insertDeletionSQL records a deleted practice; the record outlives it.
const insertDeletionSQL = `INSERT INTO practice_deletions (deleted_practice_id, closed_at, closed_by, delete_after,
	deleted_at, row_counts, rows_deleted) VALUES (?, ?, ?, ?, ?, ?, ?)`

// DeleteDue deletes every closed practice whose delete_after has come, each in one transaction
// of its own, and returns how many went. One that fails is left for the next run; the others
// are still deleted.
func (s *Service) DeleteDue(ctx context.Context) (int, error) {
	now := s.now()
	var due []uuid.UUID
	if err := s.db.InGlobal(ctx, func(tx *db.Tx) (err error) {
		due, err = practice.DueForDeletion(ctx, tx, now)
		return err
	}); err != nil {
		return 0, err
	}
	deleted := 0
	var errs []error
	for _, id := range due {
		ok, err := s.deletePractice(ctx, id, now)
		if err != nil {
			errs = append(errs, fmt.Errorf("practicedata: delete practice %s: %w", id, err))
			continue
		}
		if ok {
			deleted++
		}
	}
	return deleted, errors.Join(errs...)
}

// deletePractice deletes one closed practice whose retention has passed, all at once: it
// counts the rows of every tenant table, ends the sessions still pointing at it (a global
// table), deletes its audit trail and then the practice, whose rows go by the cascades; then
// it checks every tenant table is empty of it, and writes the record. Any failure rolls all of
// it back, so a crash or a retry starts from a whole practice again; a practice already gone,
// or not yet due, is left alone.
func (s *Service) deletePractice(ctx context.Context, id uuid.UUID, now time.Time) (bool, error) {
	var counts map[string]int64
	var total int64
	err := s.db.InTenant(ctx, db.Scope{PracticeID: id}, func(tx *db.Tx) error {
		c, err := practice.LockClosure(ctx, tx, id)
		if errors.Is(err, practice.ErrNotFound) || (err == nil && (c == nil || c.DeleteAfter.After(now))) {
			return errNothingDue
		}
		if err != nil {
			return err
		}
		tables, err := practiceTables(ctx, tx)
		if err != nil {
			return err
		}
		if counts, err = countRows(tx, tables); err != nil {
			return err
		}
		if err := remove(ctx, tx, id); err != nil {
			return err
		}
		if err := mustBeEmpty(tx, tables); err != nil {
			return err
		}
		for _, n := range counts {
			total += n
		}
		return tx.Gorm.Exec(insertDeletionSQL, id, c.ClosedAt, c.ClosedBy, c.DeleteAfter, now, db.JSON(counts), total).Error
	})
	if errors.Is(err, errNothingDue) {
		return false, nil
	}
	if err == nil {
		s.log.Info("deleted a closed practice", "practice_id", id, "rows", total)
	}
	return err == nil, err
}

// errNothingDue ends a deletion's transaction when the practice is gone or not due.
var errNothingDue = errors.New("practicedata: nothing to delete")

// remove deletes the practice: what does not cascade from practices first, then practices.
func remove(ctx context.Context, tx *db.Tx, id uuid.UUID) error {
	if err := auth.EndPracticeSessions(ctx, tx, id, nil); err != nil {
		return err
	}
	if _, err := audit.DeleteClosedTrail(ctx, tx); err != nil {
		return err
	}
	ok, err := practice.DeleteClosed(ctx, tx, id)
	if err == nil && !ok {
		err = errors.New("practicedata: the practice was not deleted")
	}
	return err
}

// mustBeEmpty fails when a tenant table still holds a row of the deleted practice: its foreign
// keys do not cascade from practices, and the deletion rolls back rather than leave it behind.
func mustBeEmpty(tx *db.Tx, tables []table) error {
	left, err := countRows(tx, tables)
	if err != nil {
		return err
	}
	for t, n := range left {
		if n > 0 {
			return fmt.Errorf("practicedata: %d rows of %s outlived their practice: its foreign key to practices must cascade", n, t)
		}
	}
	return nil
}
