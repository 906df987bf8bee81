package reminders

import (
	"context"
	"fmt"
	"time"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/validate"
)

// maxPause is the longest a client may pause their reminders in one go.
const maxPause = 90

// Choices are what a client decides about their own reminders, from their link.
type Choices struct {
	PreferredAt       *string       `json:"preferred_at" required:"true"`       // their local time for every reminder; null: each assignment's
	PausedUntil       *cadence.Date `json:"paused_until" required:"true"`       // no reminders until this local day begins; null: not paused
	Off               bool          `json:"off" required:"true"`                // no reminders at all
	EmailUnsubscribed bool          `json:"email_unsubscribed" required:"true"` // chose one-click unsubscribe; false here turns email back on
}

// Choices reads the client's own reminder choices.
func (s *Service) Choices(ctx context.Context, sess *links.Session) (Choices, error) {
	var out Choices
	err := s.db.InTenant(ctx, sess.Scope(), func(tx *db.Tx) (err error) {
		out, err = loadChoices(ctx, tx, sess)
		return err
	})
	return out, err
}

// clientChoicesSQL reads a client's own reminder choices.
const clientChoicesSQL = `SELECT preferred_at, paused_until, off, email_unsubscribed_at
	FROM reminder_preferences WHERE client_id = ?`

func loadChoices(ctx context.Context, tx *db.Tx, sess *links.Session) (Choices, error) {
	var row struct {
		PreferredAt         *string
		PausedUntil         *time.Time
		Off                 bool
		EmailUnsubscribedAt *time.Time
	}
	err := tx.Gorm.Raw(clientChoicesSQL, sess.ClientID).Scan(&row).Error
	out := Choices{PreferredAt: row.PreferredAt, Off: row.Off, EmailUnsubscribed: row.EmailUnsubscribedAt != nil}
	if row.PausedUntil != nil {
		loc, lerr := cadence.Location(sess.TimeZone)
		if lerr != nil {
			loc = time.UTC
		}
		d := cadence.DateOf(*row.PausedUntil, loc)
		out.PausedUntil = &d
	}
	return out, err
}

// upsertChoicesSQL stores a client's reminder choices.
const upsertChoicesSQL = `INSERT INTO reminder_preferences (practice_id, client_id, preferred_at,
	paused_until, off, email_unsubscribed_at, updated_at) VALUES (?, ?, ?, ?, ?, CASE WHEN ? THEN ?::timestamptz END, ?)
	ON CONFLICT (practice_id, client_id) DO UPDATE SET preferred_at = excluded.preferred_at,
	paused_until = excluded.paused_until, off = excluded.off, updated_at = excluded.updated_at,
	email_unsubscribed_at = CASE WHEN ? THEN coalesce(reminder_preferences.email_unsubscribed_at, excluded.updated_at) END`

// SetChoices replaces the client's choices: a preferred time outside quiet hours, a pause that
// ends within 90 days, reminders off or on, email back on. Each problem is named; nothing is
// half-saved.
func (s *Service) SetChoices(ctx context.Context, sess *links.Session, req Choices, ip, userAgent string) (Choices, error) {
	loc, err := cadence.Location(sess.TimeZone)
	if err != nil {
		return Choices{}, err
	}
	now := s.now()
	var out Choices
	err = s.db.InTenant(ctx, sess.Scope(), func(tx *db.Tx) error {
		v := validate.Errors{}
		if req.PreferredAt != nil {
			at, err := cadence.ParseClock(*req.PreferredAt)
			if err != nil {
				v.Add("preferred_at", "must be a time of day from 00:00 to 23:59")
			} else if q, err := practice.QuietHours(ctx, tx); err != nil {
				return err
			} else if q.Contains(at) {
				v.Add("preferred_at", fmt.Sprintf("%s is inside your practice's quiet hours (no reminders from %s until %s, your time): choose another time", at, q.From, q.To))
			}
		}
		var until *time.Time
		if req.PausedUntil != nil {
			today := cadence.DateOf(now, loc)
			if !req.PausedUntil.After(today) || req.PausedUntil.After(today.AddDays(maxPause)) {
				v.Add("paused_until", fmt.Sprintf("must be a day after today and at most %d days away", maxPause))
			} else {
				t := cadence.WallTime(*req.PausedUntil, cadence.Clock{}, loc)
				until = &t
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.Gorm.Exec(upsertChoicesSQL,
			sess.PracticeID, sess.ClientID, req.PreferredAt, until, req.Off, req.EmailUnsubscribed, now, now,
			req.EmailUnsubscribed).Error; err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, sess.PracticeID, sess.Actor(ip, userAgent), audit.Event{
			Action: "reminders.choices", SubjectType: "client", SubjectID: sess.ClientID.String(), ClientID: sess.ClientID}); err != nil {
			return err
		}
		out, err = loadChoices(ctx, tx, sess)
		return err
	})
	return out, err
}
