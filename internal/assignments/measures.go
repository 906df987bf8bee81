package assignments

import (
	"context"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/db"
)

// lockClientMeasuresSQL makes the transactions that add a measure for one client take turns.
const lockClientMeasuresSQL = `SELECT pg_advisory_xact_lock(hashtextextended(?, 0))`

// measureFree refuses a measure the client already has running: two PHQ-9s at once would ask
// the same questions twice and put two sets of scores on one chart. A stopped one, or one
// whose last day has passed, does not count. The lock makes two requests for the same client
// take turns, so both cannot pass the check before either has written.
func measureFree(ctx context.Context, tx *db.Tx, clientID uuid.UUID, measure string, today cadence.Date) error {
	if measure == "" {
		return nil
	}
	if err := tx.Gorm.Exec(lockClientMeasuresSQL, "measure:"+clientID.String()).Error; err != nil {
		return err
	}
	var as []Assignment
	if err := tx.Gorm.Where("client_id = ? AND status <> ? AND definition->>'measure' = ?", clientID, Stopped, measure).
		Find(&as).Error; err != nil {
		return err
	}
	for i := range as {
		if as[i].running(today) {
			return ErrMeasureRunning
		}
	}
	return nil
}

// running reports whether the assignment may still ask something on or after today: it is
// paused (and may resume), or active with no last day or a last day not yet past. today is
// read in UTC, so a day of grace covers clients whose own day is behind.
func (a *Assignment) running(today cadence.Date) bool {
	switch a.Status {
	case Stopped:
		return false
	case Paused:
		return true
	}
	r := a.Rule()
	last := r.End
	switch {
	case last != nil:
	case r.Kind == cadence.Once:
		last = &r.Start
	case r.Kind == cadence.Programme && r.Days > 0:
		end := r.Start.AddDays(r.Days - 1)
		last = &end
	}
	return last == nil || !last.Before(today.AddDays(-1))
}
