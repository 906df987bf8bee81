package clients

import (
	"context"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
)

// couplesOfSQL reads the couples some clients are partners in.
const couplesOfSQL = `SELECT DISTINCT couple_id FROM couple_partners WHERE client_id IN ?`

// CouplesOf lists the couples any of the clients is a partner in.
func CouplesOf(ctx context.Context, tx *db.Tx, clientIDs []uuid.UUID) ([]uuid.UUID, error) {
	var out []uuid.UUID
	err := tx.Gorm.Raw(couplesOfSQL, clientIDs).Scan(&out).Error
	return out, err
}
