package assignments

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/safety"
)

// SeedPair is a couple's role-specific pair of daily exercises with answers already given:
// the demo's history. Ids are fixed, so seeding again changes nothing.
type SeedPair struct {
	CoupleID  uuid.UUID
	ScreenID  uuid.UUID
	GroupID   uuid.UUID
	CreatedBy uuid.UUID
	Days      int // days of history before today
	Parts     []SeedPart
}

// SeedPart is one partner's exercise in a SeedPair.
type SeedPart struct {
	AssignmentID uuid.UUID
	ClientID     uuid.UUID
	Library      string
	At           cadence.Clock
	Skip         map[int]bool // occurrences (0 = the first) left unanswered, as real weeks have
	// Weekly on these days, from Days ago; empty means daily.
	Weekdays []time.Weekday
	Days     int // history for this part; 0 means the pair's
	Lift     int // added to every 0–10 rating, so partners' lines differ
}

// SeedHistory records a proceed screen, makes the pair's assignments from Days ago and
// answers every past occurrence but the skipped ones, submitted half an hour after each due.
func SeedHistory(ctx context.Context, d *db.DB, practiceID uuid.UUID, p SeedPair, now time.Time) error {
	return d.InTenant(ctx, db.Scope{PracticeID: practiceID}, func(tx *db.Tx) error {
		var n int64
		if err := tx.Gorm.Model(&Assignment{}).Where("group_id = ?", p.GroupID).Count(&n).Error; err != nil || n > 0 {
			return err
		}
		if err := safety.Seed(ctx, tx, practiceID, p.CreatedBy, p.ScreenID, p.CoupleID, now.AddDate(0, 0, -p.Days-1)); err != nil {
			return err
		}
		for _, part := range p.Parts {
			if err := seedPart(ctx, tx, practiceID, p, part, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// insertSeedResponseSQL stores an answer of the seeded history.
const insertSeedResponseSQL = `INSERT INTO responses (practice_id, id, assignment_id, client_id,
	occurrence_date, step, answers_sealed, idempotency_key, submitted_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)`

func seedPart(ctx context.Context, tx *db.Tx, practiceID uuid.UUID, p SeedPair, part SeedPart, now time.Time) error {
	def, ok := library.Find(part.Library)
	if !ok {
		return fmt.Errorf("seed: no library exercise %q", part.Library)
	}
	days := p.Days
	if part.Days > 0 {
		days = part.Days
	}
	start := cadence.DateOf(now, time.UTC).AddDays(-days)
	created := now.AddDate(0, 0, -days-1)
	kind := cadence.Daily
	if len(part.Weekdays) > 0 {
		kind = cadence.Weekly
	}
	a := &Assignment{PracticeID: practiceID, ID: part.AssignmentID, ClientID: part.ClientID, CoupleID: &p.CoupleID,
		GroupID: p.GroupID, LibrarySlug: def.Slug, Definition: *def, Title: def.Title, Kind: string(kind),
		StartDate: start.UTC(), WeekdayMask: weekdayMask(part.Weekdays), AtTime: part.At.String(), Status: Active,
		Pauses: []cadence.Span{}, CreatedBy: &p.CreatedBy, CreatedAt: created, UpdatedAt: created,
		ReminderChannel: "email", ReminderNudge: true}
	if err := tx.Gorm.Create(a).Error; err != nil {
		return err
	}
	zones, err := clients.ZonesOf(ctx, tx, []uuid.UUID{part.ClientID})
	if err != nil {
		return err
	}
	for i, o := range a.Plan(zones[part.ClientID]).Between(start.UTC().Add(-24*time.Hour), now) {
		at := o.Due.Add(30 * time.Minute)
		today := o.Date == cadence.DateOf(now, o.EndOfDay.Location()) // left for the client (and its reminder)
		if part.Skip[i] || !at.Before(now) || today {
			continue
		}
		id, answers := uuid.NewSHA1(part.AssignmentID, []byte(o.Date.String())), library.SampleAnswers(def.Fields, i, part.Lift)
		sealed, err := sealAnswers(tx, id, answers)
		if err != nil {
			return err
		}
		err = tx.Gorm.Exec(insertSeedResponseSQL, practiceID, id, a.ID, part.ClientID, o.Date.UTC(), sealed,
			uuid.NewSHA1(a.ID, []byte("key"+o.Date.String())), at).Error
		if err != nil {
			return err
		}
		if err := seedScore(ctx, tx, practiceID, a, id, answers, at); err != nil {
			return err
		}
	}
	return nil
}

// seedScore scores a seeded answer to a measure, as a real one would be.
func seedScore(ctx context.Context, tx *db.Tx, practiceID uuid.UUID, a *Assignment, id uuid.UUID, answers map[string]any, at time.Time) error {
	in, ok := checkins.InstrumentByKey(a.Definition.Measure)
	if !ok {
		return nil
	}
	res, err := in.Score(answers)
	if err != nil {
		return err
	}
	return checkins.Record(ctx, tx, checkins.Scored{PracticeID: practiceID, ResponseID: id, ClientID: a.ClientID,
		AssignmentID: a.ID, Instrument: in, Result: res, At: at})
}
