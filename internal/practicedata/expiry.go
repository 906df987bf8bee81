package practicedata

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/db"
)

// SweepInterval is how often archives whose link has expired are deleted.
const SweepInterval = 15 * time.Minute

// SweepArgs is the periodic job that deletes expired archives.
type SweepArgs struct{}

// Kind names the job.
func (SweepArgs) Kind() string { return "practice_export_sweep" }

// SweepWorker runs the sweep.
type SweepWorker struct {
	river.WorkerDefaults[SweepArgs]
	Data *Service
}

// Work sweeps.
func (w *SweepWorker) Work(ctx context.Context, _ *river.Job[SweepArgs]) error {
	_, err := w.Data.SweepExpired(ctx)
	return err
}

const (
	// expiredPracticesSQL lists the practices with expired archives (a definer function).
	expiredPracticesSQL = `SELECT practice_exports_expired(?)`
	// expiredSQL lists a practice's ready exports whose link has expired.
	expiredSQL = `SELECT id FROM practice_exports WHERE practice_id = ? AND status = 'ready' AND expires_at <= ?`
	// expireSQL marks one expired; its pieces are deleted beside it.
	expireSQL = `UPDATE practice_exports SET status = 'expired' WHERE practice_id = ? AND id = ? AND status = 'ready'`
)

// SweepExpired deletes the pieces of every archive whose download link has expired, practice
// by practice, marks each export expired and records it in the practice's audit trail. It
// returns how many archives went.
func (s *Service) SweepExpired(ctx context.Context) (int, error) {
	now := s.now()
	var practices []uuid.UUID
	if err := s.db.InGlobal(ctx, func(tx *db.Tx) error {
		return tx.Gorm.Raw(expiredPracticesSQL, now).Scan(&practices).Error
	}); err != nil {
		return 0, err
	}
	gone := 0
	for _, p := range practices {
		err := s.db.InTenant(ctx, db.Scope{PracticeID: p}, func(tx *db.Tx) error {
			var ids []uuid.UUID
			if err := tx.Gorm.Raw(expiredSQL, p, now).Scan(&ids).Error; err != nil {
				return err
			}
			for _, id := range ids {
				if err := expire(ctx, tx, p, id); err != nil {
					return err
				}
			}
			gone += len(ids)
			return nil
		})
		if err != nil {
			return gone, err
		}
	}
	return gone, nil
}

// expire deletes one archive's pieces and marks its export expired.
func expire(ctx context.Context, tx *db.Tx, practiceID, id uuid.UUID) error {
	if err := tx.Gorm.Exec(deleteChunksSQL, practiceID, id).Error; err != nil {
		return err
	}
	if err := tx.Gorm.Exec(expireSQL, practiceID, id).Error; err != nil {
		return err
	}
	return audit.Record(ctx, tx, practiceID, audit.Actor{}, audit.Event{Action: "practice_export.expire",
		SubjectType: "practice_export", SubjectID: id.String()})
}
