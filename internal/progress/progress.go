// Package progress answers "how is this client, this couple, my caseload doing?": measures
// over time with their bands and reliable change, adherence, consistency calendars, and who
// needs attention first. It reads what exercises and checkins store; it writes only audit rows.
package progress

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/module"
)

// How far back the views look.
const (
	adherenceWeeks = 12
	calendarDays   = 60
)

// Service computes progress.
type Service struct {
	db      *db.DB
	clients *clients.Service
	now     func() time.Time
}

// NewService builds the service; now is the clock (nil: time.Now).
func NewService(d *db.DB, cs *clients.Service, now func() time.Time) *Service {
	return &Service{db: d, clients: cs, now: module.Clock(now)}
}

// Point is one score.
type Point struct {
	Date  cadence.Date
	Total int
	Band  string
	Items map[string]int
}

// Series is one measure's scores, oldest first.
type Series struct {
	Instrument *checkins.Instrument
	Points     []Point
}

// Change compares the first and latest scores, when there are two.
func (s Series) Change() (first, latest int, c checkins.Change, ok bool) {
	if len(s.Points) < 2 {
		return 0, 0, "", false
	}
	first, latest = s.Points[0].Total, s.Points[len(s.Points)-1].Total
	return first, latest, s.Instrument.Compare(first, latest), true
}

// Week is one week of adherence.
type Week struct {
	Start     cadence.Date // Monday
	Done, Due int
}

// Calendar is the last 60 days of a daily exercise or a programme.
type Calendar struct {
	AssignmentID uuid.UUID
	Title        string
	Kind         cadence.Kind // Daily or Programme
	Days         []Day
}

// Day is one occurrence on a calendar; a programme's day has its step (1-based) and the
// step's title.
type Day struct {
	Date   cadence.Date
	Status cadence.Status
	Step   int
	Label  string
}

// Client is one client's progress.
type Client struct {
	Measures  []Series
	Adherence []Week
	Calendars []Calendar
}

// ForClient computes a client's progress and leaves a progress.read row.
func (s *Service) ForClient(ctx context.Context, caller auth.Caller, clientID uuid.UUID) (*Client, error) {
	var out *Client
	now := s.now()
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if _, err := clients.Visible(ctx, tx, caller, clientID); err != nil {
			return err
		}
		if err := recordRead(ctx, tx, caller, clientID); err != nil {
			return err
		}
		measures, err := scores(ctx, tx, clientID)
		if err != nil {
			return err
		}
		views, err := assignments.ClientWindow(ctx, tx, clientID, now, weekStart(now).AddDate(0, 0, -7*(adherenceWeeks-1)), now)
		if err != nil {
			return err
		}
		out = &Client{Measures: measures, Adherence: adherence(views, now), Calendars: calendars(views, now)}
		return nil
	})
	return out, s.clients.Denied(ctx, caller, "client", clientID, err)
}

func recordRead(ctx context.Context, tx *db.Tx, caller auth.Caller, clientID uuid.UUID) error {
	return audit.Record(ctx, tx, caller.PracticeID, audit.ActorOf(caller.UserID, caller.IP, caller.UserAgent),
		audit.Event{Action: "progress.read", SubjectType: "client", SubjectID: clientID.String(), ClientID: clientID})
}

// clientScoresSQL reads a client's scores in the order of their occurrences.
const clientScoresSQL = `SELECT s.instrument, s.total, s.band, s.items, r.occurrence_date
	FROM scores s JOIN responses r ON r.practice_id = s.practice_id AND r.id = s.response_id
	WHERE s.client_id = ? ORDER BY r.occurrence_date, s.scored_at`

// scores reads a client's scores grouped by instrument, in the library's order.
func scores(ctx context.Context, tx *db.Tx, clientID uuid.UUID) ([]Series, error) {
	var rows []struct {
		Instrument     string
		Total          int
		Band           string
		Items          map[string]int `gorm:"serializer:json"`
		OccurrenceDate time.Time
	}
	err := tx.Gorm.Raw(clientScoresSQL, clientID).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	var out []Series
	for _, in := range checkins.Instruments {
		sr := Series{Instrument: in}
		for _, r := range rows {
			if r.Instrument == in.Key {
				sr.Points = append(sr.Points, Point{Date: cadence.DateOf(r.OccurrenceDate, time.UTC), Total: r.Total, Band: r.Band, Items: r.Items})
			}
		}
		if len(sr.Points) > 0 {
			out = append(out, sr)
		}
	}
	return out, nil
}

// weekStart is the Monday 00:00 UTC of t's week.
func weekStart(t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// SeriesOf is a client's own scores by instrument, oldest first, for the client's own view of
// their week (homework's "your week"): the same series the clinician's chart shows.
func SeriesOf(ctx context.Context, tx *db.Tx, clientID uuid.UUID) ([]Series, error) {
	return scores(ctx, tx, clientID)
}
