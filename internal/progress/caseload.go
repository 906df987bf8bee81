package progress

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
)

// MaxCaseloadPage bounds one page of the caseload.
const MaxCaseloadPage = 200

// Entry is one client of the caseload with what calls for attention.
type Entry struct {
	ClientID     uuid.UUID
	Name         string
	OpenAlerts   int
	MissedStreak int
	Worsening    []string // instrument titles
	Reasons      []string
}

// Caseload is one page of the caller's active clients, those who need attention first.
type Caseload struct {
	Entries []Entry
	Total   int // active clients the caller sees
	Flagged int // of which something calls for attention
}

// Caseload lists the caller's active clients (those whose clinical record they may see) from
// offset, those who need attention first: open alerts, then the longest run of missed
// occurrences, then scores that worsened by a reliable change, then by name. It is one read
// of the caller's clients in one transaction, with its counts; when some of those clients'
// summaries are stale, a few are refreshed first (refreshOnRead) and the read repeated, so an
// answer just given shows at once.
func (s *Service) Caseload(ctx context.Context, caller auth.Caller, offset, limit int) (*Caseload, error) {
	now := s.now()
	out := &Caseload{}
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		stale, err := caseloadPage(ctx, tx, caller, now, offset, limit, out)
		if err != nil || stale == 0 {
			return err
		}
		if _, err := refreshStale(ctx, tx, now, lockStaleCaseloadSQL, clients.VisibleIDs(caller, "a.client_id"), now, refreshOnRead); err != nil {
			return err
		}
		_, err = caseloadPage(ctx, tx, caller, now, offset, limit, out)
		return err
	})
	return out, err
}

// The caseload's statements. Each filter slot takes the caller's visibility
// (clients.VisibleIDs); caseloadFrom is the caller's active clients with their attention.
const (
	caseloadFrom = `client_attention a JOIN clients c ON c.practice_id = a.practice_id AND c.id = a.client_id
		WHERE c.status = 'active'`

	// caseloadPageSQL reads the caller's clients once (a caseload is a clinician's, so
	// hundreds at most): how many, how many flagged, how many stale, and one page of them.
	// Ordering by rank, then name, puts the flagged first (rank > 0, highest first) and the
	// rest by name. Each row of the page carries the counts, and an empty page one row of
	// counts alone (the outer join).
	caseloadPageSQL = `WITH mine AS MATERIALIZED (
			SELECT a.client_id, c.name, a.rank, a.open_alerts, a.missed_streak, a.worsening, a.stale_after
			FROM ` + caseloadFrom + ` AND ?),
		counts AS (SELECT count(*) AS total, count(*) FILTER (WHERE rank > 0) AS flagged,
			count(*) FILTER (WHERE stale_after <= ?) AS stale FROM mine),
		page AS (SELECT * FROM mine ORDER BY rank DESC, name, client_id LIMIT ? OFFSET ?)
		SELECT counts.total, counts.flagged, counts.stale, page.client_id, page.name, page.open_alerts,
			page.missed_streak, page.worsening
		FROM counts LEFT JOIN page ON true ORDER BY page.rank DESC, page.name, page.client_id`

	// lockStaleCaseloadSQL picks and locks up to a limit of stale rows among the active clients
	// the filter slot lets through, skipping rows another refresh holds (refreshStale).
	lockStaleCaseloadSQL = `SELECT a.client_id FROM ` + caseloadFrom + ` AND a.practice_id = ? AND ? AND a.stale_after <= ?
		ORDER BY a.stale_after LIMIT ? FOR UPDATE OF a SKIP LOCKED`
)

// caseloadPage reads one page of the caller's caseload and its counts into out, and says how
// many of the caller's clients have a stale summary.
func caseloadPage(ctx context.Context, tx *db.Tx, caller auth.Caller, now time.Time, offset, limit int, out *Caseload) (stale int, err error) {
	var rows []struct {
		Total, Flagged, Stale int
		ClientID              *uuid.UUID
		Name                  *string
		OpenAlerts            *int
		MissedStreak          *int
		Worsening             []byte
	}
	if err := tx.Gorm.Raw(caseloadPageSQL, clients.VisibleIDs(caller, "a.client_id"), now, limit, offset).Scan(&rows).Error; err != nil {
		return 0, err
	}
	out.Entries = []Entry{}
	for _, r := range rows {
		out.Total, out.Flagged, stale = r.Total, r.Flagged, r.Stale
		if r.ClientID == nil {
			continue // the counts alone: no client on this page
		}
		var ws []worse
		if err := json.Unmarshal(r.Worsening, &ws); err != nil {
			return 0, err
		}
		out.Entries = append(out.Entries, entry(*r.ClientID, *r.Name, *r.OpenAlerts, *r.MissedStreak, ws))
	}
	return stale, nil
}

// entry puts a client's stored attention into words.
func entry(id uuid.UUID, name string, alerts, streak int, ws []worse) Entry {
	e := Entry{ClientID: id, Name: name, OpenAlerts: alerts, MissedStreak: streak, Worsening: []string{}, Reasons: []string{}}
	if alerts > 0 {
		e.Reasons = append(e.Reasons, fmt.Sprintf("%d open risk alert%s", alerts, plural(alerts)))
	}
	if streak >= 2 {
		e.Reasons = append(e.Reasons, fmt.Sprintf("missed the last %d tasks in a row", streak))
	}
	for _, w := range ws {
		title := w.Instrument
		if in, ok := checkins.InstrumentByKey(w.Instrument); ok {
			title = in.Title
		}
		e.Worsening = append(e.Worsening, title)
		e.Reasons = append(e.Reasons, fmt.Sprintf("%s worse by a reliable change (%d → %d)", title, w.First, w.Latest))
	}
	return e
}

// missedStreak counts missed occurrences in a row, from the most recent closed one back
// (closed: closedNewestFirst).
func missedStreak(closed []closedOccurrence) int {
	return streak(closed, func(s cadence.Status) bool { return s == cadence.Missed })
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
