package safety

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
)

// A couple's safety is not settled once: circumstances change, and a hold is meant to be
// looked at again. These are when a new screen is due.
const (
	// RescreenAfter is how old the newest screen may grow before it is due again.
	RescreenAfter = 90 * 24 * time.Hour
	// ReviewHoldAfter is how long a hold stands before it is due for review.
	ReviewHoldAfter = 28 * 24 * time.Hour
)

// newestOfSQL reads the newest screen of each of some couples.
const newestOfSQL = `SELECT DISTINCT ON (couple_id) couple_id, decision, screened_at
	FROM safety_screens WHERE couple_id IN ? ORDER BY couple_id, screened_at DESC, id`

// Due says, for each of the couples whose screen is due at now, why: none recorded yet, the
// newest older than RescreenAfter, or a hold older than ReviewHoldAfter. Couples not due are
// absent. It is one indexed read, for the digest's attention list.
func Due(ctx context.Context, tx *db.Tx, couples []uuid.UUID, now time.Time) (map[uuid.UUID]string, error) {
	out := map[uuid.UUID]string{}
	if len(couples) == 0 {
		return out, nil
	}
	var newest []struct {
		CoupleID   uuid.UUID
		Decision   string
		ScreenedAt time.Time
	}
	if err := tx.Gorm.WithContext(ctx).Raw(newestOfSQL, couples).Scan(&newest).Error; err != nil {
		return nil, err
	}
	for _, id := range couples {
		out[id] = "no safety screen recorded yet"
	}
	for _, n := range newest {
		age := now.Sub(n.ScreenedAt)
		days := int(age / (24 * time.Hour))
		switch {
		case n.Decision == "hold" && age >= ReviewHoldAfter:
			out[n.CoupleID] = fmt.Sprintf("safety screen said hold %d days ago: due for review", days)
		case age >= RescreenAfter:
			out[n.CoupleID] = fmt.Sprintf("safety screen last recorded %d days ago: due again", days)
		default:
			delete(out, n.CoupleID)
		}
	}
	return out, nil
}
