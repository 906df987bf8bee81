// Package ratelimit counts attempts in fixed windows stored in PostgreSQL, so every replica
// of the API shares one count and a restart forgets nothing.
package ratelimit

import (
	"context"
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/steadyhq/steady/internal/db"
)

// Rule allows Max hits per Window for one key.
type Rule struct {
	Name   string
	Max    int
	Window time.Duration
}

// Exceeded is returned when a rule's limit is reached; RetryAfter is when the window ends.
type Exceeded struct {
	Rule       string
	RetryAfter time.Duration
}

func (e *Exceeded) Error() string {
	return fmt.Sprintf("rate limit %s exceeded; retry in %s", e.Rule, e.RetryAfter.Round(time.Second))
}

// countHitSQL counts one hit in a key's window and returns the window's hits.
const countHitSQL = `INSERT INTO rate_limits (key, window_start, hits) VALUES (?, ?, 1)
	ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1
	RETURNING hits`

// Hit records one attempt against rule for key (an email, an address: it is hashed before it
// is stored) and returns *Exceeded when the attempt is over the limit.
func Hit(ctx context.Context, tx *db.Tx, rule Rule, key string, now time.Time) error {
	start := now.Truncate(rule.Window)
	sum := sha256.Sum256([]byte(rule.Name + "\x00" + key))
	var hits int
	err := tx.Gorm.Raw(countHitSQL, db.Bytes(sum[:]), start).Scan(&hits).Error
	if err != nil {
		return fmt.Errorf("rate limit %s: %w", rule.Name, err)
	}
	if hits > rule.Max {
		return &Exceeded{Rule: rule.Name, RetryAfter: start.Add(rule.Window).Sub(now)}
	}
	return nil
}

// deleteOldWindowsSQL drops windows older than a time.
const deleteOldWindowsSQL = `DELETE FROM rate_limits WHERE window_start < ?`

// Sweep deletes windows that ended before now.
func Sweep(ctx context.Context, tx *db.Tx, now time.Time, longest time.Duration) (int64, error) {
	res := tx.Gorm.Exec(deleteOldWindowsSQL, now.Add(-longest))
	return res.RowsAffected, res.Error
}
