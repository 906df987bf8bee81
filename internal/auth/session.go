package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/db"
)

// session is a row of sessions. Only the SHA-256 of the cookie's token is stored, so a copy of
// the table does not let anyone sign in.
type session struct {
	TokenHash []byte `gorm:"primaryKey"`
	// ID names the session in the sessions list and its URL; the token hash never leaves here.
	ID                uuid.UUID
	UserID            uuid.UUID
	CurrentPracticeID uuid.UUID
	CreatedAt         time.Time
	LastSeenAt        time.Time
	ExpiresAt         time.Time
	IP                string `gorm:"column:ip"`
	UserAgent         string
}

func (session) TableName() string { return "sessions" }

// newToken returns a 256-bit random token for the cookie and the hash to store.
func newToken() (token string, hash []byte) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

func hashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

func createSession(ctx context.Context, tx *db.Tx, s *session) error {
	return tx.Gorm.Create(s).Error
}

// findSession loads the live session for hash: not past its absolute expiry and used within
// the idle limit.
func findSession(ctx context.Context, tx *db.Tx, hash []byte, now time.Time, idle time.Duration) (*session, error) {
	var s session
	err := tx.Gorm.
		Where("token_hash = ? AND expires_at > ? AND last_seen_at > ?", db.Bytes(hash), now, now.Add(-idle)).
		Take(&s).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrUnauthenticated
	}
	return &s, err
}

func touchSession(ctx context.Context, tx *db.Tx, hash []byte, now time.Time) error {
	return tx.Gorm.Model(&session{}).Where("token_hash = ?", db.Bytes(hash)).
		Update("last_seen_at", now).Error
}

func deleteSession(ctx context.Context, tx *db.Tx, hash []byte) error {
	return tx.Gorm.Where("token_hash = ?", db.Bytes(hash)).Delete(&session{}).Error
}

// SweepSessions deletes sessions that can no longer be used.
func SweepSessions(ctx context.Context, tx *db.Tx, now time.Time, idle time.Duration) (int64, error) {
	res := tx.Gorm.Where("expires_at <= ? OR last_seen_at <= ?", now, now.Add(-idle)).
		Delete(&session{})
	return res.RowsAffected, res.Error
}
