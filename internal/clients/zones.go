package clients

import (
	"context"
	"strings"
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
// is the client's time-zone history, and *mark its zonesMark.
func QueueZones(p *db.Pipe, clientID uuid.UUID, out *[]cadence.Zone, mark *string) {
	p.Queue(markedZonesSQL, clientID, p.PracticeID()).
		Query(func(rows pgx.Rows) error { return scanMarked(rows, out, mark) })
}

// ZonesMarked is QueueZones in a transaction: one client's time-zone history and its
// zonesMark, read by one statement, so that the mark is the history's.
func ZonesMarked(ctx context.Context, tx *db.Tx, clientID uuid.UUID) (zones []cadence.Zone, mark string, err error) {
	rows, err := tx.Gorm.Raw(markedZonesSQL, clientID, tx.PracticeID()).Rows()
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	err = scanMarked(rows, &zones, &mark)
	return zones, mark, err
}

// markedZonesSQL reads one client's zones, each with its zoneMark.
const markedZonesSQL = `SELECT effective_from, time_zone, ` + zoneMark + ` FROM client_time_zones
	WHERE practice_id = $2 AND client_id = $1 ORDER BY effective_from`

// scanMarked reads markedZonesSQL's rows (pgx's or database/sql's) into the zones and their
// joined mark.
func scanMarked(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
}, out *[]cadence.Zone, mark *string) error {
	var marks []string
	defer func() { *mark = strings.Join(marks, ",") }()
	for rows.Next() {
		var from time.Time
		var name, m string
		if err := rows.Scan(&from, &name, &m); err != nil {
			return err
		}
		marks = append(marks, m)
		loc, err := cadence.Location(name)
		if err != nil {
			return err
		}
		*out = append(*out, cadence.Zone{From: from, Loc: loc})
	}
	return rows.Err()
}

// zoneMark is the text of one zone of a client's history, and zonesMark of the whole history
// in order, as QueueZones joins them: equal marks mean the history is as it was
// (QueueZonesUnchanged).
const (
	zoneMark  = `effective_from::text || ' ' || time_zone`
	zonesMark = `string_agg(` + zoneMark + `, ',' ORDER BY effective_from)`
)

// QueueZonesUnchanged queues on p the condition that the client's zones, read by QueueZones
// with mark, have not changed since (db.Require).
func QueueZonesUnchanged(p *db.Pipe, clientID uuid.UUID, mark string) {
	p.Require(`SELECT 1 FROM client_time_zones WHERE practice_id = $2 AND client_id = $1
		HAVING `+zonesMark+` = $3`, clientID, p.PracticeID(), mark)
}
