package auth

import (
	"context"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/validate"
)

// ChangePassword sets a new password once the current one is proven, and ends every other
// session of the person, their pending log-ins and their outstanding reset links: whoever
// knew the old password is signed out everywhere but here. Attempts are rate limited per
// person, so a session left open cannot be used to guess the password.
func (s *Service) ChangePassword(ctx context.Context, staff *Staff, current, next string) error {
	v := validate.Errors{}
	v.Length("current_password", current, 1, 200)
	v.Length("new_password", next, minPasswordRunes, maxPasswordRunes)
	if err := v.Err(); err != nil {
		return err
	}
	if err := s.hit(ctx, s.opts.PasswordUser, staff.UserID.String()); err != nil {
		return err
	}
	var hash string
	var personal []string
	err := s.db.InTenant(ctx, staff.Scope(), func(tx *db.Tx) error {
		u, err := getUser(ctx, tx, staff.UserID)
		if err != nil {
			return err
		}
		hash = u.PasswordHash
		personal, err = personalDetails(ctx, tx, u, staff.PracticeID)
		return err
	})
	if err != nil {
		return err
	}
	if ok, err := VerifyPassword(current, hash); err != nil || !ok {
		return orWrong(err, ErrWrongCurrentPassword)
	}
	if err := CheckNewPassword("new_password", next, personal...); err != nil {
		return err
	}
	newHash, err := HashPassword(next)
	if err != nil {
		return err
	}
	now := s.opts.Now()
	return s.db.InTenant(ctx, staff.Scope(), func(tx *db.Tx) error {
		if err := updateUser(ctx, tx, staff.UserID, map[string]any{"password_hash": newHash, "updated_at": now}); err != nil {
			return err
		}
		if err := endOtherSessions(ctx, tx, staff.UserID, staff.tokenHash); err != nil {
			return err
		}
		return expireResets(ctx, tx, staff.UserID, now)
	})
}

// personalDetails is what a person's new password must not be built on: their email address,
// their name and the name of the practice they are working in.
func personalDetails(ctx context.Context, tx *db.Tx, u *User, practiceID uuid.UUID) ([]string, error) {
	p, err := practice.Get(ctx, tx, practiceID)
	if err != nil {
		return nil, err
	}
	return []string{u.Email, u.Name, p.Name}, nil
}
