package clients

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm/clause"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
)

// Visible returns the client if the caller may see their clinical record, else ErrNotFound:
// the one check other domains use before touching a client's homework, answers or link. Under
// an owner's emergency grant it also marks the use in the audit trail (record.go).
func Visible(ctx context.Context, tx *db.Tx, caller auth.Caller, id uuid.UUID) (*Client, error) {
	return loadRecord(ctx, tx, caller, id)
}

// VisibleCouple returns the couple with its partners if the caller may see the couple's
// clinical record, else ErrNotFound.
func VisibleCouple(ctx context.Context, tx *db.Tx, caller auth.Caller, id uuid.UUID) (*CoupleDetail, error) {
	k, err := loadRecordCouple(ctx, tx, caller, id)
	if err != nil {
		return nil, err
	}
	return loadCouple(ctx, tx, k)
}

// Denied passes err through, first recording an access.denied row when err is ErrNotFound
// (the caller reached for a record they cannot see). Other domains call it with their own
// subject names ("assignment", "homework_link").
func (s *Service) Denied(ctx context.Context, caller auth.Caller, subject string, id uuid.UUID, err error) error {
	return s.denied(ctx, caller, subject, id, err)
}

// upsertClientZoneSQL adds a client's time zone from an instant on (replacing one recorded for
// that very instant).
const upsertClientZoneSQL = `INSERT INTO client_time_zones (practice_id, client_id, effective_from, time_zone)
	VALUES (?, ?, ?, ?) ON CONFLICT (practice_id, client_id, effective_from) DO UPDATE SET time_zone = excluded.time_zone`

// recordZone adds the client's time zone to their history from now on, so occurrences already
// past keep the instants they had (internal/cadence picks the zone for each local day).
func recordZone(ctx context.Context, tx *db.Tx, c *Client) error {
	return tx.Gorm.Exec(upsertClientZoneSQL, c.PracticeID, c.ID, c.UpdatedAt, c.TimeZone).Error
}

// VisibleIDs is the condition that column holds a client whose clinical record the caller may
// see, for the filter slot of another domain's named query (db.And): those assigned to the
// caller directly or through a couple, and for an owner those their live emergency grants
// open (judged at the request's instant, auth.Staff.At). An admin sees none.
func VisibleIDs(caller auth.Caller, column string) clause.Expr { return recordIDs(caller, column) }
