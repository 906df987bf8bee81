package team

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/validate"
)

// InvitationTTL is how long an invitation link works.
const InvitationTTL = 7 * 24 * time.Hour

// Invitation errors. ErrInvitationInvalid deliberately covers unknown, used, revoked and
// expired links alike.
var (
	ErrInvitationInvalid = errors.New("team: invitation link not valid")
	ErrAlreadyMember     = errors.New("team: already a member")
	ErrAlreadyInvited    = errors.New("team: already invited")
)

// Invitation is a row of invitations.
type Invitation struct {
	PracticeID     uuid.UUID `gorm:"primaryKey"`
	ID             uuid.UUID `gorm:"primaryKey"`
	Email          string
	Role           string
	TokenHash      []byte
	InvitedBy      *uuid.UUID
	Sends          int
	CreatedAt      time.Time
	ExpiresAt      time.Time
	AcceptedAt     *time.Time
	AcceptedUserID *uuid.UUID
	RevokedAt      *time.Time
}

func (i *Invitation) open(now time.Time) bool {
	return i.AcceptedAt == nil && i.RevokedAt == nil && now.Before(i.ExpiresAt)
}

func hashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

func newToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Invite asks someone to join the practice as an admin or clinician; the email goes out from a
// job inserted in the same transaction.
func (s *Service) Invite(ctx context.Context, caller auth.Caller, email string, role practice.Role) (*Invitation, error) {
	email = validate.NormalizeEmail(email)
	v := validate.Errors{}
	v.Email("email", email)
	if role != practice.RoleAdmin && role != practice.RoleClinician {
		v.Add("role", "must be admin or clinician")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	inv := Invitation{PracticeID: caller.PracticeID, ID: uuid.New(), Email: email, Role: string(role),
		InvitedBy: &caller.UserID, Sends: 1, CreatedAt: now, ExpiresAt: now.Add(InvitationTTL)}
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if err := s.Gate.Check(ctx, tx); err != nil {
			return err
		}
		member, err := hasMemberWithEmail(ctx, tx, email)
		if err != nil {
			return err
		}
		if member {
			return ErrAlreadyMember
		}
		if err := tx.Gorm.Create(&inv).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return ErrAlreadyInvited
			}
			return err
		}
		if err := tx.InsertJob(ctx, InviteArgs{PracticeID: inv.PracticeID, InvitationID: inv.ID, Send: 1}, nil); err != nil {
			return err
		}
		return record(ctx, tx, caller, "invitation.create", caller.UserID, map[string]any{"invitation_id": inv.ID, "role": role})
	})
	return &inv, err
}

// hasMemberWithEmail reports whether the practice has a member (of any status) with the email
// address: whose account it is is auth's to say, who belongs is practice's.
func hasMemberWithEmail(ctx context.Context, tx *db.Tx, email string) (bool, error) {
	userID, exists, err := auth.FindUserByEmail(ctx, tx, email)
	if err != nil || !exists {
		return false, err
	}
	return practice.IsMember(ctx, tx, userID)
}

// Invitations lists the invitations not yet accepted or revoked, newest first.
func (s *Service) Invitations(ctx context.Context, caller auth.Caller) ([]Invitation, error) {
	var out []Invitation
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		return tx.Gorm.Where("accepted_at IS NULL AND revoked_at IS NULL").
			Order("created_at DESC").Find(&out).Error
	})
	return out, err
}

// Resend sends a new link (the old one stops working) valid for another seven days.
func (s *Service) Resend(ctx context.Context, caller auth.Caller, id uuid.UUID) error {
	return s.changeOpen(ctx, caller, id, "invitation.resend", func(tx *db.Tx, inv *Invitation) error {
		inv.Sends++
		err := tx.Gorm.Model(inv).Updates(map[string]any{"sends": inv.Sends, "token_hash": nil,
			"expires_at": s.now().Add(InvitationTTL)}).Error
		if err != nil {
			return err
		}
		return tx.InsertJob(ctx, InviteArgs{PracticeID: inv.PracticeID, InvitationID: inv.ID, Send: inv.Sends}, nil)
	})
}

// Revoke cancels an invitation; its link stops working at once.
func (s *Service) Revoke(ctx context.Context, caller auth.Caller, id uuid.UUID) error {
	return s.changeOpen(ctx, caller, id, "invitation.revoke", func(tx *db.Tx, inv *Invitation) error {
		return tx.Gorm.Model(inv).Updates(map[string]any{"revoked_at": s.now(), "token_hash": nil}).Error
	})
}

func (s *Service) changeOpen(ctx context.Context, caller auth.Caller, id uuid.UUID, action string,
	change func(*db.Tx, *Invitation) error) error {
	return s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		var inv Invitation
		err := tx.Gorm.Where("id = ? AND accepted_at IS NULL AND revoked_at IS NULL", id).Take(&inv).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if err := change(tx, &inv); err != nil {
			return err
		}
		return record(ctx, tx, caller, action, caller.UserID, map[string]any{"invitation_id": id})
	})
}
