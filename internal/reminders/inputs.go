package reminders

import (
	"context"
	"encoding/json"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// preference is a client's own choices and whether they are still a client.
type preference struct {
	ClientStatus string
	PreferredAt  *string
	Off          bool
}

// inputsSQL reads, for a batch of a practice's assignments, everything their firings depend
// on: the assignment's cadence and reminder settings (not its definition, the exercise's
// whole text), the client's zones, status and choices, and the client's newest live
// homework link. Every table is filtered on practice_id = $1 itself, as in stateSQL, so that
// Citus sends the whole statement to the practice's node.
const inputsSQL = `SELECT a.id, a.client_id, a.kind, a.start_date, a.end_date, a.weekday_mask, a.every_weeks,
	a.days, a.at_time, a.status, a.pauses, a.paused_at, a.stopped_at, a.reminder_channel, a.reminder_at,
	a.reminder_nudge, z.froms, z.names, c.status, p.preferred_at, coalesce(p.off, false),
	(SELECT h.id FROM homework_links h WHERE h.practice_id = $1 AND h.client_id = a.client_id
		AND h.revoked_at IS NULL AND h.expires_at > now() ORDER BY h.expires_at DESC LIMIT 1)
	FROM assignments a
	JOIN clients c ON c.practice_id = $1 AND c.id = a.client_id
	LEFT JOIN reminder_preferences p ON p.practice_id = $1 AND p.client_id = a.client_id
	LEFT JOIN LATERAL (` + zonesSQL + `) z ON true
	WHERE a.practice_id = $1 AND a.id = ANY($2)`

// loadInputs reads, for a batch of assignments, everything their firings depend on, in one
// statement and the practice's quiet hours, whatever the batch's size. pgx directly, as the
// rest of the storm's path (decisions 0005 and 0006): GORM's reflection over the
// assignments' columns was a fifth of the dispatcher's time.
func loadInputs(ctx context.Context, tx *db.Tx, ids []uuid.UUID) (*inputs, error) {
	in := &inputs{assignments: make(map[uuid.UUID]*assignments.Assignment, len(ids)),
		zones: map[uuid.UUID][]cadence.Zone{}, prefs: map[uuid.UUID]preference{}, links: map[uuid.UUID]*liveLink{}}
	err := tx.WithPgx(func(ptx pgx.Tx) error {
		rows, err := ptx.Query(ctx, inputsSQL, tx.PracticeID(), ids)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := in.scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	in.quiet, err = practice.QuietHours(ctx, tx)
	return in, err
}

// scan reads one row of inputsSQL into the inputs.
func (in *inputs) scan(rows pgx.Rows) error {
	a := &assignments.Assignment{}
	var pauses []byte
	var froms []time.Time
	var names []string
	var p preference
	var link *uuid.UUID
	if err := rows.Scan(&a.ID, &a.ClientID, &a.Kind, &a.StartDate, &a.EndDate, &a.WeekdayMask, &a.EveryWeeks,
		&a.Days, &a.AtTime, &a.Status, &pauses, &a.PausedAt, &a.StoppedAt, &a.ReminderChannel, &a.ReminderAt,
		&a.ReminderNudge, &froms, &names, &p.ClientStatus, &p.PreferredAt, &p.Off, &link); err != nil {
		return err
	}
	if err := json.Unmarshal(pauses, &a.Pauses); err != nil {
		return err
	}
	in.assignments[a.ID] = a
	if _, ok := in.prefs[a.ClientID]; ok {
		return nil // the client's own rows, read with another of their assignments
	}
	zs, err := zonesOf(froms, names)
	if err != nil {
		return err
	}
	in.zones[a.ClientID], in.prefs[a.ClientID] = zs, p
	if link != nil {
		in.links[a.ClientID] = &liveLink{ID: *link}
	}
	return nil
}
