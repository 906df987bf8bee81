package auth

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm/clause"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// SeedMember is a person to put in a seeded practice.
type SeedMember struct {
	ID       uuid.UUID
	Email    string
	Name     string
	Password string
	Role     practice.Role
}

// SeedPractice creates a practice and its members if they are missing, leaving existing
// rows alone, so running it again changes nothing. The demo and tests share it.
func SeedPractice(ctx context.Context, d *db.DB, p practice.Practice, members []SeedMember) error {
	now := time.Now()
	if p.CreatedAt.IsZero() {
		p.CreatedAt = now
	}
	err := d.InTenant(ctx, db.Scope{PracticeID: p.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Clauses(clause.OnConflict{DoNothing: true}).Create(&p).Error
	})
	if err != nil {
		return err
	}
	for _, m := range members {
		hash, err := HashPassword(m.Password)
		if err != nil {
			return err
		}
		u := User{ID: m.ID, Email: m.Email, Name: m.Name, PasswordHash: hash, CreatedAt: now, UpdatedAt: now}
		err = d.InTenant(ctx, db.Scope{PracticeID: p.ID, UserID: m.ID}, func(tx *db.Tx) error {
			if err := tx.Gorm.Clauses(clause.OnConflict{DoNothing: true}).Create(&u).Error; err != nil {
				return err
			}
			ms := practice.Membership{PracticeID: p.ID, UserID: m.ID, Role: m.Role, CreatedAt: now}
			return tx.Gorm.Clauses(clause.OnConflict{DoNothing: true}).Create(&ms).Error
		})
		if err != nil {
			return err
		}
	}
	return nil
}
