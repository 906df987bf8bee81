package team

import (
	"context"
	"time"

	"github.com/steadyhq/steady/internal/db"
)

// RevokeAllInvitations revokes every open invitation of the transaction's practice, as Revoke
// does one: nobody joins a practice that has closed.
func RevokeAllInvitations(ctx context.Context, tx *db.Tx, now time.Time) error {
	return tx.Gorm.Model(&Invitation{}).Where("practice_id = ? AND accepted_at IS NULL AND revoked_at IS NULL", tx.PracticeID()).
		Updates(map[string]any{"revoked_at": now, "token_hash": nil}).Error
}
