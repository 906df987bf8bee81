// Package practice owns the tenants of Steady: practices and the memberships that give people
// a role in one.
package practice

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/db"
)

// Role is what a member may do in a practice.
type Role string

// The roles, from most to least authority.
const (
	RoleOwner     Role = "owner"
	RoleAdmin     Role = "admin"
	RoleClinician Role = "clinician"
)

// ErrNotFound means the practice or membership does not exist in this tenant's view.
var ErrNotFound = errors.New("practice: not found")

// Practice is a row of practices.
type Practice struct {
	ID   uuid.UUID `gorm:"primaryKey"`
	Name string
	// TimeZone is the practice's IANA zone, its own clock (at sign-up, the browser's). Left
	// empty, a new practice gets the column's default, UTC.
	TimeZone  string `gorm:"default:UTC"`
	CreatedAt time.Time
	// ClosedAt is when the owner closed the practice (nil while open); DeleteAfter is when its
	// data is deleted (internal/practicedata). Set only through Close.
	ClosedAt    *time.Time `gorm:"->"`
	DeleteAfter *time.Time `gorm:"->"`
}

// Membership is a row of memberships.
type Membership struct {
	PracticeID uuid.UUID `gorm:"primaryKey"`
	UserID     uuid.UUID `gorm:"primaryKey"`
	Role       Role
	CreatedAt  time.Time
}

// Create inserts the practice of the transaction's tenant scope. The caller chooses the id
// (it is the scope of the transaction, which row-level security checks on insert).
func Create(ctx context.Context, tx *db.Tx, p *Practice) error {
	return tx.Gorm.Create(p).Error
}

// AddMember gives userID a role in the practice.
func AddMember(ctx context.Context, tx *db.Tx, m *Membership) error {
	return tx.Gorm.Create(m).Error
}

// Get loads the practice of the current tenant scope.
func Get(ctx context.Context, tx *db.Tx, id uuid.UUID) (*Practice, error) {
	var p Practice
	err := tx.Gorm.Where("id = ?", id).Take(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	return &p, err
}
