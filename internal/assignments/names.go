package assignments

import (
	"context"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
)

// assignmentTitlesSQL reads the titles and clients of some assignments.
const assignmentTitlesSQL = `SELECT id, client_id, title FROM assignments WHERE id IN ?`

// Names reads "title, for client" of the practice's assignments among ids, by id (a
// module.Namer: the audit trail names assignments with it). An assignment whose client was
// erased is left out.
func Names(ctx context.Context, tx *db.Tx, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	var found []struct {
		ID, ClientID uuid.UUID
		Title        string
	}
	if err := tx.Gorm.Raw(assignmentTitlesSQL, ids).Scan(&found).Error; err != nil {
		return nil, err
	}
	owners, titles := map[uuid.UUID]uuid.UUID{}, map[uuid.UUID]string{}
	for _, f := range found {
		owners[f.ID], titles[f.ID] = f.ClientID, f.Title
	}
	return clients.Labels(ctx, tx, owners, func(id uuid.UUID, client string) string { return titles[id] + ", for " + client })
}
