package progress

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

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
// occurrences, then scores that worsened by a reliable change, then by name. It is one read of
// the caller's clients with its counts, in one round trip; when some of those clients'
// summaries are stale, a few are refreshed (refreshOnRead) and the read repeated, so that an
// answer just given shows at once.
func (s *Service) Caseload(ctx context.Context, caller auth.Caller, offset, limit int) (*Caseload, error) {
	now := s.now()
	out, stale, err := s.readCaseload(ctx, caller, now, offset, limit)
	if err != nil || stale == 0 {
		return out, err
	}
	err = s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		_, err := refreshStale(ctx, tx, now, lockStaleCaseloadSQL, clients.VisibleIDs(caller, "a.client_id"), now, refreshOnRead)
		return err
	})
	if err != nil {
		return nil, err
	}
	out, _, err = s.readCaseload(ctx, caller, now, offset, limit)
	return out, err
}

// The caseload's statements. Each filter slot takes the caller's visibility
// (clients.VisibleIDs); caseloadFrom is the summaries of the active clients, which carry each
// client's name and status (migration 0035), so the caseload never reads the clients' rows.
const (
	caseloadFrom = `client_attention a WHERE a.active`

	// caseloadPageSQL reads the caller's clients once (a caseload is a clinician's, so
	// hundreds at most): how many, how many flagged, how many stale, and one page of them.
	// Ordering by rank, then name, puts the flagged first (rank > 0, highest first) and the
	// rest by name. Each row of the page carries the counts, and an empty page one row of
	// counts alone (the outer join).
	caseloadPageSQL = `WITH mine AS MATERIALIZED (
			SELECT a.client_id, a.client_name AS name, a.rank, a.open_alerts, a.missed_streak, a.worsening, a.stale_after
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

// readCaseload reads one page of the caller's caseload with its counts as one batch (the
// tenant's settings and the read in one round trip), and says how many of the caller's clients
// have a stale summary.
func (s *Service) readCaseload(ctx context.Context, caller auth.Caller, now time.Time, offset, limit int) (*Caseload, int, error) {
	out := &Caseload{Entries: []Entry{}}
	var stale int
	b := &db.Batch{}
	if err := b.As(caller.Scope()); err != nil {
		return nil, 0, err
	}
	sql, args := db.Numbered(caseloadPageSQL, clients.VisibleIDs(caller, "a.client_id"), now, limit, offset)
	b.Queue(sql, args...).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var id *uuid.UUID
			var name *string
			var alerts, streak *int
			var worsening []byte
			if err := rows.Scan(&out.Total, &out.Flagged, &stale, &id, &name, &alerts, &streak, &worsening); err != nil {
				return err
			}
			if id == nil {
				continue // the counts alone: no client on this page
			}
			var ws []worse
			if err := json.Unmarshal(worsening, &ws); err != nil {
				return err
			}
			out.Entries = append(out.Entries, entry(*id, *name, *alerts, *streak, ws))
		}
		return rows.Err()
	})
	if err := s.db.Send(ctx, b); err != nil {
		return nil, 0, err
	}
	return out, stale, nil
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
