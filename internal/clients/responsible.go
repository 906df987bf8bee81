package clients

import (
	"context"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// Person is a member who is told about a client: a risk alert, a reminder that could not go.
type Person struct {
	ID    uuid.UUID
	Email string
	Name  string
}

// cliniciansOfClientSQL reads the ids of a client's clinicians, directly or through a couple.
const cliniciansOfClientSQL = `SELECT user_id FROM client_clinicians WHERE client_id = ?
	UNION SELECT k.user_id FROM couple_clinicians k
	JOIN couple_partners p ON p.practice_id = k.practice_id AND p.couple_id = k.couple_id WHERE p.client_id = ?`

// Responsible lists who is told about a client: their active clinicians (directly or through a
// couple), or, when they have none, the practice's active owners and admins, so that word about
// a client always reaches someone. Ordered by email. Who is active, and in what role, is
// practice's to say; names and addresses are auth's.
func Responsible(ctx context.Context, tx *db.Tx, clientID uuid.UUID) ([]Person, error) {
	var ids []uuid.UUID
	if err := tx.Gorm.Raw(cliniciansOfClientSQL, clientID, clientID).Scan(&ids).Error; err != nil {
		return nil, err
	}
	active, err := practice.ActiveAmong(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	to, err := people(ctx, tx, active)
	if err != nil || len(to) > 0 {
		return to, err
	}
	if active, err = practice.ActiveWithRoles(ctx, tx, practice.RoleOwner, practice.RoleAdmin); err != nil {
		return nil, err
	}
	return people(ctx, tx, active)
}

// people reads the names and addresses of ids, ordered by email.
func people(ctx context.Context, tx *db.Tx, ids []uuid.UUID) ([]Person, error) {
	found, err := auth.UsersByEmail(ctx, tx, ids)
	out := make([]Person, len(found))
	for i, c := range found {
		out[i] = Person{ID: c.ID, Email: c.Email, Name: c.Name}
	}
	return out, err
}
