package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
)

// Recovery codes let a person in who has lost their authenticator: ten per enrolment, each
// good once. A code is 16 characters of Crockford's base32 (80 random bits), shown as four
// groups of four; only SHA-256(user id, code) is stored. With 80 bits a plain hash is enough,
// and the user id keeps one table-wide guess from testing every person's codes at once.
const (
	recoveryCodeCount = 10
	recoveryCodeLen   = 16
	recoveryAlphabet  = "0123456789abcdefghjkmnpqrstvwxyz"
)

type recoveryCode struct {
	UserID    uuid.UUID `gorm:"primaryKey"`
	CodeHash  []byte    `gorm:"primaryKey"`
	CreatedAt time.Time
	UsedAt    *time.Time
}

func (recoveryCode) TableName() string { return "recovery_codes" }

// newRecoveryCode returns a random code formatted for reading, like "7k2m-x9qd-4hbw-0tz3".
func newRecoveryCode() string {
	b := make([]byte, recoveryCodeLen)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	var sb strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(recoveryAlphabet[c&31])
	}
	return sb.String()
}

// normalizeRecoveryCode forgives what people do when they copy a code: case, dashes, spaces,
// and the letters Crockford's alphabet reads as digits.
func normalizeRecoveryCode(code string) string {
	code = strings.ToLower(code)
	return strings.NewReplacer("-", "", " ", "", "o", "0", "i", "1", "l", "1").Replace(code)
}

func hashRecoveryCode(userID uuid.UUID, code string) []byte {
	sum := sha256.Sum256(append(userID[:], normalizeRecoveryCode(code)...))
	return sum[:]
}

// replaceRecoveryCodes deletes the user's codes and stores ten new ones, returned once in
// plain text for the person to keep.
func replaceRecoveryCodes(ctx context.Context, tx *db.Tx, userID uuid.UUID, now time.Time) ([]string, error) {
	if err := deleteRecoveryCodes(ctx, tx, userID); err != nil {
		return nil, err
	}
	codes := make([]string, recoveryCodeCount)
	rows := make([]recoveryCode, recoveryCodeCount)
	for i := range codes {
		codes[i] = newRecoveryCode()
		rows[i] = recoveryCode{UserID: userID, CodeHash: hashRecoveryCode(userID, codes[i]), CreatedAt: now}
	}
	return codes, tx.Gorm.Create(&rows).Error
}

// useRecoveryCode marks an unused code of the user as used, reporting whether there was one.
// The single UPDATE makes two simultaneous uses of one code impossible.
func useRecoveryCode(ctx context.Context, tx *db.Tx, userID uuid.UUID, code string, now time.Time) (bool, error) {
	if len(normalizeRecoveryCode(code)) != recoveryCodeLen {
		return false, nil
	}
	res := tx.Gorm.Model(&recoveryCode{}).
		Where("user_id = ? AND code_hash = ? AND used_at IS NULL", userID, db.Bytes(hashRecoveryCode(userID, code))).
		Update("used_at", now)
	return res.RowsAffected == 1, res.Error
}

func deleteRecoveryCodes(ctx context.Context, tx *db.Tx, userID uuid.UUID) error {
	return tx.Gorm.Where("user_id = ?", userID).Delete(&recoveryCode{}).Error
}
