package practice

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/db"
)

// Member is a membership with its status (which the Membership model does not carry, so that
// creating one leaves the status to the column's default, active).
type Member struct {
	UserID    uuid.UUID
	Role      Role
	Status    string
	CreatedAt time.Time
}

// StatusActive is the status of a member who may sign in and work; the other is "deactivated".
const StatusActive = "active"

const (
	memberColumns = `user_id, role, status, created_at`
	// listMembersSQL reads every membership of the practice, with its status.
	listMembersSQL = `SELECT ` + memberColumns + ` FROM memberships`
	// findMemberSQL reads one person's membership of the practice, with its status.
	findMemberSQL = `SELECT ` + memberColumns + ` FROM memberships WHERE user_id = ? LIMIT 1`
)

// Members lists every membership of the transaction's practice, of any status, in no order:
// callers order them by their people's names.
func Members(ctx context.Context, tx *db.Tx) ([]Member, error) {
	var out []Member
	err := tx.Gorm.Raw(listMembersSQL).Scan(&out).Error
	return out, err
}

// MembersAmong says which of ids are members of the transaction's practice, of any status.
// It names the practice as a value as well as through row-level security, so that Citus
// sends the read to one node.
func MembersAmong(ctx context.Context, tx *db.Tx, ids []uuid.UUID) ([]uuid.UUID, error) {
	var out []uuid.UUID
	err := tx.Gorm.Raw(`SELECT user_id FROM memberships WHERE practice_id = ? AND user_id IN ?`, tx.PracticeID(), ids).
		Scan(&out).Error
	return out, err
}

// FindMember reads userID's membership of the transaction's practice, or ErrNotFound.
func FindMember(ctx context.Context, tx *db.Tx, userID uuid.UUID) (*Member, error) {
	var m Member
	err := tx.Gorm.Raw(findMemberSQL, userID).Take(&m).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	return &m, err
}

// IsMember reports whether userID has a membership of the practice, of any status.
func IsMember(ctx context.Context, tx *db.Tx, userID uuid.UUID) (bool, error) {
	var n int64
	err := tx.Gorm.Model(&Membership{}).Where("user_id = ?", userID).Count(&n).Error
	return n > 0, err
}

// ActiveAmong returns those of ids who are active members of the practice, in no order.
func ActiveAmong(ctx context.Context, tx *db.Tx, ids []uuid.UUID) ([]uuid.UUID, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var out []uuid.UUID
	err := tx.Gorm.Model(&Membership{}).Where("user_id IN ? AND status = ?", ids, StatusActive).
		Pluck("user_id", &out).Error
	return out, err
}

// ActiveWithRoles returns the active members holding one of roles, in no order.
func ActiveWithRoles(ctx context.Context, tx *db.Tx, roles ...Role) ([]uuid.UUID, error) {
	var out []uuid.UUID
	err := tx.Gorm.Model(&Membership{}).Where("status = ? AND role IN ?", StatusActive, roles).
		Pluck("user_id", &out).Error
	return out, err
}

// SetRole gives userID's membership another role. The rules on who may change whose role
// belong to the caller (internal/team).
func SetRole(ctx context.Context, tx *db.Tx, userID uuid.UUID, role Role) error {
	return tx.Gorm.Model(&Membership{}).Where("user_id = ?", userID).Update("role", role).Error
}

// SetActive deactivates userID's membership (noting when) or makes it active again. Ending
// the person's sessions is the caller's part.
func SetActive(ctx context.Context, tx *db.Tx, userID uuid.UUID, active bool) error {
	updates := map[string]any{"status": StatusActive, "deactivated_at": nil}
	if !active {
		updates = map[string]any{"status": "deactivated", "deactivated_at": gorm.Expr("now()")}
	}
	return tx.Gorm.Model(&Membership{}).Where("user_id = ?", userID).Updates(updates).Error
}
