package datakeys

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
)

const (
	toRewrapSQL = `SELECT datakeys_to_rewrap(?)`
	// lockKeySQL names the practice as well as row-level security does: Citus locks a row only
	// in a query it can send to one practice's shard.
	lockKeySQL   = `SELECT wrapped, master_id FROM practice_keys WHERE practice_id = ? FOR UPDATE`
	rewrapKeySQL = `UPDATE practice_keys SET wrapped = ?, master_id = ?, rewrapped_at = ? WHERE practice_id = ?`
)

// Rotate re-wraps with the master key every data key another master key wrapped, one practice
// per transaction, and says how many it re-wrapped. The data keys themselves, and so every
// sealed row, stay as they are; a replica that still has the old master key among its previous
// keys reads both forms, so the rotation needs no downtime. Run again, it does nothing.
func (r *Keyring) Rotate(ctx context.Context, d *db.DB, now time.Time) (int, error) {
	var practices []uuid.UUID
	if err := d.InGlobal(ctx, func(tx *db.Tx) error {
		return tx.Gorm.Raw(toRewrapSQL, r.master.ID()).Scan(&practices).Error
	}); err != nil {
		return 0, err
	}
	n := 0
	for _, p := range practices {
		err := d.InTenant(ctx, db.Scope{PracticeID: p}, func(tx *db.Tx) error {
			var rows []stored
			if err := tx.Gorm.Raw(lockKeySQL, p).Scan(&rows).Error; err != nil || len(rows) == 0 {
				return err
			}
			if rows[0].MasterID == r.master.ID() {
				return nil // a rotation running beside this one got here first
			}
			raw, err := r.unwrapRaw(p, rows[0])
			if err != nil {
				return err
			}
			n++
			return tx.Gorm.Exec(rewrapKeySQL, r.master.Seal(raw, wrapPurpose(p)), r.master.ID(), now, p).Error
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
