package auth

import (
	"context"

	"github.com/steadyhq/steady/internal/db"
)

// ConfirmPassword checks that password is the signed-in person's own, for a step grave enough
// to ask again (closing a practice). Attempts count against the person's password limit, so a
// session left open cannot be used to guess it. A wrong one is ErrWrongPassword.
func (s *Service) ConfirmPassword(ctx context.Context, staff *Staff, password string) error {
	if err := s.hit(ctx, s.opts.PasswordUser, staff.UserID.String()); err != nil {
		return err
	}
	var hash string
	err := s.db.InTenant(ctx, staff.Scope(), func(tx *db.Tx) error {
		u, err := getUser(ctx, tx, staff.UserID)
		if err == nil {
			hash = u.PasswordHash
		}
		return err
	})
	if err != nil {
		return err
	}
	if ok, err := VerifyPassword(password, hash); err != nil || !ok {
		return orWrong(err, ErrWrongPassword)
	}
	return nil
}
