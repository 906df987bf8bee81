package reminders

import (
	"encoding/json"

	"github.com/steadyhq/steady/internal/assignments"
)

// cadenceColumns are a schedule's copy of what of its assignment shapes the reminders: the
// cadence and the reminder settings (migration 0034). The assignment's trigger writes the copy
// in the transaction that writes the assignment, so it reads exactly as the assignment would,
// without the assignment's row, which carries the exercise's whole definition: a storm reads
// the narrow schedules and never the wide assignments. s is the schedule's alias.
const cadenceColumns = `s.assignment_id, s.client_id, s.cadence_kind, s.start_date, s.end_date, s.weekday_mask,
	s.every_weeks, s.days, s.at_time, s.status, s.pauses, s.paused_at, s.stopped_at, s.reminder_channel,
	s.reminder_at, s.reminder_nudge`

// cadenceRow is an assignment as cadenceColumns read it.
type cadenceRow struct {
	a      assignments.Assignment
	pauses []byte
}

// targets are where the columns are scanned to, in cadenceColumns' order.
func (r *cadenceRow) targets() []any {
	a := &r.a
	return []any{&a.ID, &a.ClientID, &a.Kind, &a.StartDate, &a.EndDate, &a.WeekdayMask, &a.EveryWeeks, &a.Days,
		&a.AtTime, &a.Status, &r.pauses, &a.PausedAt, &a.StoppedAt, &a.ReminderChannel, &a.ReminderAt,
		&a.ReminderNudge}
}

// assignment is a copy of the row read, with its pauses decoded: the row's targets are
// scanned into again for the next row.
func (r *cadenceRow) assignment() (*assignments.Assignment, error) {
	a := r.a
	if err := json.Unmarshal(r.pauses, &a.Pauses); err != nil {
		return nil, err
	}
	return &a, nil
}
