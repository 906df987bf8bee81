package homework

import (
	"context"
	"time"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/ratelimit"
	"github.com/steadyhq/steady/internal/validate"
)

// pinAttempts limits PIN entries per client, right or wrong (see docs/decisions/0002).
var pinAttempts = ratelimit.Rule{Name: "homework-pin", Max: 5, Window: 15 * time.Minute}

func checkPIN(pin string) error {
	if len(pin) < 4 || len(pin) > 8 {
		return validate.Errors{"pin": "must be 4 to 8 digits"}
	}
	for _, r := range pin {
		if r < '0' || r > '9' {
			return validate.Errors{"pin": "must be 4 to 8 digits"}
		}
	}
	return nil
}

// SetPIN chooses the client's PIN on their first visit and opens past entries for this session.
func (s *Service) SetPIN(ctx context.Context, sess *Session, pin, ip, ua string) (*Session, error) {
	if err := checkPIN(pin); err != nil {
		return nil, err
	}
	hash, err := auth.HashPassword(pin)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out *Session
	err = s.db.InTenant(ctx, sess.Scope(), func(tx *db.Tx) error {
		g := tx.Gorm.WithContext(ctx)
		res := g.Exec(`UPDATE clients SET pin_hash = ?, pin_set_at = ? WHERE id = ? AND pin_hash = ''`, hash, now, sess.ClientID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrPINAlreadySet
		}
		if err := g.Exec(`UPDATE client_sessions SET pin_verified_at = ? WHERE token_hash = ?`, now, db.Bytes(sess.tokenHash)).Error; err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, sess.PracticeID, sess.Actor(ip, ua), audit.Event{Action: "homework_pin.set",
			SubjectType: "client", SubjectID: sess.ClientID.String(), ClientID: sess.ClientID}); err != nil {
			return err
		}
		out, err = loadSession(ctx, tx, sess.tokenHash, now)
		return err
	})
	return out, err
}

// VerifyPIN opens past entries for this session when pin is right.
func (s *Service) VerifyPIN(ctx context.Context, sess *Session, pin string) (*Session, error) {
	now := s.now()
	if err := s.db.InGlobal(ctx, func(tx *db.Tx) error {
		return ratelimit.Hit(ctx, tx, pinAttempts, sess.ClientID.String(), now)
	}); err != nil {
		return nil, err
	}
	var out *Session
	err := s.db.InTenant(ctx, sess.Scope(), func(tx *db.Tx) error {
		var stored string
		if err := tx.Gorm.WithContext(ctx).Raw(`SELECT pin_hash FROM clients WHERE id = ?`, sess.ClientID).Scan(&stored).Error; err != nil {
			return err
		}
		if stored == "" {
			return ErrPINNotSet
		}
		if ok, err := auth.VerifyPassword(pin, stored); err != nil || !ok {
			return orWrongPIN(err)
		}
		if err := tx.Gorm.WithContext(ctx).Exec(`UPDATE client_sessions SET pin_verified_at = ? WHERE token_hash = ?`,
			now, db.Bytes(sess.tokenHash)).Error; err != nil {
			return err
		}
		var err error
		out, err = loadSession(ctx, tx, sess.tokenHash, now)
		return err
	})
	return out, err
}

func orWrongPIN(err error) error {
	if err != nil {
		return err
	}
	return ErrWrongPIN
}
