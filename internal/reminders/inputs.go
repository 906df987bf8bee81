package reminders

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

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

// inputsSQL reads, for a batch's clients, what their firings depend on beyond the schedule's
// copy of the assignment: the client's zones, status and choices, and their newest live
// homework link. Every table is filtered on practice_id = $1 itself, as in stateSQL, so that
// Citus sends the whole statement to the practice's node.
const inputsSQL = `SELECT c.id, c.status, p.preferred_at, coalesce(p.off, false), z.froms, z.names,
	(SELECT h.id FROM homework_links h WHERE h.practice_id = $1 AND h.client_id = c.id
		AND h.revoked_at IS NULL AND h.expires_at > now() ORDER BY h.expires_at DESC LIMIT 1)
	FROM clients c
	LEFT JOIN reminder_preferences p ON p.practice_id = $1 AND p.client_id = c.id
	LEFT JOIN LATERAL (` + zonesSQL + `) z ON true
	WHERE c.practice_id = $1 AND c.id = ANY($2)`

// loadInputs reads, for a batch's clients (repeats allowed), what their firings depend on, in
// one statement, and the practice's quiet hours. pgx directly, as the rest of the storm's
// path (decisions 0005 and 0006).
func loadInputs(ctx context.Context, tx *db.Tx, clients []uuid.UUID) (*inputs, error) {
	in := &inputs{zones: map[uuid.UUID][]cadence.Zone{}, prefs: map[uuid.UUID]preference{}, links: map[uuid.UUID]*liveLink{}}
	err := tx.WithPgx(func(ptx pgx.Tx) error {
		rows, err := ptx.Query(ctx, inputsSQL, tx.PracticeID(), clients)
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
	var id uuid.UUID
	var p preference
	var froms []time.Time
	var names []string
	var link *uuid.UUID
	if err := rows.Scan(&id, &p.ClientStatus, &p.PreferredAt, &p.Off, &froms, &names, &link); err != nil {
		return err
	}
	zs, err := zonesOf(froms, names)
	if err != nil {
		return err
	}
	in.zones[id], in.prefs[id] = zs, p
	if link != nil {
		in.links[id] = &liveLink{ID: *link}
	}
	return nil
}
