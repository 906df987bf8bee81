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

// Seed creates the clients and couples that are missing and leaves existing ones alone, so
// running it again changes nothing.
func Seed(ctx context.Context, d *db.DB, practiceID uuid.UUID, cs []SeedClient, ks []SeedCouple) error {
	now := time.Now()
	skip := clause.OnConflict{DoNothing: true}
	return d.InTenant(ctx, db.Scope{PracticeID: practiceID}, func(tx *db.Tx) error {
		g := tx.Gorm.WithContext(ctx).Clauses(skip)
		for _, c := range cs {
			c.PracticeID, c.Status, c.CreatedAt, c.UpdatedAt = practiceID, StatusActive, now, now
			if err := g.Create(&c.Client).Error; err != nil {
				return err
			}
			for _, u := range c.ClinicianIDs {
				if err := g.Create(&clientClinician{PracticeID: practiceID, ClientID: c.ID, UserID: u}).Error; err != nil {
					return err
				}
			}
		}
		for _, k := range ks {
			if err := g.Create(&Couple{PracticeID: practiceID, ID: k.ID, Name: k.Name, Status: StatusActive, CreatedAt: now}).Error; err != nil {
				return err
			}
			for _, p := range k.Partners {
				row := couplePartner{PracticeID: practiceID, CoupleID: k.ID, ClientID: p.ClientID, TrustRole: p.TrustRole}
				if err := g.Create(&row).Error; err != nil {
					return err
				}
			}
			for _, u := range k.ClinicianIDs {
				if err := g.Create(&coupleClinician{PracticeID: practiceID, CoupleID: k.ID, UserID: u}).Error; err != nil {
					return err
				}
			}
		}
		return nil
	})
}
