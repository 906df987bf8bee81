package clients

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/db"
)

// clientZonesSQL reads the time-zone history of some clients, oldest first.
const clientZonesSQL = `SELECT client_id, effective_from, time_zone FROM client_time_zones
	WHERE client_id IN ? ORDER BY client_id, effective_from`

// ZonesOf reads the time-zone history of the given clients.
func ZonesOf(ctx context.Context, tx *db.Tx, clientIDs []uuid.UUID) (map[uuid.UUID][]cadence.Zone, error) {
	var rows []struct {
		ClientID      uuid.UUID
		EffectiveFrom time.Time
		TimeZone      string
	}
	err := tx.Gorm.Raw(clientZonesSQL, clientIDs).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := map[uuid.UUID][]cadence.Zone{}
	for _, r := range rows {
		loc, err := cadence.Location(r.TimeZone)
		if err != nil {
			return nil, err // only names that load are ever stored
		}
		out[r.ClientID] = append(out[r.ClientID], cadence.Zone{From: r.EffectiveFrom, Loc: loc})
	}
	return out, nil
}

// QueueZones queues one client's ZonesOf on a pipelined transaction: once p is flushed, *out
// is the client's time-zone history.
func QueueZones(p *db.Pipe, clientID uuid.UUID, out *[]cadence.Zone) {
	p.Queue(`SELECT effective_from, time_zone FROM client_time_zones WHERE practice_id = $2 AND client_id = $1
		ORDER BY effective_from`, clientID, p.PracticeID()).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var from time.Time
			var name string
			if err := rows.Scan(&from, &name); err != nil {
				return err
			}
			loc, err := cadence.Location(name)
			if err != nil {
				return err
			}
			*out = append(*out, cadence.Zone{From: from, Loc: loc})
		}
		return rows.Err()
	})
}
