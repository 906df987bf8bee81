package clients

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
)

// Visible returns the client if the caller may see them, else ErrNotFound: the one check other
// domains use before touching a client's homework, answers or link.
func Visible(ctx context.Context, tx *db.Tx, caller auth.Caller, id uuid.UUID) (*Client, error) {
	return loadVisible(ctx, tx, caller, id)
}

// VisibleCouple returns the couple with its partners if the caller may see it, else ErrNotFound.
func VisibleCouple(ctx context.Context, tx *db.Tx, caller auth.Caller, id uuid.UUID) (*CoupleDetail, error) {
	k, err := loadVisibleCouple(ctx, tx, caller, id)
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

// recordZone adds the client's time zone to their history from now on, so occurrences already
// past keep the instants they had (internal/cadence picks the zone for each local day).
func recordZone(ctx context.Context, tx *db.Tx, c *Client) error {
	return tx.Gorm.WithContext(ctx).Exec(`INSERT INTO client_time_zones (practice_id, client_id, effective_from, time_zone)
		VALUES (?, ?, ?, ?) ON CONFLICT (practice_id, client_id, effective_from) DO UPDATE SET time_zone = excluded.time_zone`,
		c.PracticeID, c.ID, c.UpdatedAt, c.TimeZone).Error
}

// VisibleTo limits a query that joins clients as "c" to the clients the caller may see.
func VisibleTo(q *gorm.DB, caller auth.Caller) *gorm.DB { return visibleTo(q, caller) }

// VisibleIDs limits a query to rows whose column holds a client id the caller may see.
func VisibleIDs(q *gorm.DB, caller auth.Caller, column string) *gorm.DB {
	return visibleIDs(q, caller, column)
}
