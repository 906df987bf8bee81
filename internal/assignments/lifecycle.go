package assignments

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/safety"
)

// Pause stops occurrences from now until Resume; a programme picks up at its next step.
func (s *Service) Pause(ctx context.Context, caller auth.Caller, id uuid.UUID) (*AssignmentView, error) {
	return s.transition(ctx, caller, id, "assignment.pause", func(a *Assignment, now time.Time) bool {
		if a.Status != Active {
			return false
		}
		a.Status, a.PausedAt = Paused, &now
		return true
	})
}

// Resume ends the open pause. Trust-repair work resumes only while the partner's couple
// screens say proceed, so a hold cannot be undone by resuming what it paused.
func (s *Service) Resume(ctx context.Context, caller auth.Caller, id uuid.UUID) (*AssignmentView, error) {
	return s.Update(ctx, caller, id, "assignment.resume", func(ctx context.Context, tx *db.Tx, a *Assignment, now time.Time) error {
		if a.Status != Paused || a.PausedAt == nil {
			return ErrInvalidState
		}
		if a.Definition.TrustRepair() {
			if _, err := safety.Gate(ctx, tx, []uuid.UUID{a.ClientID}); err != nil {
				return err
			}
		}
		a.Pauses = append(a.Pauses, cadence.Span{From: *a.PausedAt, To: now})
		a.Status, a.PausedAt = Active, nil
		return nil
	})
}

// Stop ends the assignment for good; answers already given stay.
func (s *Service) Stop(ctx context.Context, caller auth.Caller, id uuid.UUID) (*AssignmentView, error) {
	return s.transition(ctx, caller, id, "assignment.stop", func(a *Assignment, now time.Time) bool {
		if a.Status == Stopped {
			return false
		}
		if a.PausedAt != nil {
			a.Pauses = append(a.Pauses, cadence.Span{From: *a.PausedAt, To: now})
		}
		a.Status, a.PausedAt, a.StoppedAt = Stopped, nil, &now
		return true
	})
}

// transition applies change to an assignment the caller may see, or answers ErrInvalidState.
func (s *Service) transition(ctx context.Context, caller auth.Caller, id uuid.UUID, action string,
	change func(*Assignment, time.Time) bool) (*AssignmentView, error) {
	return s.Update(ctx, caller, id, action, func(_ context.Context, _ *db.Tx, a *Assignment, now time.Time) error {
		if !change(a, now) {
			return ErrInvalidState
		}
		return nil
	})
}

// Update changes a visible assignment with change (which may refuse with an error), saves it
// with an audit row and returns its view, all in one transaction.
func (s *Service) Update(ctx context.Context, caller auth.Caller, id uuid.UUID, action string,
	change func(context.Context, *db.Tx, *Assignment, time.Time) error) (*AssignmentView, error) {
	now := s.now()
	var out *AssignmentView
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		a, err := s.visibleAssignment(ctx, tx, caller, id)
		if err != nil {
			return err
		}
		if err := change(ctx, tx, a, now); err != nil {
			return err
		}
		a.UpdatedAt = now
		if err := tx.Gorm.Save(a).Error; err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, caller.PracticeID, actorOf(caller), audit.Event{Action: action,
			SubjectType: "assignment", SubjectID: id.String(), ClientID: a.ClientID}); err != nil {
			return err
		}
		vs, err := views(ctx, tx, []uuid.UUID{id}, now)
		if err == nil {
			out = &vs[0]
		}
		return err
	})
	return out, s.clients.Denied(ctx, caller, "assignment", id, err)
}

// visibleAssignment loads an assignment whose client the caller may see, else ErrNotFound.
func (s *Service) visibleAssignment(ctx context.Context, tx *db.Tx, caller auth.Caller, id uuid.UUID) (*Assignment, error) {
	a, err := Load(ctx, tx, id)
	if err == ErrNotFound {
		return nil, clients.ErrNotFound
	} else if err != nil {
		return nil, err
	}
	if _, err := clients.Visible(ctx, tx, caller, a.ClientID); err != nil {
		return nil, err
	}
	return a, nil
}
