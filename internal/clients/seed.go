package clients

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm/clause"

	"github.com/steadyhq/steady/internal/db"
)

// SeedClient is a client to create with a fixed id (for the demo and tests).
type SeedClient struct {
	Client
	ClinicianIDs []uuid.UUID
}

// SeedCouple is a couple of seeded clients.
type SeedCouple struct {
	ID           uuid.UUID
	Name         string
	Partners     []Partner
	ClinicianIDs []uuid.UUID
}

// firstZoneSQL records a client's time zone unless they have one already. A plain VALUES
// insert: on Citus an INSERT … SELECT goes through the coordinator by COPY, which row-level
// security refuses.
const (
	hasZoneSQL   = `SELECT count(*) FROM client_time_zones WHERE practice_id = ? AND client_id = ?`
	firstZoneSQL = `INSERT INTO client_time_zones (practice_id, client_id, effective_from, time_zone) VALUES (?, ?, ?, ?)`
)

// Seed creates the clients and couples that are missing and leaves existing ones alone, so
// running it again changes nothing.
func Seed(ctx context.Context, d *db.DB, practiceID uuid.UUID, cs []SeedClient, ks []SeedCouple) error {
	now := time.Now()
	skip := clause.OnConflict{DoNothing: true}
	return d.InTenant(ctx, db.Scope{PracticeID: practiceID}, func(tx *db.Tx) error {
		// A fresh statement per row: a GORM chain reused across models mixes up their fields.
		insert := func(row any) error { return tx.Gorm.Clauses(skip).Create(row).Error }
		for _, c := range cs {
			c.PracticeID, c.Status, c.CreatedAt, c.UpdatedAt = practiceID, StatusActive, now, now
			if err := insert(&c.Client); err != nil {
				return err
			}
			var zones int
			if err := tx.Gorm.Raw(hasZoneSQL, practiceID, c.ID).Scan(&zones).Error; err != nil {
				return err
			}
			if zones == 0 {
				if err := tx.Gorm.Exec(firstZoneSQL, practiceID, c.ID, now, c.TimeZone).Error; err != nil {
					return err
				}
			}
			for _, u := range c.ClinicianIDs {
				if err := insert(&clientClinician{PracticeID: practiceID, ClientID: c.ID, UserID: u}); err != nil {
					return err
				}
			}
		}
		for _, k := range ks {
			if err := insert(&Couple{PracticeID: practiceID, ID: k.ID, Name: k.Name, Status: StatusActive, CreatedAt: now}); err != nil {
				return err
			}
			for _, p := range k.Partners {
				row := couplePartner{PracticeID: practiceID, CoupleID: k.ID, ClientID: p.ClientID, TrustRole: p.TrustRole}
				if err := insert(&row); err != nil {
					return err
				}
			}
			for _, u := range k.ClinicianIDs {
				if err := insert(&coupleClinician{PracticeID: practiceID, CoupleID: k.ID, UserID: u}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
