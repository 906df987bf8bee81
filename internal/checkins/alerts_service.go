package checkins

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/validate"
)

// Alert is a risk alert as staff see it.
type Alert struct {
	ID             uuid.UUID
	ClientID       uuid.UUID
	ClientName     string
	Instrument     string
	Item           string
	Reason         string
	Status         string
	CreatedAt      time.Time
	AcknowledgedAt *time.Time
	ResolvedAt     *time.Time
	Note           string
}

// ErrAlertState answers an acknowledgement of a resolved alert, or a second resolution.
var ErrAlertState = errors.New("checkins: alert is not in a state for that")

// Alerts lists the alerts of the clients the caller may see: open and acknowledged ones
// first, then the 50 latest resolved.
func (s *Service) Alerts(ctx context.Context, caller auth.Caller, clientID uuid.UUID) ([]Alert, error) {
	var out []Alert
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		q := tx.Gorm.WithContext(ctx).Table("risk_alerts a").
			Select(`a.id, a.client_id, c.name AS client_name, a.instrument, a.item, a.reason, a.status, a.created_at,
				a.acknowledged_at, a.resolved_at, a.note`).
			Joins("JOIN clients c ON c.practice_id = a.practice_id AND c.id = a.client_id")
		q = clients.VisibleTo(q, caller)
		if clientID != uuid.Nil {
			q = q.Where("a.client_id = ?", clientID)
		}
		return q.Order("a.status = 'resolved', a.created_at DESC").Limit(200).Scan(&out).Error
	})
	return out, err
}

// Acknowledge says a clinician has seen the alert; Resolve closes it with a note. Both leave
// audit rows; an alert of a client the caller cannot see answers clients.ErrNotFound.
func (s *Service) Acknowledge(ctx context.Context, caller auth.Caller, id uuid.UUID, note string) (*Alert, error) {
	return s.moveAlert(ctx, caller, id, note, "alert.acknowledge",
		`UPDATE risk_alerts SET status = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?, note = ?
		 WHERE id = ? AND status = 'open'`)
}

// Resolve closes an open or acknowledged alert; the note is required.
func (s *Service) Resolve(ctx context.Context, caller auth.Caller, id uuid.UUID, note string) (*Alert, error) {
	if strings.TrimSpace(note) == "" {
		return nil, validate.Errors{"note": "is required: say what was done"}
	}
	return s.moveAlert(ctx, caller, id, note, "alert.resolve",
		`UPDATE risk_alerts SET status = 'resolved', resolved_at = ?, resolved_by = ?, note = ?
		 WHERE id = ? AND status <> 'resolved'`)
}

func (s *Service) moveAlert(ctx context.Context, caller auth.Caller, id uuid.UUID, note, action, update string) (*Alert, error) {
	note = strings.TrimSpace(note)
	v := validate.Errors{}
	v.Length("note", note, 0, 2000)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *Alert
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		var clientID uuid.UUID
		err := tx.Gorm.WithContext(ctx).Raw(`SELECT client_id FROM risk_alerts WHERE id = ?`, id).Row().Scan(&clientID)
		if err != nil {
			return clients.ErrNotFound
		}
		if _, err := clients.Visible(ctx, tx, caller, clientID); err != nil {
			return err
		}
		res := tx.Gorm.WithContext(ctx).Exec(update, s.now(), caller.UserID, note, id)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrAlertState
		}
		if err := audit.Record(ctx, tx, caller.PracticeID, audit.ActorOf(caller.UserID, caller.IP, caller.UserAgent),
			audit.Event{Action: action, SubjectType: "alert", SubjectID: id.String(), ClientID: clientID}); err != nil {
			return err
		}
		var a Alert
		err = tx.Gorm.WithContext(ctx).Raw(`SELECT a.id, a.client_id, c.name AS client_name, a.instrument, a.item, a.reason,
			a.status, a.created_at, a.acknowledged_at, a.resolved_at, a.note FROM risk_alerts a
			JOIN clients c ON c.practice_id = a.practice_id AND c.id = a.client_id WHERE a.id = ?`, id).Scan(&a).Error
		out = &a
		return err
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		err = clients.ErrNotFound
	}
	return out, s.clients.Denied(ctx, caller, "alert", id, err)
}
