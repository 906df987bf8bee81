package clients

import (
	"context"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
)

// Contact is how a client may be reached: their status, addresses and consents.
type Contact struct {
	Status                   string
	Email, Mobile            string
	ConsentEmail, ConsentSMS bool
}

// clientContactSQL reads a client's status, addresses and consents.
const clientContactSQL = `SELECT status, email, mobile, consent_email, consent_sms FROM clients WHERE id = ?`

// ContactOf reads how a client of the transaction's practice may be reached (zero: no such
// client).
func ContactOf(ctx context.Context, tx *db.Tx, id uuid.UUID) (Contact, error) {
	var c Contact
	err := tx.Gorm.Raw(clientContactSQL, id).Scan(&c).Error
	return c, err
}
