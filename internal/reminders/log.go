package reminders

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/notify"
)

// Delivery is one row of a client's delivery log.
type Delivery struct {
	ID              uuid.UUID    `json:"id"`
	AssignmentID    uuid.UUID    `json:"assignment_id"`
	AssignmentTitle string       `json:"assignment_title"`
	OccurrenceDate  cadence.Date `json:"occurrence_date"`
	Kind            string       `json:"kind"`
	Channel         string       `json:"channel"`
	Status          string       `json:"status"`
	Reason          string       `json:"reason"`
	CreatedAt       time.Time    `json:"created_at"`
	SentAt          *time.Time   `json:"sent_at"`
}

// clientDeliveriesSQL reads a client's latest reminder deliveries with their assignments' titles.
const clientDeliveriesSQL = `SELECT d.id, d.assignment_id, a.title AS assignment_title,
	d.occurrence_date AS date, d.kind, d.channel, d.status, d.reason, d.created_at, d.sent_at
	FROM reminder_deliveries d JOIN assignments a ON a.practice_id = d.practice_id AND a.id = d.assignment_id
	WHERE d.client_id = ? ORDER BY d.created_at DESC, d.id LIMIT 100`

// Log lists a client's latest 100 deliveries, newest first, for a member who may see them.
func (s *Service) Log(ctx context.Context, caller auth.Caller, clientID uuid.UUID) ([]Delivery, error) {
	out := []Delivery{}
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if _, err := clients.Visible(ctx, tx, caller, clientID); err != nil {
			return err
		}
		var rows []struct {
			ID, AssignmentID                               uuid.UUID
			AssignmentTitle, Kind, Channel, Status, Reason string
			Date, CreatedAt                                time.Time
			SentAt                                         *time.Time
		}
		if err := tx.Gorm.Raw(clientDeliveriesSQL, clientID).Scan(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			out = append(out, Delivery{ID: r.ID, AssignmentID: r.AssignmentID, AssignmentTitle: r.AssignmentTitle,
				OccurrenceDate: cadence.DateOf(r.Date, time.UTC), Kind: r.Kind, Channel: r.Channel, Status: r.Status,
				Reason: shownReason(r.Channel, r.Reason), CreatedAt: r.CreatedAt, SentAt: r.SentAt})
		}
		return nil
	})
	return out, s.clients.Denied(ctx, caller, "client", clientID, err)
}

// shownReason is a stored reason as staff see it. Rows failed before reasons were plain hold
// the provider's raw error; they show the plain reason instead.
func shownReason(channel, reason string) string {
	if strings.HasPrefix(reason, notify.ErrPermanent.Error()) {
		return failureReason(channel, notify.ErrPermanent)
	}
	return reason
}
