package reminders

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/db"
)

const (
	// resetDeliveriesSQL puts an assignment's reminder deliveries back to pending.
	resetDeliveriesSQL = `UPDATE reminder_deliveries SET status = 'pending', reason = '', sent_at = NULL
		WHERE assignment_id = ?`
	// deleteSendJobsSQL drops an assignment's send jobs of one message (a group is not
	// unique, so it keeps no firing from being handed over again; its other messages stay).
	deleteSendJobsSQL = `DELETE FROM river_job WHERE kind = 'reminder_send' AND args->>'assignment_id' = ?
		AND args->'more' IS NULL`
	// nextFireSQL reads when an assignment's reminder fires next.
	nextFireSQL = `SELECT next_fire_at FROM reminder_schedules WHERE assignment_id = ?`
)

// Rerun makes an assignment's reminders fire again at its new time at, as if never sent: its
// delivery rows go back to pending and its send jobs (whose uniqueness would otherwise skip
// today's firing) go. The demo uses it so each run of `steady demo` sends one reminder; the
// next dispatch works out the new schedule.
func Rerun(ctx context.Context, tx *db.Tx, assignmentID uuid.UUID, at string) error {
	if err := tx.Gorm.Exec(resetDeliveriesSQL, assignmentID).Error; err != nil {
		return err
	}
	if err := tx.Gorm.Exec(deleteSendJobsSQL, assignmentID.String()).Error; err != nil {
		return err
	}
	return assignments.SetReminderAt(ctx, tx, assignmentID, at)
}

// NextFire is when an assignment's reminder fires next (zero: not scheduled).
func NextFire(ctx context.Context, tx *db.Tx, assignmentID uuid.UUID) (time.Time, error) {
	var next *time.Time
	if err := tx.Gorm.Raw(nextFireSQL, assignmentID).Row().Scan(&next); err != nil || next == nil {
		return time.Time{}, err
	}
	return *next, nil
}
