package library

import (
	"context"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
)

// templateTitlesSQL reads the titles of some templates.
const templateTitlesSQL = `SELECT id, title FROM exercise_templates WHERE id IN ?`

// TemplateNames reads the titles of the practice's templates among ids, by id (a module.Namer:
// the audit trail names templates with it).
func TemplateNames(ctx context.Context, tx *db.Tx, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	var found []struct {
		ID    uuid.UUID
		Title string
	}
	err := tx.Gorm.Raw(templateTitlesSQL, ids).Scan(&found).Error
	out := make(map[uuid.UUID]string, len(found))
	for _, f := range found {
		out[f.ID] = f.Title
	}
	return out, err
}
