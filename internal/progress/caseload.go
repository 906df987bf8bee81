package progress

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/exercises"
)

// Entry is one client of the caseload with what calls for attention.
type Entry struct {
	ClientID     uuid.UUID
	Name         string
	OpenAlerts   int
	MissedStreak int
	Worsening    []string // instrument titles
	Reasons      []string
}

// Caseload lists the caller's active clients (every client for clients.all), those who need
// attention first: open alerts, then the longest run of missed occurrences, then scores that
// worsened by a reliable change, then by name.
func (s *Service) Caseload(ctx context.Context, caller auth.Caller) ([]Entry, error) {
	var out []Entry
	now := s.now()
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		var cs []struct {
			ID         uuid.UUID
			Name       string
			OpenAlerts int
		}
		q := tx.Gorm.WithContext(ctx).Table("clients c").Select(`c.id, c.name, (SELECT count(*) FROM risk_alerts a
			WHERE a.practice_id = c.practice_id AND a.client_id = c.id AND a.status = 'open') AS open_alerts`).
			Where("c.status = 'active'")
		if err := clients.VisibleTo(q, caller).Order("c.name, c.id").Limit(2000).Scan(&cs).Error; err != nil {
			return err
		}
		for _, c := range cs {
			e, err := entry(ctx, tx, c.ID, c.Name, c.OpenAlerts, now)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return attention(out[i]) > attention(out[j]) })
	return out, err
}

// attention orders the caseload: any open alert outranks any streak, any streak of two or
// more outranks a worsening score.
func attention(e Entry) int {
	return e.OpenAlerts*1_000_000 + min(e.MissedStreak, 999)*1_000 + len(e.Worsening)
}

func entry(ctx context.Context, tx *db.Tx, clientID uuid.UUID, name string, alerts int, now time.Time) (Entry, error) {
	e := Entry{ClientID: clientID, Name: name, OpenAlerts: alerts, Worsening: []string{}, Reasons: []string{}}
	views, err := exercises.ClientWindow(ctx, tx, clientID, now, now.AddDate(0, 0, -28), now)
	if err != nil {
		return e, err
	}
	series, err := scores(ctx, tx, clientID)
	if err != nil {
		return e, err
	}
	if alerts > 0 {
		e.Reasons = append(e.Reasons, fmt.Sprintf("%d open risk alert%s", alerts, plural(alerts)))
	}
	if e.MissedStreak = missedStreak(views); e.MissedStreak >= 2 {
		e.Reasons = append(e.Reasons, fmt.Sprintf("missed the last %d tasks in a row", e.MissedStreak))
	}
	for _, sr := range series {
		if first, latest, c, ok := sr.Change(); ok && c == checkins.Worsened {
			e.Worsening = append(e.Worsening, sr.Instrument.Title)
			e.Reasons = append(e.Reasons, fmt.Sprintf("%s worse by a reliable change (%d → %d)", sr.Instrument.Title, first, latest))
		}
	}
	return e, nil
}

// missedStreak counts missed occurrences in a row, from the most recent closed one back.
func missedStreak(views []exercises.AssignmentView) int {
	var closed []exercises.OccurrenceView
	for _, v := range views {
		for _, o := range v.Occurrences {
			if o.Status == cadence.Missed || o.Status == cadence.Done || o.Status == cadence.Late {
				closed = append(closed, o)
			}
		}
	}
	sort.Slice(closed, func(i, j int) bool { return closed[i].Due.After(closed[j].Due) })
	n := 0
	for _, o := range closed {
		if o.Status != cadence.Missed {
			break
		}
		n++
	}
	return n
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
