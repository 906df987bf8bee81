package auth

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/validate"
)

// challenge is a row of two_factor_challenges: a log-in whose password was right and which
// waits for a code. It is kept apart from sessions so that nothing that reads sessions can
// take it for a signed-in person. Only the SHA-256 of its cookie's token is stored.
type challenge struct {
	TokenHash []byte `gorm:"primaryKey"`
	UserID    uuid.UUID
	CreatedAt time.Time
	ExpiresAt time.Time
}

func (challenge) TableName() string { return "two_factor_challenges" }

func createChallenge(ctx context.Context, tx *db.Tx, c *challenge) error {
	return tx.Gorm.Create(c).Error
}

// findChallenge loads the unexpired challenge for hash, or ErrLoginExpired.
func findChallenge(ctx context.Context, tx *db.Tx, hash []byte, now time.Time) (*challenge, error) {
	var c challenge
	err := tx.Gorm.Where("token_hash = ? AND expires_at > ?", db.Bytes(hash), now).Take(&c).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrLoginExpired
	}
	return &c, err
}

// deleteChallenges ends the pending log-ins of a user (after a password change or reset, a
// log-in begun with the old password must not finish).
func deleteChallenges(ctx context.Context, tx *db.Tx, userID uuid.UUID) error {
	return tx.Gorm.Where("user_id = ?", userID).Delete(&challenge{}).Error
}

// FinishLogin completes a pending log-in with a code from the person's authenticator app or
// one of their recovery codes, and starts the session, ending the one the browser presented
// (previous). Code attempts are rate limited per person, right or wrong, so guessing six
// digits is hopeless; a wrong code writes nothing.
func (s *Service) FinishLogin(ctx context.Context, challengeToken, code, previous string, cl Client) (string, *Profile, error) {
	v := validate.Errors{}
	v.Length("code", code, 1, 64)
	if err := v.Err(); err != nil {
		return "", nil, err
	}
	if challengeToken == "" {
		return "", nil, ErrLoginExpired
	}
	hash := hashToken(challengeToken)
	now := s.opts.Now()
	var ch *challenge
	var memberships []userPractice
	err := s.db.InGlobal(ctx, func(tx *db.Tx) error {
		var err error
		if ch, err = findChallenge(ctx, tx, hash, now); err != nil {
			return err
		}
		memberships, err = userPractices(ctx, tx, ch.UserID)
		return err
	})
	if err != nil {
		return "", nil, err
	}
	if err := s.hit(ctx, s.opts.TwoFactorUser, ch.UserID.String()); err != nil {
		return "", nil, err
	}
	if len(memberships) == 0 {
		return "", nil, ErrNoPractice
	}
	current := memberships[0]
	staff := &Staff{UserID: ch.UserID, PracticeID: current.PracticeID, Role: practice.Role(current.Role),
		TwoFactorEnabled: true}
	token, tokenHash := newToken()
	err = s.db.InTenant(ctx, staff.Scope(), func(tx *db.Tx) error {
		u, err := getUser(ctx, tx, ch.UserID)
		if err != nil {
			return err
		}
		if !u.TwoFactorEnabled() { // turned off since the password step: start again
			return ErrLoginExpired
		}
		if err := s.useCode(ctx, tx, u, code, true, now); err != nil {
			return err
		}
		if err := tx.Gorm.Where("token_hash = ?", db.Bytes(hash)).Delete(&challenge{}).Error; err != nil {
			return err
		}
		if previous != "" {
			if err := deleteSession(ctx, tx, hashToken(previous)); err != nil {
				return err
			}
		}
		return createSession(ctx, tx, s.newSession(tokenHash, u.ID, current.PracticeID, cl, now))
	})
	if err != nil {
		return "", nil, err
	}
	prof, err := s.Profile(ctx, staff)
	return token, prof, err
}
