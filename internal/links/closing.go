package links

import (
	"context"
	"time"

	"github.com/steadyhq/steady/internal/db"
)

// deleteAllClientSessionsSQL ends every client session of the transaction's practice.
const deleteAllClientSessionsSQL = `DELETE FROM client_sessions WHERE practice_id = ?`

// EndAll ends every client session of the transaction's practice and revokes every live link
// (and so every reminder's token for one): a closed practice's homework pages open no more.
func EndAll(ctx context.Context, tx *db.Tx, now time.Time) error {
	if err := tx.Gorm.Exec(deleteAllClientSessionsSQL, tx.PracticeID()).Error; err != nil {
		return err
	}
	return tx.Gorm.Model(&link{}).Where("practice_id = ? AND revoked_at IS NULL", tx.PracticeID()).
		Update("revoked_at", now).Error
}
