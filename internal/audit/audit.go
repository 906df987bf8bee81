// Package audit keeps the practice's trail of who read or changed what, and when. Rows are
// written in the same transaction as the read or change they record, so a change that rolls
// back leaves no trace and a committed one is never missing its row.
package audit

import (
	"context"
	"encoding/json"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
)

// Actor is who did something, from where.
type Actor struct {
	UserID    uuid.UUID // uuid.Nil for the system (a job)
	IP        string
	UserAgent string
}

// Event is one row of the trail. Action is "subject.verb", e.g. "client.read".
type Event struct {
	Action      string
	SubjectType string
	SubjectID   string
	ClientID    uuid.UUID // the client concerned, if any, for filtering
	Detail      map[string]any
}

// Common actions.
const (
	ActionDenied = "access.denied" // someone reached for what they may not see

)

// insertEventSQL appends one event to the trail.
const insertEventSQL = `INSERT INTO audit_events
	(practice_id, actor_user_id, action, subject_type, subject_id, client_id, ip, user_agent, detail)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`

// Record appends ev to the trail of the transaction's practice.
func Record(ctx context.Context, tx *db.Tx, practiceID uuid.UUID, actor Actor, ev Event) error {
	detail, err := detailJSON(ev)
	if err != nil {
		return err
	}
	return tx.Gorm.Exec(insertEventSQL,
		practiceID, nullID(actor.UserID), ev.Action, ev.SubjectType, ev.SubjectID, nullID(ev.ClientID),
		actor.IP, actor.UserAgent, string(detail)).Error
}

// Queue is Record on a pipelined transaction: the row goes with the write it records.
func Queue(p *db.Pipe, actor Actor, ev Event) error {
	detail, err := detailJSON(ev)
	if err != nil {
		return err
	}
	p.Queue(`INSERT INTO audit_events (practice_id, actor_user_id, action, subject_type, subject_id, client_id, ip,
		user_agent, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, p.PracticeID(), nullID(actor.UserID),
		ev.Action, ev.SubjectType, ev.SubjectID, nullID(ev.ClientID), actor.IP, actor.UserAgent, string(detail))
	return nil
}

func detailJSON(ev Event) ([]byte, error) {
	if len(ev.Detail) == 0 {
		return []byte("{}"), nil
	}
	return json.Marshal(ev.Detail)
}

func nullID(id uuid.UUID) any {
	if id == uuid.Nil {
		return nil
	}
	return id
}

// Row is a stored event, as read back.
type Row struct {
	ID          int64
	OccurredAt  time.Time
	ActorUserID *uuid.UUID
	ActorName   string
	Action      string
	SubjectType string
	SubjectID   string
	ClientID    *uuid.UUID
	IP          string
	UserAgent   string
	Detail      string
}

// Filter narrows a listing; zero fields do not filter.
type Filter struct {
	ActorUserID uuid.UUID
	ClientID    uuid.UUID
	Action      string
	From, To    time.Time // To is exclusive
	BeforeID    int64     // for paging: events older than this id
	Limit       int
}

// listEventsSQL reads the trail's events, newest first: the filter slot takes the conditions a
// Filter sets (db.And), then the limit.
const listEventsSQL = `SELECT e.id, e.occurred_at, e.actor_user_id, e.action,
		e.subject_type, e.subject_id, e.client_id, e.ip, e.user_agent, e.detail::text AS detail
	FROM audit_events e
	WHERE ? ORDER BY e.id DESC LIMIT ?`

// List returns the newest events matching f, with their actors' names.
func List(ctx context.Context, tx *db.Tx, f Filter) ([]Row, error) {
	var conds []clause.Expr
	if f.ActorUserID != uuid.Nil {
		conds = append(conds, gorm.Expr("e.actor_user_id = ?", f.ActorUserID))
	}
	if f.ClientID != uuid.Nil {
		conds = append(conds, gorm.Expr("e.client_id = ?", f.ClientID))
	}
	if f.Action != "" {
		conds = append(conds, gorm.Expr("e.action = ?", f.Action))
	}
	if !f.From.IsZero() {
		conds = append(conds, gorm.Expr("e.occurred_at >= ?", f.From))
	}
	if !f.To.IsZero() {
		conds = append(conds, gorm.Expr("e.occurred_at < ?", f.To))
	}
	if f.BeforeID > 0 {
		conds = append(conds, gorm.Expr("e.id < ?", f.BeforeID))
	}
	var limit any // NULL: no limit
	if f.Limit > 0 {
		limit = f.Limit
	}
	var rows []Row
	if err := tx.Gorm.Raw(listEventsSQL, db.And(conds...), limit).Scan(&rows).Error; err != nil {
		return nil, err
	}
	return rows, withActorNames(ctx, tx, rows)
}

// withActorNames fills in the actors' names, read from their owner, auth. An actor the
// practice can no longer see, and the system, have none. Each actor is asked for once: an
// export's 50,000 rows have a handful of actors.
func withActorNames(ctx context.Context, tx *db.Tx, rows []Row) error {
	seen := map[uuid.UUID]bool{}
	var ids []uuid.UUID
	for _, r := range rows {
		if r.ActorUserID != nil && !seen[*r.ActorUserID] {
			seen[*r.ActorUserID] = true
			ids = append(ids, *r.ActorUserID)
		}
	}
	names, err := auth.UserNames(ctx, tx, ids)
	for i, r := range rows {
		if r.ActorUserID != nil {
			rows[i].ActorName = names[*r.ActorUserID]
		}
	}
	return err
}

// ActorOf builds an Actor from a signed-in member's id and where the request came from.
func ActorOf(userID uuid.UUID, ip, userAgent string) Actor {
	return Actor{UserID: userID, IP: ip, UserAgent: userAgent}
}
