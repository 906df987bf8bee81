// Package safety keeps a couple's safety screens: the clinician's record of whether self-guided
// trust-repair work is safe for them, which every trust-repair assignment must pass.
package safety

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/module"
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
	NoteSealed      []byte // what is stored: Note sealed with the practice's data key
	ScreenedBy      uuid.UUID
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
			if held, err = s.hold(ctx, tx, caller, k, in.ID, in.ScreenedAt); err != nil {
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
	coercive_control, active_addiction, ongoing_contact, decision, note_sealed, screened_by, screened_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func insertScreen(ctx context.Context, tx *db.Tx, caller auth.Caller, in Screen) error {
	var note []byte
	if in.Note != "" {
		var err error
		if note, err = tx.Seal([]byte(in.Note), notePurpose(in.ID)); err != nil {
			return err
		}
	}
	return tx.Gorm.Exec(insertScreenSQL, caller.PracticeID, in.ID, in.CoupleID, in.ViolenceOrFear,
		in.CoerciveControl, in.ActiveAddiction, in.OngoingContact, in.Decision, note, caller.UserID,
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
const coupleScreensSQL = `SELECT id, couple_id, violence_or_fear, coercive_control, active_addiction,
		ongoing_contact, decision, note, note_sealed, screened_by, screened_at
	FROM safety_screens WHERE couple_id = ? ORDER BY screened_at DESC, id`

// loadScreens reads a couple's screens, newest first, named by who screened (empty: a person
// since erased).
func loadScreens(ctx context.Context, tx *db.Tx, coupleID uuid.UUID) ([]Screen, error) {
	var out []Screen
	if err := tx.Gorm.Raw(coupleScreensSQL, coupleID).Scan(&out).Error; err != nil {
		return nil, err
	}
	by := make([]uuid.UUID, len(out))
	for i := range out {
		by[i] = out[i].ScreenedBy
		if err := openNote(tx, &out[i]); err != nil {
			return nil, err
		}
	}
	names, err := auth.UserNames(ctx, tx, by)
	for i := range out {
		out[i].ScreenedByName = names[out[i].ScreenedBy]
	}
	return out, err
}

// newestScreensSQL reads the newest screen of each of some couples (none for a couple never screened).
const newestScreensSQL = `SELECT DISTINCT ON (couple_id) couple_id, decision,
		violence_or_fear OR coercive_control OR active_addiction OR ongoing_contact AS positive
	FROM safety_screens WHERE couple_id IN ? ORDER BY couple_id, screened_at DESC, id`

// Gate refuses trust-repair work for any of the clients who is a partner in a couple whose
// newest screen is missing or says hold, and reports whether the clinician proceeded over a
// positive screen (for the audit row). It is judged by the exercise, so assigning to one
// partner by client id is held exactly like assigning to the couple. A client in no couple
// (individual work) has no couple screen to pass.
func Gate(ctx context.Context, tx *db.Tx, clientIDs []uuid.UUID) (overPositive bool, err error) {
	if len(clientIDs) == 0 {
		return false, nil
	}
	couples, err := clients.CouplesOf(ctx, tx, clientIDs)
	if err != nil || len(couples) == 0 {
		return false, err
	}
	var newest []struct {
		CoupleID uuid.UUID
		Decision string
		Positive bool
	}
	if err := tx.Gorm.Raw(newestScreensSQL, couples).Scan(&newest).Error; err != nil {
		return false, err
	}
	if len(newest) < len(couples) {
		return false, ErrScreenRequired
	}
	for _, n := range newest {
		if n.Decision != "proceed" {
			return false, ErrScreenHold
		}
		overPositive = overPositive || n.Positive
	}
	return overPositive, nil
}

// Seed records a negative screen with the decision to proceed, as the demo practice's history.
func Seed(ctx context.Context, tx *db.Tx, practiceID, screenedBy, id, coupleID uuid.UUID, at time.Time) error {
	return tx.Gorm.Exec(insertScreenSQL, practiceID, id, coupleID, false, false, false, false, "proceed",
		"Screened in the first session.", screenedBy, at).Error
}

// HoldFunc pauses a couple's active trust-repair work because a screen said hold, inside the
// screen's transaction, and returns what it paused. Assignments provide it; safety cannot
// import them, since they ask Gate before every assignment.
type HoldFunc func(ctx context.Context, tx *db.Tx, caller auth.Caller, k *clients.CoupleDetail, screenID uuid.UUID,
	now time.Time) ([]HeldAssignment, error)

// HeldAssignment is a trust-repair assignment that a hold paused.
type HeldAssignment struct {
	ID         uuid.UUID
	ClientID   uuid.UUID
	ClientName string
	Title      string
}

// Service records and reads safety screens.
type Service struct {
	db      *db.DB
	clients *clients.Service
	hold    HoldFunc
	now     func() time.Time
}

// NewService builds the service; hold pauses the couple's work on a hold, now is the clock
// (nil: time.Now).
func NewService(d *db.DB, cs *clients.Service, hold HoldFunc, now func() time.Time) *Service {
	return &Service{db: d, clients: cs, hold: hold, now: module.Clock(now)}
}

func actorOf(c auth.Caller) audit.Actor { return audit.ActorOf(c.UserID, c.IP, c.UserAgent) }
