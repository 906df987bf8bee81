package clients

import (
	"context"
	"database/sql"

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

// casesColumns are a case's columns: the client, their couple, their clinicians. Each table is
// filtered on the practice (@practice) itself, not only through a join: on Citus that sends
// the whole read to the practice's node, which it cannot do for an outer join otherwise.
const casesColumns = `SELECT c.id AS client_id, c.name, k.id AS couple_id, k.name AS couple_name,
		COALESCE((SELECT json_agg(cc.user_id ORDER BY cc.user_id) FROM client_clinicians cc
			WHERE cc.practice_id = @practice AND cc.client_id = c.id), '[]') AS clinicians`

// caseCouple joins a client's couple, if any.
const caseCouple = `
	LEFT JOIN couple_partners p ON p.practice_id = @practice AND p.client_id = c.id
	LEFT JOIN couples k ON k.practice_id = @practice AND k.id = p.couple_id AND k.status = 'active'`

const (
	// allCasesSQL reads the practice's active clients, by name.
	allCasesSQL = casesColumns + ` FROM clients c` + caseCouple + `
		WHERE c.practice_id = @practice AND c.status = 'active' ORDER BY c.name, c.id`
	// clinicianCasesSQL reads one clinician's active clients, by name, starting from the
	// clinician's assignments (an index) rather than from every client.
	clinicianCasesSQL = casesColumns + ` FROM client_clinicians m
		JOIN clients c ON c.practice_id = @practice AND c.id = m.client_id` + caseCouple + `
		WHERE m.practice_id = @practice AND m.user_id = @clinician AND c.status = 'active' ORDER BY c.name, c.id`
)

// Cases reads the practice's active clients with their couple and clinicians, those of one
// clinician when clinician is not nil: what a weekly digest groups. One read.
func Cases(ctx context.Context, tx *db.Tx, clinician *uuid.UUID) ([]Case, error) {
	var out []Case
	q := tx.Gorm.Raw(allCasesSQL, sql.Named("practice", tx.PracticeID()))
	if clinician != nil {
		q = tx.Gorm.Raw(clinicianCasesSQL, sql.Named("practice", tx.PracticeID()), sql.Named("clinician", *clinician))
	}
	err := q.Scan(&out).Error
	return out, err
}
