package reminders

import (
	"context"
	"errors"
	"html/template"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/ratelimit"
	"github.com/steadyhq/steady/internal/web"
)

// ErrUnknownToken is a token that names no reminder.
var ErrUnknownToken = errors.New("reminders: unknown token")

var unsubscribeAttempts = ratelimit.Rule{Name: "unsubscribe-ip", Max: 30, Window: 15 * time.Minute}

const (
	// tokenPracticeSQL reads the practice of a reminder's link token, through a definer function.
	tokenPracticeSQL = `SELECT homework_link_practice(?)`
	// tokenClientSQL reads the client a reminder's token was sent to.
	tokenClientSQL = `SELECT client_id FROM reminder_deliveries WHERE token_hash = ?`
	// unsubscribeEmailSQL turns a client's email reminders off, once.
	unsubscribeEmailSQL = `INSERT INTO reminder_preferences (practice_id, client_id, email_unsubscribed_at, updated_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (practice_id, client_id) DO UPDATE
		SET email_unsubscribed_at = excluded.email_unsubscribed_at, updated_at = excluded.updated_at
		WHERE reminder_preferences.email_unsubscribed_at IS NULL`
)

// Unsubscribe stops email reminders for the client a reminder's token was sent to. It needs no
// log-in: the token is the proof, and it keeps working after the homework link it carried has
// expired or been revoked. Doing it twice changes nothing more.
func (s *Service) Unsubscribe(ctx context.Context, token, ip, userAgent string) error {
	now, d := s.now(), s.db
	if err := d.InGlobal(ctx, func(tx *db.Tx) error {
		return ratelimit.Hit(ctx, tx, unsubscribeAttempts, ip, now)
	}); err != nil {
		return err
	}
	if !links.WellFormed(token) {
		return ErrUnknownToken
	}
	hash := db.Bytes(links.HashToken(token))
	var practiceID *uuid.UUID
	if err := d.InGlobal(ctx, func(tx *db.Tx) error {
		return tx.Gorm.Raw(tokenPracticeSQL, hash).Row().Scan(&practiceID)
	}); err != nil {
		return err
	}
	if practiceID == nil {
		return ErrUnknownToken
	}
	return d.InTenant(ctx, db.Scope{PracticeID: *practiceID}, func(tx *db.Tx) error {
		var clients []uuid.UUID
		if err := tx.Gorm.Raw(tokenClientSQL, hash).
			Scan(&clients).Error; err != nil {
			return err
		}
		if len(clients) == 0 {
			return ErrUnknownToken // a homework link's own token is not an unsubscribe token
		}
		res := tx.Gorm.Exec(unsubscribeEmailSQL, *practiceID, clients[0], now, now)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		return audit.Record(ctx, tx, *practiceID, audit.ActorOf(uuid.Nil, ip, userAgent), audit.Event{
			Action: "reminders.unsubscribe", SubjectType: "client", SubjectID: clients[0].String(), ClientID: clients[0]})
	})
}

var unsubscribePage = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>Email reminders</title>
<style>{{.Style}}</style></head>
<body><main>{{if eq .State "ask"}}<h1>Stop email reminders?</h1>
<p>You will no longer get homework reminders by email. Your homework link keeps working, and you can tell your clinician if you want them back.</p>
<form method="post"><button type="submit">Stop email reminders</button></form>
{{else if eq .State "done"}}<h1>Email reminders are off</h1>
<p>You will not get homework reminders by email any more. Your homework link keeps working.</p>
{{else if eq .State "slow"}}<h1>Please try again in a few minutes</h1><p>There have been too many tries from here.</p>
{{else}}<h1>This link does not work</h1><p>It may have been copied incompletely. Use the link in your latest reminder email, or ask your clinician.</p>{{end}}
</main></body></html>`))

func page(c echo.Context, status int, state string) error {
	return web.PlainPage(c, status, unsubscribePage, map[string]any{"State": state})
}
