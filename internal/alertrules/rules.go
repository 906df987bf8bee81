// Package alertrules tells a clinician about a client when a rule the practice chose holds:
// missed tasks in a row, no answer for some days, a measure worse by a reliable change, a
// programme completed. The practice sets the rules; a clinician may override them for their
// own clients. A periodic job reads the stored caseload summary and opens one alert per
// episode: while a rule keeps holding, its alert stays open rather than firing every day.
// Risk alerts are not rules: they stay immediate and cannot be turned off (package checkins).
package alertrules

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/validate"
)

// Rules are one set of rules: the practice's, or a clinician's override. A nil threshold is off.
type Rules struct {
	MissedInRow        *int
	SilentDays         *int
	Deterioration      bool
	ProgrammeCompleted bool
	Email              bool
}

// Defaults are a practice's rules until it changes them: three missed in a row, a week
// without an answer, worse scores and completed programmes, shown in the dashboard only.
func Defaults() Rules {
	three, week := 3, 7
	return Rules{MissedInRow: &three, SilentDays: &week, Deterioration: true, ProgrammeCompleted: true}
}

// check names each threshold out of range.
func (r Rules) check() error {
	v := validate.Errors{}
	if r.MissedInRow != nil && (*r.MissedInRow < 2 || *r.MissedInRow > 30) {
		v.Add("missed_in_row", "must be from 2 to 30 tasks, or null to turn the rule off")
	}
	if r.SilentDays != nil && (*r.SilentDays < 2 || *r.SilentDays > 28) {
		v.Add("silent_days", "must be from 2 to 28 days, or null to turn the rule off")
	}
	return v.Err()
}

// ErrNotClinician is an override for someone who is not an active member of the practice.
var ErrNotClinician = errors.New("alertrules: no such member")

// Service reads and changes rules and their alerts.
type Service struct {
	db  *db.DB
	now func() time.Time
}

// NewService builds the service; now is the clock (nil: time.Now).
func NewService(d *db.DB, now func() time.Time) *Service {
	return &Service{db: d, now: module.Clock(now)}
}

const (
	readRulesSQL = `SELECT missed_in_row, silent_days, deterioration, programme_completed, email
		FROM alert_rules WHERE clinician_id = ?`
	writeRulesSQL = `INSERT INTO alert_rules (practice_id, clinician_id, missed_in_row, silent_days, deterioration,
			programme_completed, email, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (practice_id, clinician_id) DO UPDATE SET missed_in_row = excluded.missed_in_row,
			silent_days = excluded.silent_days, deterioration = excluded.deterioration,
			programme_completed = excluded.programme_completed, email = excluded.email, updated_at = excluded.updated_at`
)

// readRules reads the rules stored for who (uuid.Nil: the practice's), if any.
func readRules(tx *db.Tx, who uuid.UUID) (*Rules, error) {
	var r Rules
	err := tx.Gorm.Raw(readRulesSQL, who).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	return &r, err
}

// Effective is the rules that apply to who's clients: their override, else the practice's,
// else the defaults; and whether they come from an override.
func Effective(tx *db.Tx, who uuid.UUID) (Rules, bool, error) {
	if own, err := readRules(tx, who); err != nil || own != nil {
		return deref(own), own != nil, err
	}
	practiceRules, err := readRules(tx, uuid.Nil)
	if err != nil || practiceRules == nil {
		return Defaults(), false, err
	}
	return *practiceRules, false, nil
}

func deref(r *Rules) Rules {
	if r == nil {
		return Rules{}
	}
	return *r
}

// PracticeRules reads the practice's rules.
func (s *Service) PracticeRules(ctx context.Context, caller auth.Caller) (Rules, error) {
	var out Rules
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) (err error) {
		out, _, err = Effective(tx, uuid.Nil)
		return err
	})
	return out, err
}

// SetPracticeRules changes the practice's rules (owners and admins: settings.manage).
func (s *Service) SetPracticeRules(ctx context.Context, caller auth.Caller, r Rules) error {
	if !caller.Can(practice.ManageSettings) {
		return auth.ErrForbidden
	}
	return s.write(ctx, caller, uuid.Nil, r)
}

// ClinicianRules reads the rules for a clinician's clients, and whether they are an override.
// A clinician reads their own; owners and admins read anyone's.
func (s *Service) ClinicianRules(ctx context.Context, caller auth.Caller, who uuid.UUID) (Rules, bool, error) {
	var out Rules
	var own bool
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) (err error) {
		if err := mayTouch(ctx, tx, caller, who); err != nil {
			return err
		}
		out, own, err = Effective(tx, who)
		return err
	})
	return out, own, err
}

// SetClinicianRules sets a clinician's override: their own, or anyone's for owners and admins.
func (s *Service) SetClinicianRules(ctx context.Context, caller auth.Caller, who uuid.UUID, r Rules) error {
	return s.write(ctx, caller, who, r)
}

// deleteRulesSQL removes a clinician's override.
const deleteRulesSQL = `DELETE FROM alert_rules WHERE clinician_id = ?`

// ClearClinicianRules removes a clinician's override, so the practice's rules apply to their
// clients again: their own, or anyone's for owners and admins. Clearing none changes nothing.
func (s *Service) ClearClinicianRules(ctx context.Context, caller auth.Caller, who uuid.UUID) error {
	return s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if err := mayTouch(ctx, tx, caller, who); err != nil {
			return err
		}
		res := tx.Gorm.Exec(deleteRulesSQL, who)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		return audit.Record(ctx, tx, caller.PracticeID, audit.ActorOf(caller.UserID, caller.IP, caller.UserAgent),
			audit.Event{Action: "alert_rules.clear", SubjectType: "member", SubjectID: who.String()})
	})
}

// mayTouch lets a member read and set their own override, and owners and admins anyone's in
// the practice; another practice's member (or a stranger) is not found.
func mayTouch(ctx context.Context, tx *db.Tx, caller auth.Caller, who uuid.UUID) error {
	m, err := practice.FindMember(ctx, tx, who)
	if errors.Is(err, practice.ErrNotFound) || (err == nil && m.Status != practice.StatusActive) {
		return ErrNotClinician
	}
	if err == nil && who != caller.UserID && !caller.Can(practice.ManageSettings) {
		return auth.ErrForbidden
	}
	return err
}

// write checks and stores rules, with an audit row.
func (s *Service) write(ctx context.Context, caller auth.Caller, who uuid.UUID, r Rules) error {
	if err := r.check(); err != nil {
		return err
	}
	return s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if who != uuid.Nil {
			if err := mayTouch(ctx, tx, caller, who); err != nil {
				return err
			}
		}
		if err := tx.Gorm.Exec(writeRulesSQL, caller.PracticeID, who, r.MissedInRow, r.SilentDays, r.Deterioration,
			r.ProgrammeCompleted, r.Email, s.now()).Error; err != nil {
			return err
		}
		return audit.Record(ctx, tx, caller.PracticeID, audit.ActorOf(caller.UserID, caller.IP, caller.UserAgent),
			audit.Event{Action: "alert_rules.change", SubjectType: subjectOf(who), SubjectID: who.String()})
	})
}

// subjectOf names what a change of rules is about in the audit trail.
func subjectOf(who uuid.UUID) string {
	if who == uuid.Nil {
		return "practice"
	}
	return "member"
}
