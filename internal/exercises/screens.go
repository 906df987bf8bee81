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

// RecordScreen stores a new screen for a couple the caller may see. A screen that says hold
// pauses both partners' active trust-repair assignments at once and returns them: until a new
// screen says proceed they can be neither assigned nor resumed.
func (s *Service) RecordScreen(ctx context.Context, caller auth.Caller, coupleID uuid.UUID, in Screen) (*Screen, []HeldAssignment, error) {
	if err := in.check(); err != nil {
		return nil, nil, err
	}
	in.ID, in.CoupleID, in.ScreenedAt = uuid.New(), coupleID, s.now()
	var out *Screen
	held := []HeldAssignment{}
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		k, err := clients.VisibleCouple(ctx, tx, caller, coupleID)
		if err != nil {
			return err
		}
		if err := insertScreen(ctx, tx, caller, in); err != nil {
			return err
		}
		for _, p := range k.Partners {
			if err := audit.Record(ctx, tx, caller.PracticeID, actorOf(caller), audit.Event{Action: "safety_screen.create",
				SubjectType: "couple", SubjectID: coupleID.String(), ClientID: p.ClientID,
				Detail: map[string]any{"positive": in.Positive(), "decision": in.Decision}}); err != nil {
				return err
			}
		}
		if in.Decision == "hold" {
			if held, err = pauseForHold(ctx, tx, caller, k, in.ID, in.ScreenedAt); err != nil {
				return err
			}
		}
		screens, err := loadScreens(ctx, tx, coupleID)
		if err == nil && len(screens) > 0 {
			out = &screens[0]
		}
		return err
	})
	return out, held, s.clients.Denied(ctx, caller, "couple", coupleID, err)
}

// insertScreenSQL stores a couple's safety screen.
const insertScreenSQL = `INSERT INTO safety_screens (practice_id, id, couple_id, violence_or_fear,
	coercive_control, active_addiction, ongoing_contact, decision, note, screened_by, screened_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func insertScreen(ctx context.Context, tx *db.Tx, caller auth.Caller, in Screen) error {
	return tx.Gorm.Exec(insertScreenSQL, caller.PracticeID, in.ID, in.CoupleID, in.ViolenceOrFear,
		in.CoerciveControl, in.ActiveAddiction, in.OngoingContact, in.Decision, in.Note, caller.UserID,
		in.ScreenedAt).Error
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

// coupleScreensSQL reads a couple's screens, newest first, with who screened.
const coupleScreensSQL = `SELECT s.id, s.couple_id, s.violence_or_fear, s.coercive_control,
		s.active_addiction, s.ongoing_contact, s.decision, s.note, coalesce(u.name, '') AS screened_by_name, s.screened_at
	FROM safety_screens s LEFT JOIN users u ON u.id = s.screened_by
	WHERE s.couple_id = ? ORDER BY s.screened_at DESC, s.id`

func loadScreens(ctx context.Context, tx *db.Tx, coupleID uuid.UUID) ([]Screen, error) {
	var out []Screen
	err := tx.Gorm.Raw(coupleScreensSQL, coupleID).Scan(&out).Error
	return out, err
}

// newestScreensSQL reads the newest screen (or none) of each couple some clients are partners in.
const newestScreensSQL = `SELECT s.decision, coalesce(s.violence_or_fear OR s.coercive_control
		OR s.active_addiction OR s.ongoing_contact, false) AS positive
	FROM (SELECT DISTINCT couple_id FROM couple_partners WHERE client_id IN ?) p
	LEFT JOIN LATERAL (SELECT * FROM safety_screens s WHERE s.couple_id = p.couple_id
		ORDER BY s.screened_at DESC, s.id LIMIT 1) s ON true`

// gate refuses trust-repair work for any of the clients who is a partner in a couple whose
// newest screen is missing or says hold, and reports whether the clinician proceeded over a
// positive screen (for the audit row). It is judged by the exercise, so assigning to one
// partner by client id is held exactly like assigning to the couple. A client in no couple
// (individual work) has no couple screen to pass.
func gate(ctx context.Context, tx *db.Tx, clientIDs []uuid.UUID) (overPositive bool, err error) {
	if len(clientIDs) == 0 {
		return false, nil
	}
	var newest []struct {
		Decision *string
		Positive bool
	}
	if err := tx.Gorm.Raw(newestScreensSQL, clientIDs).Scan(&newest).Error; err != nil {
		return false, err
	}
	for _, n := range newest {
		switch {
		case n.Decision == nil:
			return false, ErrScreenRequired
		case *n.Decision != "proceed":
			return false, ErrScreenHold
		}
		overPositive = overPositive || n.Positive
	}
	return overPositive, nil
}

// HeldAssignment is a trust-repair assignment that a hold paused.
type HeldAssignment struct {
	ID         uuid.UUID
	ClientID   uuid.UUID
	ClientName string
	Title      string
}

// pauseForHold pauses the partners' active trust-repair assignments, whichever route made
// them, and audits each pause with the screen that caused it.
func pauseForHold(ctx context.Context, tx *db.Tx, caller auth.Caller, k *clients.CoupleDetail, screenID uuid.UUID,
	now time.Time) ([]HeldAssignment, error) {
	names := map[uuid.UUID]string{}
	ids := make([]uuid.UUID, 0, len(k.Partners))
	for _, p := range k.Partners {
		names[p.ClientID] = p.Name
		ids = append(ids, p.ClientID)
	}
	var active []Assignment
	if err := tx.Gorm.Where("client_id IN ? AND status = ?", ids, Active).
		Order("client_id, created_at, id").Find(&active).Error; err != nil {
		return nil, err
	}
	held := []HeldAssignment{}
	for i := range active {
		a := &active[i]
		if !a.Definition.TrustRepair() {
			continue
		}
		a.Status, a.PausedAt, a.UpdatedAt = Paused, &now, now
		if err := tx.Gorm.Save(a).Error; err != nil {
			return nil, err
		}
		if err := audit.Record(ctx, tx, caller.PracticeID, actorOf(caller), audit.Event{Action: "assignment.pause",
			SubjectType: "assignment", SubjectID: a.ID.String(), ClientID: a.ClientID,
			Detail: map[string]any{"reason": "safety_screen_hold", "screen_id": screenID.String()}}); err != nil {
			return nil, err
		}
		held = append(held, HeldAssignment{ID: a.ID, ClientID: a.ClientID, ClientName: names[a.ClientID], Title: a.Title})
	}
	return held, nil
}
