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

// EndPracticeSessions ends every staff session working in practiceID, whoever's, but keep's
// (nil: none kept): closing a practice ends its work at once, except for the owner who closed
// it, and deleting one leaves no session pointing at it.
func EndPracticeSessions(ctx context.Context, tx *db.Tx, practiceID uuid.UUID, keep *Staff) error {
	q := tx.Gorm.Where("current_practice_id = ?", practiceID)
	if keep != nil && keep.tokenHash != nil {
		q = q.Where("token_hash <> ?", db.Bytes(keep.tokenHash))
	}
	return q.Delete(&session{}).Error
}
