package assignments

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/library"
)

// Assignment is one exercise given to one client on a cadence. A couple's assignment is one
// per partner, sharing GroupID, so each partner's answers stay theirs.
type Assignment struct {
	PracticeID      uuid.UUID `gorm:"primaryKey"`
	ID              uuid.UUID `gorm:"primaryKey"`
	ClientID        uuid.UUID
	CoupleID        *uuid.UUID
	GroupID         uuid.UUID
	LibrarySlug     string
	TemplateID      *uuid.UUID
	TemplateVersion *int
	Definition      library.Definition `gorm:"serializer:json"`
	Title           string
	Kind            string
	StartDate       time.Time
	EndDate         *time.Time
	WeekdayMask     int16
	EveryWeeks      int16
	Days            int
	AtTime          string
	Status          string
	Pauses          []cadence.Span `gorm:"serializer:json"`
	PausedAt        *time.Time
	StoppedAt       *time.Time
	CreatedBy       *uuid.UUID
	CreatedAt       time.Time
	UpdatedAt       time.Time
	// Reminders (internal/reminders): the channel, the client's local time (nil: AtTime) and
	// whether a nudge follows an occurrence left undone.
	ReminderChannel string `gorm:"default:email"`
	ReminderAt      *string
	ReminderNudge   bool
}

// Assignment statuses.
const (
	Active  = "active"
	Paused  = "paused"
	Stopped = "stopped"
)

// Rule is the assignment's cadence.
func (a *Assignment) Rule() cadence.Rule {
	r := cadence.Rule{Kind: cadence.Kind(a.Kind), Start: cadence.DateOf(a.StartDate, time.UTC), Days: a.Days, Every: int(a.EveryWeeks)}
	r.At, _ = cadence.ParseClock(a.AtTime) // checked on the way in and by the column's CHECK
	if a.EndDate != nil {
		end := cadence.DateOf(*a.EndDate, time.UTC)
		r.End = &end
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		if a.WeekdayMask&(1<<d) != 0 {
			r.Weekdays = append(r.Weekdays, d)
		}
	}
	return r
}

// Plan is everything that shapes the assignment's occurrences, given the client's zones.
func (a *Assignment) Plan(zones []cadence.Zone) cadence.Plan {
	pauses := a.Pauses
	if a.PausedAt != nil {
		pauses = append(append([]cadence.Span(nil), pauses...), cadence.Span{From: *a.PausedAt})
	}
	p := cadence.Plan{Rule: a.Rule(), Zones: zones, Pauses: pauses}
	if a.StoppedAt != nil {
		p.Stopped = *a.StoppedAt
	}
	return p
}

func weekdayMask(days []time.Weekday) int16 {
	var m int16
	for _, d := range days {
		m |= 1 << d
	}
	return m
}

// Load reads one assignment of the practice.
func Load(ctx context.Context, tx *db.Tx, id uuid.UUID) (*Assignment, error) {
	var a Assignment
	q := tx.Gorm.Where("id = ?", id)
	def, cached := definitions.get(tx.PracticeID(), id)
	if cached {
		q = q.Omit("definition")
	}
	err := q.Take(&a).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	} else if err != nil {
		return nil, err
	}
	if cached {
		a.Definition = *def
	} else {
		definitions.put(a.PracticeID, a.ID, &a.Definition)
	}
	return &a, nil
}

// SetReminderAt sets an assignment's own reminder time (the client's local time of day),
// without the checks a clinician's change goes through: for the demo's reruns.
func SetReminderAt(ctx context.Context, tx *db.Tx, id uuid.UUID, at string) error {
	return tx.Gorm.Model(&Assignment{}).Where("id = ?", id).Update("reminder_at", at).Error
}
