package clients

import (
	"context"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
)

// Person is a member who is told about a client: a risk alert, a reminder that could not go.
type Person struct {
	ID    uuid.UUID
	Email string
	Name  string
}

const (
	// cliniciansOfClientSQL reads the active clinicians of a client, directly or through a
	// couple, with their email addresses.
	cliniciansOfClientSQL = `SELECT DISTINCT u.id, u.email, u.name FROM users u
		JOIN memberships m ON m.user_id = u.id AND m.status = 'active'
		WHERE u.id IN (SELECT user_id FROM client_clinicians WHERE client_id = ?
			UNION SELECT k.user_id FROM couple_clinicians k
			JOIN couple_partners p ON p.practice_id = k.practice_id AND p.couple_id = k.couple_id WHERE p.client_id = ?)
		ORDER BY u.email`
	// ownersAndAdminsSQL reads the practice's active owners and admins with their email addresses.
	ownersAndAdminsSQL = `SELECT u.id, u.email, u.name FROM users u
		JOIN memberships m ON m.user_id = u.id AND m.status = 'active' AND m.role IN ('owner', 'admin')
		ORDER BY u.email`
)

// Responsible lists who is told about a client: their active clinicians (directly or through a
// couple), or, when they have none, the practice's active owners and admins, so that word about
// a client always reaches someone. Ordered by email.
func Responsible(ctx context.Context, tx *db.Tx, clientID uuid.UUID) ([]Person, error) {
	var to []Person
	err := tx.Gorm.Raw(cliniciansOfClientSQL, clientID, clientID).Scan(&to).Error
	if err != nil || len(to) > 0 {
		return to, err
	}
	err = tx.Gorm.Raw(ownersAndAdminsSQL).Scan(&to).Error
	return to, err
}
