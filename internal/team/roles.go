package team

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/validate"
)

// ErrOwnerProtected and ErrSelf guard the changes that would leave a practice without an
// owner or lock a person out by their own hand.
var (
	ErrOwnerProtected = errors.New("team: the owner's membership is protected")
	ErrSelf           = errors.New("team: cannot change one's own membership")
)

// loadMember reads a person's membership of the practice through its owner, practice.
func loadMember(ctx context.Context, tx *db.Tx, userID uuid.UUID) (*practice.Member, error) {
	m, err := practice.FindMember(ctx, tx, userID)
	if errors.Is(err, practice.ErrNotFound) {
		return nil, ErrNotFound
	}
	return m, err
}

// guardChange refuses changes to the owner and to oneself.
func guardChange(caller auth.Caller, m *practice.Member) error {
	if m.UserID == caller.UserID {
		return ErrSelf
	}
	if m.Role == practice.RoleOwner {
		return ErrOwnerProtected
	}
	return nil
}

// SetRole makes a member an admin or a clinician.
func (s *Service) SetRole(ctx context.Context, caller auth.Caller, userID uuid.UUID, role practice.Role) error {
	if role != practice.RoleAdmin && role != practice.RoleClinician {
		return validate.Errors{"role": "must be admin or clinician (ownership is transferred, not assigned)"}
	}
	return s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		m, err := loadMember(ctx, tx, userID)
		if err != nil {
			return err
		}
		if err := guardChange(caller, m); err != nil {
			return err
		}
		if err := practice.SetRole(ctx, tx, userID, role); err != nil {
			return err
		}
		return record(ctx, tx, caller, "member.role_change", userID, map[string]any{"from": m.Role, "to": role})
	})
}

// SetActive deactivates a member (their sessions in this practice end at once) or brings
// them back.
func (s *Service) SetActive(ctx context.Context, caller auth.Caller, userID uuid.UUID, active bool) error {
	return s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		m, err := loadMember(ctx, tx, userID)
		if err != nil {
			return err
		}
		if err := guardChange(caller, m); err != nil {
			return err
		}
		action := "member.reactivate"
		if !active {
			action = "member.deactivate"
			if err := auth.EndSessionsIn(ctx, tx, userID, caller.PracticeID); err != nil {
				return err
			}
		}
		if err := practice.SetActive(ctx, tx, userID, active); err != nil {
			return err
		}
		if err := s.seatsChanged(ctx, tx, caller.PracticeID); err != nil {
			return err
		}
		return record(ctx, tx, caller, action, userID, nil)
	})
}

// seatsChanged tells billing, in the change's transaction, that the active members changed.
func (s *Service) seatsChanged(ctx context.Context, tx *db.Tx, practiceID uuid.UUID) error {
	if s.OnSeats == nil {
		return nil
	}
	return s.OnSeats(ctx, tx, practiceID, uuid.New())
}

func record(ctx context.Context, tx *db.Tx, caller auth.Caller, action string, userID uuid.UUID, detail map[string]any) error {
	return audit.Record(ctx, tx, caller.PracticeID, audit.ActorOf(caller.UserID, caller.IP, caller.UserAgent),
		audit.Event{Action: action, SubjectType: "member", SubjectID: userID.String(), Detail: detail})
}

// TransferOwnership makes another active member the owner; the current owner becomes an admin.
// A practice always has exactly one owner.
func (s *Service) TransferOwnership(ctx context.Context, caller auth.Caller, userID uuid.UUID) error {
	return s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		m, err := loadMember(ctx, tx, userID)
		if err != nil {
			return err
		}
		if m.UserID == caller.UserID {
			return ErrSelf
		}
		if m.Status != practice.StatusActive {
			return validate.Errors{"user_id": "must be an active member"}
		}
		if err := practice.SetRole(ctx, tx, caller.UserID, practice.RoleAdmin); err != nil {
			return err
		}
		if err := practice.SetRole(ctx, tx, userID, practice.RoleOwner); err != nil {
			return err
		}
		return record(ctx, tx, caller, "member.ownership_transfer", userID, map[string]any{"from": caller.UserID})
	})
}
