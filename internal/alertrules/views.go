package alertrules

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
)

// Alert is one rule alert as the dashboard lists it.
type Alert struct {
	ID         uuid.UUID
	ClientID   uuid.UUID
	ClientName string
	Rule       string
	Detail     string
	OpenedAt   time.Time
	ClosedAt   *time.Time
	SeenAt     *time.Time
}

const (
	// mineSQL reads the caller's rule alerts: open ones, then the last 30 days' closed ones.
	mineSQL = `SELECT id, client_id, rule, detail, opened_at, closed_at, seen_at FROM rule_alerts
		WHERE clinician_id = ? AND (closed_at IS NULL OR opened_at > ?)
		ORDER BY closed_at IS NULL DESC, opened_at DESC LIMIT 200`
	// seenSQL marks the caller's unseen alerts seen.
	seenSQL = `UPDATE rule_alerts SET seen_at = ? WHERE clinician_id = ? AND seen_at IS NULL`
)

// Mine lists the caller's rule alerts with their clients' names, and how many are unseen
// (the badge).
func (s *Service) Mine(ctx context.Context, caller auth.Caller) ([]Alert, int, error) {
	var out []Alert
	unseen := 0
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if err := tx.Gorm.Raw(mineSQL, caller.UserID, s.now().AddDate(0, 0, -30)).Scan(&out).Error; err != nil {
			return err
		}
		ids := make([]uuid.UUID, len(out))
		for i, a := range out {
			ids[i] = a.ClientID
		}
		names, err := clients.Names(ctx, tx, ids)
		for i := range out {
			out[i].ClientName = names[out[i].ClientID]
			if out[i].SeenAt == nil {
				unseen++
			}
		}
		return err
	})
	return out, unseen, err
}

// MarkSeen marks the caller's alerts seen (the badge clears).
func (s *Service) MarkSeen(ctx context.Context, caller auth.Caller) error {
	return s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		return tx.Gorm.Exec(seenSQL, s.now(), caller.UserID).Error
	})
}
