package progress

import (
	"context"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm/clause"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/db"
)

// The caseload reads client_attention (migrations/0007): what is worth a clinician's look,
// stored per client. Triggers keep open alerts exact and mark a client stale when an answer,
// an assignment or a time zone changes; stale_after also holds the next instant one of the
// client's occurrences closes. Stale rows are recomputed here.
const (
	// streakBack is how far back a run of missed occurrences, and the days of the week
	// figures, are looked for.
	streakBack = 28 * 24 * time.Hour
	// closingAhead is how far ahead the next closing occurrence is looked for; a client with
	// none is looked at again after it anyway.
	closingAhead = 35 * 24 * time.Hour
	// refreshOnRead bounds the stale rows one caseload read refreshes before answering; the
	// periodic job takes the rest.
	refreshOnRead = 25
	// refreshBatch is how many stale rows the job refreshes per transaction.
	refreshBatch = 200
)

// worse is one measure worse (or better) by a reliable change, as stored in
// client_attention.worsening (and improving).
type worse struct {
	Instrument string `json:"instrument"`
	First      int    `json:"first"`
	Latest     int    `json:"latest"`
}

// storeAttentionSQL stores a client's recomputed attention and week figures.
const storeAttentionSQL = `UPDATE client_attention SET missed_streak = ?, worsening = ?, stale_after = ?,
	refreshed_at = ?, kept_streak = ?, improving = ?, days = ?, measures_due = ?, ending = ?, completed = ?,
	last_missed_due = ? WHERE client_id = ?`

// Refresh recomputes one client's missed streak, worse scores and week figures (week.go). It
// locks the client's row first: an answer committing meanwhile waits in its trigger for this
// lock and marks the row stale after this write, so an answer is never lost under a
// fresh-looking row. (Its cost, paid per client on every read, is what the stored summary
// saves: see docs/benchmarks.md.)
func Refresh(ctx context.Context, tx *db.Tx, clientID uuid.UUID, now time.Time) error {
	var locked []uuid.UUID
	if err := tx.Gorm.Table("client_attention").Where("practice_id = ? AND client_id = ?", tx.PracticeID(), clientID).
		Clauses(clause.Locking{Strength: "UPDATE"}).Pluck("client_id", &locked).Error; err != nil {
		return err
	}
	if len(locked) == 0 {
		return nil // the client is gone
	}
	views, err := assignments.ClientWindow(ctx, tx, clientID, now, now.Add(-streakBack), now.Add(closingAhead))
	if err != nil {
		return err
	}
	series, err := seriesEnds(ctx, tx, clientID)
	if err != nil {
		return err
	}
	s := summarise(views, series, now)
	return tx.Gorm.Exec(storeAttentionSQL, s.missed, db.JSON(s.worsening), s.staleAfter, now, s.kept,
		db.JSON(s.improving), db.JSON(s.days), db.JSON(s.measuresDue), db.JSON(s.ending), db.JSON(s.completed),
		lastMissed(s.lastMissedDue), clientID).Error
}

// seriesEndsSQL reads each instrument's first and latest total of a client, in the order
// clientScoresSQL reads them, and how many there are.
const seriesEndsSQL = `SELECT s.instrument, count(*) AS n,
	(array_agg(s.total ORDER BY r.occurrence_date, s.scored_at))[1] AS first,
	(array_agg(s.total ORDER BY r.occurrence_date DESC, s.scored_at DESC))[1] AS latest
	FROM scores s JOIN responses r ON r.practice_id = s.practice_id AND r.id = s.response_id
	WHERE s.client_id = ? GROUP BY s.instrument`

// seriesEnds reads a client's scores as scores does, but only each series' first and latest
// point, which is all a change by a reliable amount compares (Series.Change): the summary
// needs no item answers and no middle of a long history.
func seriesEnds(ctx context.Context, tx *db.Tx, clientID uuid.UUID) ([]Series, error) {
	var rows []struct {
		Instrument       string
		N, First, Latest int
	}
	if err := tx.Gorm.Raw(seriesEndsSQL, clientID).Scan(&rows).Error; err != nil {
		return nil, err
	}
	var out []Series
	for _, in := range checkins.Instruments {
		for _, r := range rows {
			if r.Instrument != in.Key {
				continue
			}
			sr := Series{Instrument: in, Points: []Point{{Total: r.First}}}
			if r.N > 1 {
				sr.Points = append(sr.Points, Point{Total: r.Latest})
			}
			out = append(out, sr)
		}
	}
	return out, nil
}

// lastMissed is the value stored in last_missed_due: the instant, or '-infinity' for none
// (given as a value: Citus refuses to read the text in the statement).
func lastMissed(t *time.Time) any {
	if t == nil {
		return db.MinusInfinity
	}
	return *t
}

// nextClosing is when the first unanswered occurrence still open closes and may turn missed.
func nextClosing(views []assignments.AssignmentView, now time.Time) time.Time {
	next := now.Add(closingAhead)
	for _, v := range views {
		for _, o := range v.Occurrences {
			if o.Response == nil && o.Closes.After(now) && o.Closes.Before(next) {
				next = o.Closes
			}
		}
	}
	return next
}

// lockStaleAttentionSQL picks and locks up to a limit of a practice's stale rows, skipping rows
// another refresh holds (refreshStale).
const lockStaleAttentionSQL = `SELECT a.client_id FROM client_attention a WHERE a.practice_id = ? AND a.stale_after <= ?
	ORDER BY a.stale_after LIMIT ? FOR UPDATE OF a SKIP LOCKED`

// refreshStale refreshes the stale rows that query (lockStaleAttentionSQL or
// lockStaleCaseloadSQL) picks and locks with args. It returns how many it refreshed.
func refreshStale(ctx context.Context, tx *db.Tx, now time.Time, query string, args ...any) (int, error) {
	var ids []uuid.UUID
	// The query's first parameter is the practice: a locking read names it (db.Tx.PracticeID).
	if err := tx.Gorm.Raw(query, append([]any{tx.PracticeID()}, args...)...).Scan(&ids).Error; err != nil {
		return 0, err
	}
	for _, id := range ids {
		if err := Refresh(ctx, tx, id, now); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// RefreshPractice refreshes every stale row of one practice, a batch per transaction, and
// returns how many it refreshed. The periodic job and the benchmark's seeding call it.
func RefreshPractice(ctx context.Context, d *db.DB, practiceID uuid.UUID, now time.Time) (int, error) {
	total := 0
	for {
		var n int
		err := d.InTenant(ctx, db.Scope{PracticeID: practiceID}, func(tx *db.Tx) error {
			var err error
			n, err = refreshStale(ctx, tx, now, lockStaleAttentionSQL, now, refreshBatch)
			return err
		})
		total += n
		if err != nil || n < refreshBatch {
			return total, err
		}
	}
}

// stalePracticesSQL reads the practices with stale rows, through a definer function.
const stalePracticesSQL = `SELECT client_attention_stale_practices(?)`

// StalePractices lists the practices with rows to refresh, through the one definer function
// that may look across practices.
func StalePractices(ctx context.Context, d *db.DB, now time.Time) ([]uuid.UUID, error) {
	var ids []uuid.UUID
	err := d.InGlobal(ctx, func(tx *db.Tx) error {
		return tx.Gorm.Raw(stalePracticesSQL, now).Scan(&ids).Error
	})
	return ids, err
}

// closedStatus says whether an occurrence's status is final.
func closedStatus(s cadence.Status) bool {
	return s == cadence.Missed || s == cadence.Done || s == cadence.Late
}
