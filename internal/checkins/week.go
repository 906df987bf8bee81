package checkins

import (
	"context"
	"time"

	"github.com/steadyhq/steady/internal/db"
)

// AlertWeek is what a practice's risk alerts did in a period: how many were raised, how many
// of those have been acknowledged and how fast (the median), and how many are open now.
type AlertWeek struct {
	Raised       int
	Acknowledged int
	MedianAck    *time.Duration
	OpenNow      int
}

// alertWeekSQL counts a period's alerts and the median time to acknowledge them, in one read.
const alertWeekSQL = `SELECT
		count(*) FILTER (WHERE created_at >= ? AND created_at < ?) AS raised,
		count(*) FILTER (WHERE created_at >= ? AND created_at < ? AND acknowledged_at IS NOT NULL) AS acknowledged,
		percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - created_at))
			FILTER (WHERE created_at >= ? AND created_at < ? AND acknowledged_at IS NOT NULL) AS median_seconds,
		count(*) FILTER (WHERE status = 'open') AS open_now
	FROM risk_alerts`

// AlertsBetween reads the practice's alert figures for alerts raised in [from, to).
func AlertsBetween(ctx context.Context, tx *db.Tx, from, to time.Time) (AlertWeek, error) {
	var row struct {
		Raised, Acknowledged, OpenNow int
		MedianSeconds                 *float64
	}
	if err := tx.Gorm.Raw(alertWeekSQL, from, to, from, to, from, to).Scan(&row).Error; err != nil {
		return AlertWeek{}, err
	}
	out := AlertWeek{Raised: row.Raised, Acknowledged: row.Acknowledged, OpenNow: row.OpenNow}
	if row.MedianSeconds != nil {
		d := time.Duration(*row.MedianSeconds * float64(time.Second))
		out.MedianAck = &d
	}
	return out, nil
}
