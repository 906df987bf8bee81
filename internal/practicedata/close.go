package practicedata

import (
	"context"
	"errors"
	"math"
	"strings"
	"time"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/team"
	"github.com/steadyhq/steady/internal/validate"
)

// CloseInput is the owner's confirmation: the practice's name typed out, and their password.
type CloseInput struct {
	PracticeName string
	Password     string
}

// Closed is when the practice closed and when its data will be deleted.
type Closed struct {
	ClosedAt    time.Time
	DeleteAfter time.Time
}

// Close closes the caller's practice for good, once its name and the caller's password are
// confirmed (each wrong one a 422 naming its field, with nothing written). In one transaction
// it marks the practice closed with its deletion date, ends every staff session in it but the
// caller's, every client session and homework link, revokes open invitations, and runs the
// OnClose hooks (billing's cancellation job). From then on the practice sends nothing and only
// its export works (auth's Guard), until the deletion job deletes it after the retention.
func (s *Service) Close(ctx context.Context, caller auth.Caller, in CloseInput) (Closed, error) {
	if err := s.confirm(ctx, caller, in); err != nil {
		return Closed{}, err
	}
	now := s.now()
	out := Closed{ClosedAt: now, DeleteAfter: now.Add(s.retention)}
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if c, err := practice.LockClosure(ctx, tx, caller.PracticeID); err != nil || c != nil {
			return orClosed(err)
		}
		if ok, err := practice.Close(ctx, tx, caller.PracticeID, caller.UserID, out.ClosedAt, out.DeleteAfter); err != nil || !ok {
			return orClosed(err)
		}
		if err := s.endWork(ctx, tx, caller, now); err != nil {
			return err
		}
		return record(ctx, tx, caller, "practice.close", caller.PracticeID, map[string]any{
			"delete_after": out.DeleteAfter, "retention_days": int(math.Round(s.retention.Hours() / 24))})
	})
	return out, err
}

// confirm checks the typed name, then (only when the name is right, since each try counts
// against the person's password limit) the password.
func (s *Service) confirm(ctx context.Context, caller auth.Caller, in CloseInput) error {
	v := validate.Errors{}
	v.Length("practice_name", in.PracticeName, 1, 200)
	v.Length("password", in.Password, 1, 200)
	if err := v.Err(); err != nil {
		return err
	}
	var name string
	if err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		p, err := practice.Get(ctx, tx, caller.PracticeID)
		if err == nil {
			name = p.Name
		}
		return err
	}); err != nil {
		return err
	}
	if strings.TrimSpace(in.PracticeName) != name {
		return validate.Errors{"practice_name": "does not match the practice's name; type it exactly as it is shown"}
	}
	err := s.auth.ConfirmPassword(ctx, caller.Staff, in.Password)
	if errors.Is(err, auth.ErrWrongPassword) {
		return validate.Errors{"password": "is not your password"}
	}
	return err
}

// endWork stops everything the practice does, in the closing's transaction.
func (s *Service) endWork(ctx context.Context, tx *db.Tx, caller auth.Caller, now time.Time) error {
	if err := auth.EndPracticeSessions(ctx, tx, caller.PracticeID, caller.Staff); err != nil {
		return err
	}
	if err := links.EndAll(ctx, tx, now); err != nil {
		return err
	}
	if err := team.RevokeAllInvitations(ctx, tx, now); err != nil {
		return err
	}
	for _, hook := range s.OnClose {
		if err := hook(ctx, tx, caller.PracticeID); err != nil {
			return err
		}
	}
	return nil
}

// orClosed is err, or ErrAlreadyClosed when there was none (the practice was closed already).
func orClosed(err error) error {
	if err != nil {
		return err
	}
	return ErrAlreadyClosed
}
