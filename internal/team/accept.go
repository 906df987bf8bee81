package team

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/ratelimit"
)

// InvitationRule limits how often one address may try invitation links; InvitationAccountRule
// how often an existing account's password may be tried through invitations.
var (
	InvitationRule        = ratelimit.Rule{Name: "invitation_address", Max: 30, Window: 15 * time.Minute}
	InvitationAccountRule = ratelimit.Rule{Name: "invitation_account", Max: 10, Window: 15 * time.Minute}
)

// Preview is what the accept page shows before anyone acts. Opening it changes nothing.
type Preview struct {
	PracticeName    string
	Email           string
	Role            string
	ExistingAccount bool
}

// Joined says how an acceptance ended: a new account comes with a session (Token); an existing
// account signs in as usual, two-factor included.
type Joined struct {
	Token         string
	LoginRequired bool
}

// invitationPracticeSQL reads the practice of an invitation's token hash, through a definer function.
const invitationPracticeSQL = `SELECT invitation_practice(?)`

// practiceOf finds the practice of a token through the one definer function made for it. Every
// look-up counts against the address's limit: a wrong token commits its hit like a right one.
func (s *Service) practiceOf(ctx context.Context, token, ip string) (uuid.UUID, error) {
	var pid uuid.NullUUID
	err := s.db.InGlobal(ctx, func(tx *db.Tx) error {
		if err := ratelimit.Hit(ctx, tx, InvitationRule, ip, s.now()); err != nil {
			return err
		}
		return tx.Gorm.Raw(invitationPracticeSQL, db.Bytes(hashToken(token))).Scan(&pid).Error
	})
	if err != nil {
		return uuid.Nil, err
	}
	if !pid.Valid || token == "" {
		return uuid.Nil, ErrInvitationInvalid
	}
	return pid.UUID, nil
}

func loadByToken(ctx context.Context, tx *db.Tx, token string, lock bool, now time.Time) (*Invitation, error) {
	q := tx.Gorm
	if lock {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var inv Invitation
	err := q.Where("practice_id = ? AND token_hash = ?", tx.PracticeID(), db.Bytes(hashToken(token))).Take(&inv).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrInvitationInvalid
	}
	if err != nil {
		return nil, err
	}
	if !inv.open(now) {
		return nil, ErrInvitationInvalid
	}
	return &inv, nil
}

// PreviewInvitation describes the invitation of token.
func (s *Service) PreviewInvitation(ctx context.Context, token, ip string) (*Preview, error) {
	pid, err := s.practiceOf(ctx, token, ip)
	if err != nil {
		return nil, err
	}
	var p Preview
	err = s.db.InTenant(ctx, db.Scope{PracticeID: pid}, func(tx *db.Tx) error {
		inv, err := loadByToken(ctx, tx, token, false, s.now())
		if err != nil {
			return err
		}
		pr, err := practice.Get(ctx, tx, pid)
		if err != nil {
			return err
		}
		_, exists, err := auth.FindUserByEmail(ctx, tx, inv.Email)
		p = Preview{PracticeName: pr.Name, Email: inv.Email, Role: inv.Role, ExistingAccount: exists}
		return err
	})
	return &p, err
}

// AcceptInput is the accept form: name and password for a new account, the password alone
// for an existing one.
type AcceptInput struct {
	Token    string
	Name     string
	Password string
}

// Accept joins the invited person to the practice, once.
func (s *Service) Accept(ctx context.Context, a *auth.Service, in AcceptInput, cl auth.Client) (*Joined, error) {
	pid, err := s.practiceOf(ctx, in.Token, cl.IP)
	if err != nil {
		return nil, err
	}
	var email string
	var userID uuid.UUID
	var exists bool
	err = s.db.InTenant(ctx, db.Scope{PracticeID: pid}, func(tx *db.Tx) error {
		inv, err := loadByToken(ctx, tx, in.Token, false, s.now())
		if err != nil {
			return err
		}
		email = inv.Email
		userID, exists, err = auth.FindUserByEmail(ctx, tx, email)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !exists {
		userID = uuid.New()
	} else if err := s.db.InGlobal(ctx, func(tx *db.Tx) error {
		// Counted in its own transaction, so a wrong password still counts.
		return ratelimit.Hit(ctx, tx, InvitationAccountRule, email, s.now())
	}); err != nil {
		return nil, err
	}
	var joined Joined
	err = s.db.InTenant(ctx, db.Scope{PracticeID: pid, UserID: userID}, func(tx *db.Tx) error {
		now := s.now()
		inv, err := loadByToken(ctx, tx, in.Token, true, now) // locked: a double submit joins once
		if err != nil {
			return err
		}
		if exists {
			ok, err := auth.CheckPassword(ctx, tx, email, in.Password)
			if err != nil {
				return err
			}
			if !ok {
				return auth.ErrInvalidCredentials
			}
			joined.LoginRequired = true
		} else if err := auth.NewAccount(ctx, tx, userID, email, in.Name, in.Password, now); err != nil {
			return err
		}
		m := practice.Membership{PracticeID: pid, UserID: userID, Role: practice.Role(inv.Role), CreatedAt: now}
		if err := practice.AddMember(ctx, tx, &m); err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return ErrAlreadyMember
			}
			return err
		}
		if err := tx.Gorm.Model(inv).Updates(map[string]any{"accepted_at": now,
			"accepted_user_id": userID, "token_hash": nil}).Error; err != nil {
			return err
		}
		if err := s.seatsChanged(ctx, tx, pid); err != nil {
			return err
		}
		err = audit.Record(ctx, tx, pid, audit.ActorOf(userID, cl.IP, cl.UserAgent), audit.Event{
			Action: "invitation.accept", SubjectType: "member", SubjectID: userID.String(),
			Detail: map[string]any{"invitation_id": inv.ID, "role": inv.Role}})
		if err != nil || exists {
			return err
		}
		joined.Token, err = a.StartSessionTx(ctx, tx, userID, pid, cl)
		return err
	})
	return &joined, err
}
