package auth

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/db"
)

// User is a row of users: a person who works in one or more practices.
type User struct {
	ID           uuid.UUID `gorm:"primaryKey"`
	Email        string
	Name         string
	PasswordHash string
	// TOTPSecret is sealed (see twofactor.go); set with no TOTPEnabledAt, enrolment is pending.
	TOTPSecret    []byte     `gorm:"column:totp_secret"`
	TOTPEnabledAt *time.Time `gorm:"column:totp_enabled_at"`
	TOTPLastStep  *int64     `gorm:"column:totp_last_step"`
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// TwoFactorEnabled reports whether the person signs in with a code as well as a password.
func (u *User) TwoFactorEnabled() bool { return u.TOTPEnabledAt != nil }

// createUser inserts u; a taken email is ErrAccountExists.
func createUser(ctx context.Context, tx *db.Tx, u *User) error {
	err := tx.Gorm.Create(u).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return ErrAccountExists
	}
	return err
}

func getUser(ctx context.Context, tx *db.Tx, id uuid.UUID) (*User, error) {
	var u User
	err := tx.Gorm.Where("id = ?", id).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrUnauthenticated
	}
	return &u, err
}

type credentials struct {
	ID           uuid.UUID
	PasswordHash string
}

// Log-in reads users and memberships before any practice is known only through these definer
// functions (migrations/0001 and 0003).
const (
	// findUserSQL reads one user's id and password hash by email.
	findUserSQL = `SELECT id, password_hash FROM auth_find_user(?)`
	// userPracticesSQL reads one user's memberships, oldest first.
	userPracticesSQL = `SELECT practice_id, role FROM auth_user_practices(?)`
	// twoFactorStateSQL reads whether a user has two-factor on, whether the practice requires
	// it, and whether the practice is closed.
	twoFactorStateSQL = `SELECT enabled, required, closed FROM auth_session_state(?, ?)`
)

// findCredentials looks a user up by email through the definer function that is log-in's
// only way to read users before a practice is known.
func findCredentials(ctx context.Context, tx *db.Tx, email string) (*credentials, error) {
	var c []credentials
	if err := tx.Gorm.Raw(findUserSQL, email).Scan(&c).Error; err != nil {
		return nil, err
	}
	if len(c) == 0 {
		return nil, nil
	}
	return &c[0], nil
}

type userPractice struct {
	PracticeID uuid.UUID
	Role       string
}

// userPractices lists the practices a user belongs to, oldest membership first.
func userPractices(ctx context.Context, tx *db.Tx, userID uuid.UUID) ([]userPractice, error) {
	var out []userPractice
	err := tx.Gorm.Raw(userPracticesSQL, userID).Scan(&out).Error
	return out, err
}

type twoFactorState struct {
	Enabled  bool
	Required bool
	Closed   bool // the practice is closed (internal/practicedata)
}

// findTwoFactorState says whether a user has two-factor on and whether the practice requires
// it, through the definer function that works before any tenant is set (every request's
// authentication needs it). A user who is not a member of the practice gets both false.
func findTwoFactorState(ctx context.Context, tx *db.Tx, userID, practiceID uuid.UUID) (twoFactorState, error) {
	var out []twoFactorState
	err := tx.Gorm.Raw(twoFactorStateSQL, userID, practiceID).Scan(&out).Error
	if err != nil || len(out) == 0 {
		return twoFactorState{}, err
	}
	return out[0], nil
}

// updateUser sets columns of the user's own row (row-level security allows no other).
func updateUser(ctx context.Context, tx *db.Tx, id uuid.UUID, cols map[string]any) error {
	return tx.Gorm.Model(&User{}).Where("id = ?", id).Updates(cols).Error
}
