package progress

import (
	"context"
	"encoding/json"
	"fmt"

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

// Caseload lists the caller's active clients (every client for clients.all) from offset,
// those who need attention first: open alerts, then the longest run of missed occurrences,
// then scores that worsened by a reliable change, then by name. It first refreshes a few of
// the caller's stale rows, so that an answer just given shows at once.
func (s *Service) Caseload(ctx context.Context, caller auth.Caller, offset, limit int) (*Caseload, error) {
	now := s.now()
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		_, err := refreshStale(ctx, tx, now, lockStaleCaseloadSQL, clients.VisibleIDs(caller, "a.client_id"), now, refreshOnRead)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &Caseload{Entries: []Entry{}}
	err = s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		var err error
		if out.Total, out.Flagged, err = caseloadCounts(ctx, tx, caller); err != nil {
			return err
		}
		// Flagged clients come first, then the rest by name: two ordered reads, each served by
		// an index, instead of one sort of the whole caseload.
		if offset < out.Flagged {
			if out.Entries, err = caseloadPage(ctx, tx, caller, true, offset, limit, out.Entries); err != nil {
				return err
			}
		}
		if rest := limit - len(out.Entries); rest > 0 {
			out.Entries, err = caseloadPage(ctx, tx, caller, false, max(0, offset-out.Flagged), rest, out.Entries)
		}
		return err
	})
	return out, err
}

// The caseload's statements. Each filter slot takes the caller's visibility
// (clients.VisibleIDs); caseloadFrom is the caller's active clients with their attention.
const (
	caseloadFrom = `client_attention a JOIN clients c ON c.practice_id = a.practice_id AND c.id = a.client_id
		WHERE c.status = 'active'`

	// countActiveClientsSQL counts the active clients the filter slot lets through.
	countActiveClientsSQL = `SELECT count(*) FROM clients c WHERE c.status = 'active' AND ?`
	// countFlaggedSQL counts the active clients whose attention is flagged.
	countFlaggedSQL = `SELECT count(*) FROM ` + caseloadFrom + ` AND a.rank > 0 AND ?`
	// flaggedPageSQL reads a page of flagged clients by rank, then name.
	flaggedPageSQL = `SELECT a.client_id, c.name, a.open_alerts, a.missed_streak, a.worsening FROM ` + caseloadFrom + `
		AND a.rank > 0 AND ? ORDER BY a.rank DESC, c.name, c.id LIMIT ? OFFSET ?`
	// unflaggedPageSQL reads a page of unflagged clients by name.
	unflaggedPageSQL = `SELECT a.client_id, c.name, a.open_alerts, a.missed_streak, a.worsening FROM ` + caseloadFrom + `
		AND a.rank = 0 AND ? ORDER BY c.name, c.id LIMIT ? OFFSET ?`
	// lockStaleCaseloadSQL picks and locks up to a limit of stale rows among the active clients
	// the filter slot lets through, skipping rows another refresh holds (refreshStale).
	lockStaleCaseloadSQL = `SELECT a.client_id FROM ` + caseloadFrom + ` AND a.practice_id = ? AND ? AND a.stale_after <= ?
		ORDER BY a.stale_after LIMIT ? FOR UPDATE OF a SKIP LOCKED`
)

// caseloadCounts counts the caller's active clients and those flagged.
func caseloadCounts(ctx context.Context, tx *db.Tx, caller auth.Caller) (total, flagged int, err error) {
	var n, f int64
	if err := tx.Gorm.Raw(countActiveClientsSQL, clients.VisibleIDs(caller, "c.id")).Scan(&n).Error; err != nil {
		return 0, 0, err
	}
	err = tx.Gorm.Raw(countFlaggedSQL, clients.VisibleIDs(caller, "a.client_id")).Scan(&f).Error
	return int(n), int(f), err
}

// caseloadPage appends one page of flagged (by rank, then name) or unflagged (by name) clients.
func caseloadPage(ctx context.Context, tx *db.Tx, caller auth.Caller, flagged bool, offset, limit int, out []Entry) ([]Entry, error) {
	query := unflaggedPageSQL
	if flagged {
		query = flaggedPageSQL
	}
	var rows []struct {
		ClientID     uuid.UUID
		Name         string
		OpenAlerts   int
		MissedStreak int
		Worsening    []byte
	}
	if err := tx.Gorm.Raw(query, clients.VisibleIDs(caller, "a.client_id"), limit, offset).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		var ws []worse
		if err := json.Unmarshal(r.Worsening, &ws); err != nil {
			return nil, err
		}
		out = append(out, entry(r.ClientID, r.Name, r.OpenAlerts, r.MissedStreak, ws))
	}
	return out, nil
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
