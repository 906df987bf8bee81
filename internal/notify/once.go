package notify

import (
	"context"
	"database/sql"
	"errors"

	"github.com/steadyhq/steady/internal/db"
)

// SendOnce delivers m unless a delivery with dedupeKey is already recorded as sent for this
// practice. The delivery row is locked for the duration, so two attempts of the same job
// (a retry racing a slow first try) cannot both send. Only a crash between the server
// accepting the message and the commit below can repeat it; SMTP offers no idempotency key
// to close that gap.
func SendOnce(ctx context.Context, d *db.DB, scope db.Scope, dedupeKey string, mailer Mailer, m Message) error {
	return SendOnceBuilt(ctx, d, scope, dedupeKey, mailer, m.To, m.Subject,
		func(*db.Tx) (Message, error) { return m, nil })
}

// ErrSkip, returned by a SendOnceBuilt builder, means the message is no longer wanted (an
// invitation revoked before its email went out): nothing is sent and the job succeeds.
var ErrSkip = errors.New("notify: message no longer wanted")

const (
	// insertDeliverySQL records a delivery unless it is recorded already.
	insertDeliverySQL = `INSERT INTO email_deliveries (practice_id, dedupe_key, recipient, subject)
		VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`
	// lockDeliverySQL locks a delivery's row and reads when it was sent (NULL: not yet).
	lockDeliverySQL = `SELECT sent_at FROM email_deliveries WHERE practice_id = ? AND dedupe_key = ? FOR UPDATE`
	// markDeliverySentSQL records that a delivery was sent.
	markDeliverySentSQL = `UPDATE email_deliveries SET sent_at = now() WHERE practice_id = ? AND dedupe_key = ?`
)

// SendOnceBuilt is SendOnce for a message that must be made inside the delivery's transaction
// (an invitation whose link token is minted and stored only when the email really goes out).
func SendOnceBuilt(ctx context.Context, d *db.DB, scope db.Scope, dedupeKey string, mailer Mailer,
	to, subject string, build func(*db.Tx) (Message, error)) error {
	return d.InTenant(ctx, scope, func(tx *db.Tx) error {
		if err := tx.Gorm.Exec(insertDeliverySQL, scope.PracticeID, dedupeKey, to, subject).Error; err != nil {
			return err
		}
		var sentAt sql.NullTime
		if err := tx.Gorm.Raw(lockDeliverySQL, scope.PracticeID, dedupeKey).Scan(&sentAt).Error; err != nil {
			return err
		}
		if sentAt.Valid {
			return nil
		}
		m, err := build(tx)
		if errors.Is(err, ErrSkip) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := mailer.Send(withDeliveryTx(ctx, tx), m); err != nil {
			return err
		}
		return tx.Gorm.Exec(markDeliverySentSQL, scope.PracticeID, dedupeKey).Error
	})
}

type deliveryTxKey struct{}

// withDeliveryTx lets a mailer that keeps messages in the database (the dev mailbox) write
// them in the delivery's own transaction, so a message shows only once what it refers to
// (an invitation's token) is committed, and never for a delivery that rolled back.
func withDeliveryTx(ctx context.Context, tx *db.Tx) context.Context {
	return context.WithValue(ctx, deliveryTxKey{}, tx)
}

func deliveryTx(ctx context.Context) *db.Tx {
	tx, _ := ctx.Value(deliveryTxKey{}).(*db.Tx)
	return tx
}
