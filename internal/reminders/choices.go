package reminders

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/homework"
	"github.com/steadyhq/steady/internal/team"
	"github.com/steadyhq/steady/internal/validate"
	"github.com/steadyhq/steady/internal/web"
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

// ClientRoutes mounts the client's own settings on the homework link's group.
func (h *Handlers) ClientRoutes(client *echo.Group) {
	client.GET("/reminders", h.getChoices)
	client.PUT("/reminders", h.setChoices)
}

func (h *Handlers) getChoices(c echo.Context) error {
	sess := homework.SessionFrom(c)
	var out Choices
	err := h.DB.InTenant(c.Request().Context(), db.Scope{PracticeID: sess.PracticeID}, func(tx *db.Tx) error {
		var err error
		out, err = loadChoices(c.Request().Context(), tx, sess)
		return err
	})
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, out)
}

// clientChoicesSQL reads a client's own reminder choices.
const clientChoicesSQL = `SELECT preferred_at, paused_until, off, email_unsubscribed_at
	FROM reminder_preferences WHERE client_id = ?`

func loadChoices(ctx context.Context, tx *db.Tx, sess *homework.Session) (Choices, error) {
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

// setChoices replaces the client's choices: a preferred time outside quiet hours, a pause that
// ends within 90 days, reminders off or on, email back on. Each problem is named; nothing is
// half-saved.
func (h *Handlers) setChoices(c echo.Context) error {
	var req Choices
	if err := web.Bind(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	sess := homework.SessionFrom(c)
	loc, err := cadence.Location(sess.TimeZone)
	if err != nil {
		return err
	}
	now := h.now()
	var out Choices
	err = h.DB.InTenant(ctx, db.Scope{PracticeID: sess.PracticeID}, func(tx *db.Tx) error {
		v := validate.Errors{}
		if req.PreferredAt != nil {
			at, err := cadence.ParseClock(*req.PreferredAt)
			if err != nil {
				v.Add("preferred_at", "must be a time of day from 00:00 to 23:59")
			} else if q, err := team.QuietHours(ctx, tx); err != nil {
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
		if err := audit.Record(ctx, tx, sess.PracticeID, sess.Actor(c.RealIP(), c.Request().UserAgent()), audit.Event{
			Action: "reminders.choices", SubjectType: "client", SubjectID: sess.ClientID.String(), ClientID: sess.ClientID}); err != nil {
			return err
		}
		out, err = loadChoices(ctx, tx, sess)
		return err
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}
