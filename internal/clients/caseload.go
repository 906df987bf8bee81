package clients

import (
	"context"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
)

// Case is one line of a clinician's caseload: a client, with the couple they belong to (if
// any) so that a couple can be shown as one line with both partners.
type Case struct {
	ClientID   uuid.UUID
	Name       string
	CoupleID   *uuid.UUID
	CoupleName *string
	Clinicians []uuid.UUID `gorm:"serializer:json"`
}

// casesSQL reads the practice's active clients with their couple and their clinicians, by name.
const casesSQL = `SELECT c.id AS client_id, c.name, k.id AS couple_id, k.name AS couple_name,
		COALESCE((SELECT json_agg(cc.user_id ORDER BY cc.user_id) FROM client_clinicians cc
			WHERE cc.client_id = c.id), '[]') AS clinicians
	FROM clients c
	LEFT JOIN couple_partners p ON p.client_id = c.id
	LEFT JOIN couples k ON k.id = p.couple_id AND k.status = 'active'
	WHERE c.status = 'active' AND (?::uuid IS NULL OR EXISTS (SELECT 1 FROM client_clinicians m
		WHERE m.practice_id = c.practice_id AND m.client_id = c.id AND m.user_id = ?::uuid))
	ORDER BY c.name, c.id`

// Cases reads the practice's active clients with their couple and clinicians, those of one
// clinician when clinician is not nil: what a weekly digest groups. One read.
func Cases(ctx context.Context, tx *db.Tx, clinician *uuid.UUID) ([]Case, error) {
	var out []Case
	err := tx.Gorm.Raw(casesSQL, clinician, clinician).Scan(&out).Error
	return out, err
}
