package links

import (
	"context"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
)

// liveLinksSQL reads each client's newest live homework link.
const liveLinksSQL = `SELECT DISTINCT ON (client_id) client_id, id FROM homework_links
	WHERE client_id IN ? AND revoked_at IS NULL AND expires_at > now() ORDER BY client_id, expires_at DESC`

// Live maps each of the clients who has a live homework link to it (the newest where there
// are several), in one query however many clients.
func Live(ctx context.Context, tx *db.Tx, clientIDs []uuid.UUID) (map[uuid.UUID]uuid.UUID, error) {
	var rows []struct {
		ClientID, ID uuid.UUID
	}
	if err := tx.Gorm.Raw(liveLinksSQL, clientIDs).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[uuid.UUID]uuid.UUID, len(rows))
	for _, r := range rows {
		out[r.ClientID] = r.ID
	}
	return out, nil
}
