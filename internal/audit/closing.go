package audit

import (
	"context"

	"github.com/steadyhq/steady/internal/db"
)

// deleteTrailSQL deletes the transaction's practice's trail. The append-only trigger lets it
// through only after the transaction names the practice as the one being deleted (migration
// 0023); the caller has read it as closed and due for deletion in the same transaction.
const deleteTrailSQL = `DELETE FROM audit_events WHERE practice_id = ?`

// DeleteClosedTrail deletes the whole trail of the transaction's practice, which must be
// closed: the deletion of a closed practice takes its trail with it, and leaves its own record
// (internal/practicedata's practice_deletions) instead. It returns how many rows went.
func DeleteClosedTrail(ctx context.Context, tx *db.Tx) (int64, error) {
	// SET takes no parameters; the value is a uuid's canonical text. SET LOCAL, unlike
	// set_config(), reaches Citus's shards as the tenant settings do.
	if err := tx.Gorm.Exec(`SET LOCAL app.deleting_practice = '` + tx.PracticeID().String() + `'`).Error; err != nil {
		return 0, err
	}
	res := tx.Gorm.Exec(deleteTrailSQL, tx.PracticeID())
	return res.RowsAffected, res.Error
}
