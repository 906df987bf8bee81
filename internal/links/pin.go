package links

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
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
	if why := guessable(pin); why != "" {
		return validate.Errors{"pin": why + ": choose one that only you would know"}
	}
	return nil
}

// commonPINs are the four-digit PINs people choose most often, after the patterns guessable
// catches by shape: a partner or anyone holding the phone tries these first.
var commonPINs = map[string]bool{"1004": true, "2000": true, "6969": true, "1122": true, "2001": true,
	"1010": true, "1212": true, "1313": true, "7777": true, "5683": true, "0007": true, "1998": true}

// keypadLines are straight lines on a phone keypad, forwards and back.
var keypadLines = []string{"2580", "0852", "1470", "0741", "3690", "0963", "1590", "0951", "3570", "0753",
	"1597", "7951", "3579", "9753", "7415", "9630"}

// guessable says why a PIN is trivially guessable, or "" when it is not: one digit
// throughout, a run that climbs or falls by a constant step (1234, 2468, 9876), a short
// pattern repeated (1212, 123123), a line on the keypad (2580), a recent year or a PIN on the
// most-chosen list. The list is short by design: the rate limit does the rest.
func guessable(pin string) string {
	switch {
	case strings.Count(pin, pin[:1]) == len(pin):
		return "uses one digit throughout"
	case constantStep(pin):
		return "is a sequence, like 1234 or 2468"
	case repeats(pin):
		return "repeats a short pattern, like 1212"
	case slices.Contains(keypadLines, pin):
		return "is a straight line on the keypad, like 2580"
	case len(pin) == 4 && pin >= "1940" && pin <= "2039":
		return "could be a year, which is easy to guess"
	case commonPINs[pin]:
		return "is one of the most common PINs"
	}
	return ""
}

// constantStep reports whether each digit differs from the one before by the same -2..2
// (not 0: that is one digit throughout), wrapping past 9 (7890, 8901).
func constantStep(pin string) bool {
	step := (int(pin[1]) - int(pin[0]) + 10) % 10
	if step == 0 || (step > 2 && step < 8) {
		return false
	}
	for i := 2; i < len(pin); i++ {
		if (int(pin[i])-int(pin[i-1])+10)%10 != step {
			return false
		}
	}
	return true
}

// repeats reports whether pin is a shorter block said again and again (1212, 123123, 12121212).
func repeats(pin string) bool {
	for n := 1; n <= len(pin)/2; n++ {
		if len(pin)%n == 0 && strings.Repeat(pin[:n], len(pin)/n) == pin {
			return true
		}
	}
	return false
}

const (
	// verifySessionPINSQL records that a session's PIN was entered.
	verifySessionPINSQL = `UPDATE client_sessions SET pin_verified_at = ? WHERE token_hash = ?`
)

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
		set, err := clients.SetFirstPIN(ctx, tx, sess.ClientID, hash, now)
		if err != nil {
			return err
		}
		if !set {
			return ErrPINAlreadySet
		}
		if err := tx.Gorm.Exec(verifySessionPINSQL, now, db.Bytes(sess.tokenHash)).Error; err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, sess.PracticeID, sess.Actor(ip, ua), audit.Event{Action: "homework_pin.set",
			SubjectType: "client", SubjectID: sess.ClientID.String(), ClientID: sess.ClientID}); err != nil {
			return err
		}
		out, _, err = loadSession(ctx, tx, sess.tokenHash, now)
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
		stored, err := clients.PINHash(ctx, tx, sess.ClientID)
		if err != nil {
			return err
		}
		if stored == "" {
			return ErrPINNotSet
		}
		if ok, err := auth.VerifyPassword(pin, stored); err != nil || !ok {
			return orWrongPIN(err)
		}
		if err := tx.Gorm.Exec(verifySessionPINSQL, now, db.Bytes(sess.tokenHash)).Error; err != nil {
			return err
		}
		out, _, err = loadSession(ctx, tx, sess.tokenHash, now)
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
