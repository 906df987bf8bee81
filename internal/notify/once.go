package notify

import (
	"context"
	"database/sql"

	"github.com/steadyhq/steady/internal/db"
)

// SendOnce delivers m unless a delivery with dedupeKey is already recorded as sent for this
// practice. The delivery row is locked for the duration, so two attempts of the same job
// (a retry racing a slow first try) cannot both send. Only a crash between the server
// accepting the message and the commit below can repeat it; SMTP offers no idempotency key
// to close that gap.
func SendOnce(ctx context.Context, d *db.DB, scope db.Scope, dedupeKey string, mailer Mailer, m Message) error {
	return d.InTenant(ctx, scope, func(tx *db.Tx) error {
		if err := tx.Gorm.Exec(`INSERT INTO email_deliveries (practice_id, dedupe_key, recipient, subject)
			VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, scope.PracticeID, dedupeKey, m.To, m.Subject).Error; err != nil {
			return err
		}
		var sentAt sql.NullTime
		if err := tx.Gorm.Raw(`SELECT sent_at FROM email_deliveries WHERE practice_id = ? AND dedupe_key = ? FOR UPDATE`,
			scope.PracticeID, dedupeKey).Scan(&sentAt).Error; err != nil {
			return err
		}
		if sentAt.Valid {
			return nil
		}
		if err := mailer.Send(ctx, m); err != nil {
			return err
		}
		return tx.Gorm.Exec(`UPDATE email_deliveries SET sent_at = now() WHERE practice_id = ? AND dedupe_key = ?`,
			scope.PracticeID, dedupeKey).Error
	})
}
