package practicedata

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
)

// Export is one export of the whole practice, as stored: its request, its progress and, once
// made, its archive's size and digest and when the download link expires.
type Export struct {
	PracticeID  uuid.UUID `gorm:"primaryKey"`
	ID          uuid.UUID `gorm:"primaryKey"`
	RequestedBy *uuid.UUID
	Status      string
	TablesTotal int
	TablesDone  int
	RowsTotal   int64
	RowsDone    int64
	SizeBytes   int64
	SHA256      string `gorm:"column:sha256"`
	CreatedAt   time.Time
	StartedAt   *time.Time
	FinishedAt  *time.Time
	ExpiresAt   *time.Time
}

// TableName is the export's table.
func (Export) TableName() string { return "practice_exports" }

// The statuses of an export. Expired is also what a ready export whose link has run out
// reads as before the sweep has marked it (see Current).
const (
	StatusQueued  = "queued"
	StatusRunning = "running"
	StatusReady   = "ready"
	StatusFailed  = "failed"
	StatusExpired = "expired"
)

// Current is e as of now: a ready export whose link has expired is expired already.
func (e Export) Current(now time.Time) Export {
	if e.Status == StatusReady && e.ExpiresAt != nil && !now.Before(*e.ExpiresAt) {
		e.Status = StatusExpired
	}
	return e
}

// lockExportsSQL makes a practice's export requests take turns, so a double click starts one.
const lockExportsSQL = `SELECT pg_advisory_xact_lock(hashtextextended('practice_export:' || ?::text, 0))`

// Start asks for an export of the whole practice and returns it: a new one, with its job, or
// the one already queued or running (an export reads every record: one at a time is plenty).
// The request is audited; the job makes the archive (Build).
func (s *Service) Start(ctx context.Context, caller auth.Caller) (Export, error) {
	var e Export
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if err := tx.Gorm.Exec(lockExportsSQL, caller.PracticeID).Error; err != nil {
			return err
		}
		err := tx.Gorm.Where("status IN ?", []string{StatusQueued, StatusRunning}).Order("created_at DESC").Take(&e).Error
		if err == nil || !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		e = Export{PracticeID: caller.PracticeID, ID: uuid.New(), RequestedBy: &caller.UserID, Status: StatusQueued,
			CreatedAt: s.now()}
		if err := tx.Gorm.Create(&e).Error; err != nil {
			return err
		}
		if err := tx.InsertJob(ctx, ExportArgs{PracticeID: e.PracticeID, ExportID: e.ID}, nil); err != nil {
			return err
		}
		return record(ctx, tx, caller, "practice_export.request", e.ID, nil)
	})
	return e, err
}

// Get reads one of the practice's exports, or ErrNotFound.
func (s *Service) Get(ctx context.Context, caller auth.Caller, id uuid.UUID) (Export, error) {
	var e Export
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) (err error) {
		e, err = find(tx, id)
		return err
	})
	return e.Current(s.now()), err
}

// recentExports is how many exports the list shows.
const recentExports = 10

// List reads the practice's most recent exports, newest first.
func (s *Service) List(ctx context.Context, caller auth.Caller) ([]Export, error) {
	var out []Export
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		return tx.Gorm.Order("created_at DESC, id").Limit(recentExports).Find(&out).Error
	})
	now := s.now()
	for i := range out {
		out[i] = out[i].Current(now)
	}
	return out, err
}

// find reads the transaction's practice's export id, or ErrNotFound.
func find(tx *db.Tx, id uuid.UUID) (Export, error) {
	var e Export
	err := tx.Gorm.Where("id = ?", id).Take(&e).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return e, ErrNotFound
	}
	return e, err
}

// record writes an audit row about an export (subject) or the practice, by the caller.
func record(ctx context.Context, tx *db.Tx, caller auth.Caller, action string, subject uuid.UUID, detail map[string]any) error {
	return audit.Record(ctx, tx, caller.PracticeID, audit.ActorOf(caller.UserID, caller.IP, caller.UserAgent),
		audit.Event{Action: action, SubjectType: subjectType(action), SubjectID: subject.String(), Detail: detail})
}

// subjectType is what an action is about: an export, or the practice itself.
func subjectType(action string) string {
	if action == "practice.close" {
		return "practice"
	}
	return "practice_export"
}
