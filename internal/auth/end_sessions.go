package auth

import (
	"context"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
)

// EndSessionsIn ends every session a person has open in one practice: deactivating a member
// must take effect at once, not when their session times out.
func EndSessionsIn(ctx context.Context, tx *db.Tx, userID, practiceID uuid.UUID) error {
	return tx.Gorm.Where("user_id = ? AND current_practice_id = ?", userID, practiceID).Delete(&session{}).Error
}
