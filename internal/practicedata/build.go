package practicedata

import (
	"context"
	"encoding/hex"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/db"
)

const (
	// exportAttempts is how often an export is tried before it is marked failed.
	exportAttempts = 3
	// exportTimeout is how long one try may take: River's default for every job is a minute,
	// and a large practice's archive takes longer.
	exportTimeout = 30 * time.Minute
)

// ExportArgs is the job that makes an export's archive.
type ExportArgs struct {
	PracticeID uuid.UUID `json:"practice_id"`
	ExportID   uuid.UUID `json:"export_id"`
}

// Kind names the job.
func (ExportArgs) Kind() string { return "practice_export" }

// InsertOpts keeps one job per export.
func (ExportArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: exportAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// ExportWorker makes archives.
type ExportWorker struct {
	river.WorkerDefaults[ExportArgs]
	Data *Service
}

// Timeout gives one try exportTimeout.
func (w *ExportWorker) Timeout(*river.Job[ExportArgs]) time.Duration { return exportTimeout }

// Work makes the archive; after the last failed try the export is marked failed, so the page
// stops showing it as running.
func (w *ExportWorker) Work(ctx context.Context, job *river.Job[ExportArgs]) error {
	err := w.Data.Build(ctx, job.Args.PracticeID, job.Args.ExportID)
	if err != nil && job.Attempt >= job.MaxAttempts {
		if ferr := w.Data.fail(context.WithoutCancel(ctx), job.Args.PracticeID, job.Args.ExportID); ferr != nil {
			return errors.Join(err, ferr)
		}
	}
	return err
}

// errBusy says another try of the same export holds it (a job rescued while its first try
// still runs): that one finishes it.
var errBusy = errors.New("practicedata: export already being made")

const (
	// beginSQL marks an export running, from the start, unless it is finished already.
	beginSQL = `UPDATE practice_exports SET status = 'running', started_at = ?, tables_done = 0, rows_done = 0
		WHERE practice_id = ? AND id = ? AND status IN ('queued', 'running')`
	// snapshotSQL makes the archive one consistent picture of the practice: every table as it
	// stood when the first was read.
	snapshotSQL = `SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`
	// tryLockSQL claims an export for this try.
	tryLockSQL = `SELECT pg_try_advisory_xact_lock(hashtextextended('practice_export_build:' || ?::text, 0))`
	// progressSQL records how far an export has got.
	progressSQL = `UPDATE practice_exports SET tables_total = ?, rows_total = ?, tables_done = ?, rows_done = ?
		WHERE practice_id = ? AND id = ?`
	// readySQL records a made archive and when its link expires.
	readySQL = `UPDATE practice_exports SET status = 'ready', finished_at = ?, expires_at = ?, size_bytes = ?,
		sha256 = ?, tables_done = tables_total, rows_done = rows_total WHERE practice_id = ? AND id = ?`
	// failSQL gives an export up.
	failSQL = `UPDATE practice_exports SET status = 'failed', finished_at = ?
		WHERE practice_id = ? AND id = ? AND status IN ('queued', 'running')`
)

// Build makes export exportID's archive: it reads every table of the practice in one
// repeatable-read transaction, writes the zip into sealed pieces stored in that same
// transaction (so a failed try leaves none), and then marks the export ready. Progress is
// written on the side, in transactions of its own, so the page sees it move.
func (s *Service) Build(ctx context.Context, practiceID, exportID uuid.UUID) error {
	scope := db.Scope{PracticeID: practiceID}
	at := s.now().UTC()
	var started bool
	if err := s.db.InTenant(ctx, scope, func(tx *db.Tx) error {
		res := tx.Gorm.Exec(beginSQL, at, practiceID, exportID)
		started = res.RowsAffected == 1
		return res.Error
	}); err != nil || !started {
		return err
	}
	var made archive
	err := s.db.InTenant(ctx, scope, func(tx *db.Tx) error {
		if err := tx.Gorm.Exec(snapshotSQL).Error; err != nil {
			return err
		}
		var mine bool
		if err := tx.Gorm.Raw(tryLockSQL, exportID).Row().Scan(&mine); err != nil {
			return err
		}
		if !mine {
			return errBusy
		}
		// A try that stored its pieces but died before marking the export ready left them.
		if err := tx.Gorm.Exec(deleteChunksSQL, practiceID, exportID).Error; err != nil {
			return err
		}
		var err error
		made, err = s.write(ctx, tx, exportID, at, s.progressOf(ctx, scope, exportID))
		return err
	})
	if errors.Is(err, errBusy) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.ready(ctx, scope, exportID, made)
}

// progressOf records an export's progress in a transaction of its own, apart from the one
// that reads the practice, so that others see it as it moves.
func (s *Service) progressOf(ctx context.Context, scope db.Scope, exportID uuid.UUID) func(progress) error {
	return func(p progress) error {
		err := s.db.InTenant(ctx, scope, func(tx *db.Tx) error {
			return tx.Gorm.Exec(progressSQL, p.TablesTotal, p.RowsTotal, p.TablesDone, p.RowsDone,
				scope.PracticeID, exportID).Error
		})
		if err == nil && s.watch != nil {
			s.watch()
		}
		return err
	}
}

// ready records the made archive, and its completion in the audit trail.
func (s *Service) ready(ctx context.Context, scope db.Scope, exportID uuid.UUID, a archive) error {
	finished := s.now()
	return s.db.InTenant(ctx, scope, func(tx *db.Tx) error {
		if err := tx.Gorm.Exec(readySQL, finished, finished.Add(DownloadTTL), a.size, hex.EncodeToString(a.sha256),
			scope.PracticeID, exportID).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, scope.PracticeID, audit.Actor{}, audit.Event{Action: "practice_export.complete",
			SubjectType: "practice_export", SubjectID: exportID.String(),
			Detail: map[string]any{"files": a.files, "rows": a.rows, "bytes": a.size}})
	})
}

// fail gives an export up after its last try: its pieces go, and the trail says so.
func (s *Service) fail(ctx context.Context, practiceID, exportID uuid.UUID) error {
	return s.db.InTenant(ctx, db.Scope{PracticeID: practiceID}, func(tx *db.Tx) error {
		res := tx.Gorm.Exec(failSQL, s.now(), practiceID, exportID)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		if err := tx.Gorm.Exec(deleteChunksSQL, practiceID, exportID).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, practiceID, audit.Actor{}, audit.Event{Action: "practice_export.fail",
			SubjectType: "practice_export", SubjectID: exportID.String()})
	})
}
