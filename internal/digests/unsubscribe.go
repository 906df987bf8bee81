package digests

import (
	"context"
	"errors"
	"html/template"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/ratelimit"
)

// ErrUnknownToken is an unsubscribe token that names no digest email.
var ErrUnknownToken = errors.New("digests: unknown token")

var unsubscribeAttempts = ratelimit.Rule{Name: "digest-unsubscribe-ip", Max: 30, Window: 15 * time.Minute}

const (
	// tokenPracticeSQL finds the practice of a token's digest, through a definer function.
	tokenPracticeSQL = `SELECT digest_token_practice(?)`
	// tokenUserSQL reads whose digest the token came with.
	tokenUserSQL = `SELECT user_id FROM digests WHERE unsubscribe_hash = ?`
	// emailOffSQL turns the person's digest emails off, once.
	emailOffSQL = `UPDATE digest_settings SET email = false, updated_at = ? WHERE user_id = ? AND email`
)

// Unsubscribe turns off the digest emails of the person a digest's email was sent to: one
// click from the mail app (RFC 8058), no log-in, the token the proof. Twice changes nothing more.
func (s *Service) Unsubscribe(ctx context.Context, token, ip, userAgent string) error {
	now := s.now()
	if err := s.db.InGlobal(ctx, func(tx *db.Tx) error {
		return ratelimit.Hit(ctx, tx, unsubscribeAttempts, ip, now)
	}); err != nil {
		return err
	}
	if len(token) != 43 {
		return ErrUnknownToken
	}
	hash := db.Bytes(hashToken(token))
	var practiceID *uuid.UUID
	if err := s.db.InGlobal(ctx, func(tx *db.Tx) error {
		return tx.Gorm.Raw(tokenPracticeSQL, hash).Row().Scan(&practiceID)
	}); err != nil {
		return err
	}
	if practiceID == nil {
		return ErrUnknownToken
	}
	return s.db.InTenant(ctx, db.Scope{PracticeID: *practiceID}, func(tx *db.Tx) error {
		var user uuid.UUID
		if err := tx.Gorm.Raw(tokenUserSQL, hash).Row().Scan(&user); err != nil {
			return err
		}
		res := tx.Gorm.Exec(emailOffSQL, now, user)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		return audit.Record(ctx, tx, *practiceID, audit.ActorOf(uuid.Nil, ip, userAgent), audit.Event{
			Action: "digests.unsubscribe", SubjectType: "user", SubjectID: user.String()})
	})
}

var unsubscribePage = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>Weekly digest emails</title>
<style>{{.Style}}</style></head>
<body><main>{{if eq .State "ask"}}<h1>Stop weekly digest emails?</h1>
<p>Your digest is still made each week and stays on its page in Steady; only the email stops. You can turn it back on in your digest settings.</p>
<form method="post"><button type="submit">Stop digest emails</button></form>
{{else if eq .State "done"}}<h1>Digest emails are off</h1>
<p>You will not get the weekly digest by email any more. It is still on its page in Steady.</p>
{{else if eq .State "slow"}}<h1>Please try again in a few minutes</h1><p>There have been too many tries from here.</p>
{{else}}<h1>This link does not work</h1><p>It may have been copied incompletely. Use the link in your latest digest email, or change your digest settings in Steady.</p>{{end}}
</main></body></html>`))
