package reminders

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/exercises"
)

// loadState reads what one reminder depends on, at send time: the assignment as it is now,
// the client and their choices, whether the occurrence is done, and the live homework link.
// It returns nil when the assignment no longer exists.
func loadState(ctx context.Context, tx *db.Tx, args SendArgs, now time.Time) (*state, error) {
	g := tx.Gorm.WithContext(ctx)
	st := &state{args: args}
	var a exercises.Assignment
	if err := g.Where("id = ?", args.AssignmentID).Take(&a).Error; errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	st.assignment = &a
	zones, err := exercises.ZonesOf(ctx, tx, []uuid.UUID{a.ClientID})
	if err != nil {
		return nil, err
	}
	st.occurrence, st.scheduled = a.Plan(zones[a.ClientID]).On(args.Date)
	if err := g.Raw(`SELECT c.id, c.name, c.preferred_name, c.email, c.mobile, c.status, c.consent_email, c.consent_sms,
		p.paused_until, coalesce(p.off, false) AS off, p.email_unsubscribed_at
		FROM clients c LEFT JOIN reminder_preferences p ON p.practice_id = c.practice_id AND p.client_id = c.id
		WHERE c.id = ?`, a.ClientID).Scan(&st.client).Error; err != nil {
		return nil, err
	}
	var n int64
	if err := g.Table("responses").Where("assignment_id = ? AND occurrence_date = ?", a.ID, args.Date.UTC()).
		Count(&n).Error; err != nil {
		return nil, err
	}
	st.done = n > 0
	if err := g.Raw(`SELECT name FROM practices`).Scan(&st.practice).Error; err != nil {
		return nil, err
	}
	var links []struct {
		ID        uuid.UUID
		ExpiresAt time.Time
	}
	if err := g.Raw(`SELECT id, expires_at FROM homework_links WHERE client_id = ? AND revoked_at IS NULL
		AND expires_at > ?`, a.ClientID, now).Scan(&links).Error; err != nil {
		return nil, err
	}
	if len(links) > 0 {
		st.link = &links[0]
	}
	return st, nil
}
