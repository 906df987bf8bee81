package exercises

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/validate"
)

// Screen is a clinician's safety screen for a couple. Self-guided trust repair is not enough
// where there is violence, coercion, addiction or ongoing contact tied to the harm; the newest
// screen decides whether trust-repair homework may be assigned.
type Screen struct {
	ID              uuid.UUID
	CoupleID        uuid.UUID
	ViolenceOrFear  bool
	CoerciveControl bool
	ActiveAddiction bool
	OngoingContact  bool
	Decision        string // proceed | hold
	Note            string
	ScreenedByName  string
	ScreenedAt      time.Time
}

// Positive reports whether any concern was marked.
func (s *Screen) Positive() bool {
	return s.ViolenceOrFear || s.CoerciveControl || s.ActiveAddiction || s.OngoingContact
}

func (s *Screen) check() error {
	v := validate.Errors{}
	if s.Decision != "proceed" && s.Decision != "hold" {
		v.Add("decision", "must be proceed or hold")
	}
	s.Note = strings.TrimSpace(s.Note)
	v.Length("note", s.Note, 0, 2000)
	if s.Positive() && s.Decision == "proceed" && s.Note == "" {
		v.Add("note", "is required when a concern is marked and you proceed: record why trust-repair homework is still right")
	}
	return v.Err()
}

// RecordScreen stores a new screen for a couple the caller may see.
func (s *Service) RecordScreen(ctx context.Context, caller auth.Caller, coupleID uuid.UUID, in Screen) (*Screen, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	in.ID, in.CoupleID, in.ScreenedAt = uuid.New(), coupleID, s.now()
	var out *Screen
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		k, err := clients.VisibleCouple(ctx, tx, caller, coupleID)
		if err != nil {
			return err
		}
		if err := tx.Gorm.WithContext(ctx).Exec(`INSERT INTO safety_screens (practice_id, id, couple_id, violence_or_fear,
			coercive_control, active_addiction, ongoing_contact, decision, note, screened_by, screened_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, caller.PracticeID, in.ID, coupleID, in.ViolenceOrFear,
			in.CoerciveControl, in.ActiveAddiction, in.OngoingContact, in.Decision, in.Note, caller.UserID,
			in.ScreenedAt).Error; err != nil {
			return err
		}
		for _, p := range k.Partners {
			if err := audit.Record(ctx, tx, caller.PracticeID, actorOf(caller), audit.Event{Action: "safety_screen.create",
				SubjectType: "couple", SubjectID: coupleID.String(), ClientID: p.ClientID,
				Detail: map[string]any{"positive": in.Positive(), "decision": in.Decision}}); err != nil {
				return err
			}
		}
		screens, err := loadScreens(ctx, tx, coupleID)
		if err == nil && len(screens) > 0 {
			out = &screens[0]
		}
		return err
	})
	return out, s.clients.Denied(ctx, caller, "couple", coupleID, err)
}

// Screens lists a couple's screens, newest first.
func (s *Service) Screens(ctx context.Context, caller auth.Caller, coupleID uuid.UUID) ([]Screen, error) {
	var out []Screen
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if _, err := clients.VisibleCouple(ctx, tx, caller, coupleID); err != nil {
			return err
		}
		var err error
		out, err = loadScreens(ctx, tx, coupleID)
		return err
	})
	return out, s.clients.Denied(ctx, caller, "couple", coupleID, err)
}

func loadScreens(ctx context.Context, tx *db.Tx, coupleID uuid.UUID) ([]Screen, error) {
	var out []Screen
	err := tx.Gorm.WithContext(ctx).Raw(`SELECT s.id, s.couple_id, s.violence_or_fear, s.coercive_control,
			s.active_addiction, s.ongoing_contact, s.decision, s.note, coalesce(u.name, '') AS screened_by_name, s.screened_at
		FROM safety_screens s LEFT JOIN users u ON u.id = s.screened_by
		WHERE s.couple_id = ? ORDER BY s.screened_at DESC, s.id`, coupleID).Scan(&out).Error
	return out, err
}

// gate refuses trust-repair work for a couple without a screen that says proceed, and
// reports whether the clinician proceeded over a positive screen (for the audit row).
func gate(ctx context.Context, tx *db.Tx, coupleID uuid.UUID, defs []*Definition) (overPositive bool, err error) {
	trust := false
	for _, d := range defs {
		trust = trust || d.TrustRepair()
	}
	if !trust {
		return false, nil
	}
	screens, err := loadScreens(ctx, tx, coupleID)
	if err != nil {
		return false, err
	}
	if len(screens) == 0 {
		return false, ErrScreenRequired
	}
	if screens[0].Decision != "proceed" {
		return false, ErrScreenHold
	}
	return screens[0].Positive(), nil
}
