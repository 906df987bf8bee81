package clients

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
)

// The client's homework PIN is stored on the client, hashed; the homework link's flow decides
// when it is chosen, checked and reset, and goes through these.
const (
	// setFirstPINSQL stores a client's first PIN; a PIN already set stays.
	setFirstPINSQL = `UPDATE clients SET pin_hash = ?, pin_set_at = ? WHERE id = ? AND pin_hash = ''`
	// pinHashSQL reads a client's PIN hash ('' when none is set).
	pinHashSQL = `SELECT pin_hash FROM clients WHERE id = ?`
	// clearPINSQL removes a client's PIN.
	clearPINSQL = `UPDATE clients SET pin_hash = '', pin_set_at = NULL WHERE id = ?`
)

// SetFirstPIN stores hash as the client's PIN unless one is already set; it reports whether it did.
func SetFirstPIN(ctx context.Context, tx *db.Tx, clientID uuid.UUID, hash string, at time.Time) (bool, error) {
	res := tx.Gorm.Exec(setFirstPINSQL, hash, at, clientID)
	return res.RowsAffected > 0, res.Error
}

// PINHash is the client's PIN hash, or "" when they have not chosen one.
func PINHash(ctx context.Context, tx *db.Tx, clientID uuid.UUID) (string, error) {
	var stored string
	err := tx.Gorm.Raw(pinHashSQL, clientID).Scan(&stored).Error
	return stored, err
}

// ClearPIN removes the client's PIN, so they choose a new one on their next visit.
func ClearPIN(ctx context.Context, tx *db.Tx, clientID uuid.UUID) error {
	return tx.Gorm.Exec(clearPINSQL, clientID).Error
}
