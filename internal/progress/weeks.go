package progress

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/db"
)

// ClientWeek is one client's figures for a week, read from the stored summary.
type ClientWeek struct {
	ClientID     uuid.UUID
	OpenAlerts   int
	MissedStreak int
	KeptStreak   int
	// Due and Done count the occurrences dated within [From, To] (client-local dates) that
	// have closed or been done, and of them those done, on time or late. The stored days
	// reach back 26 full days from the row's refresh.
	Due, Done   int
	Worsening   []Change      // measures worse by a reliable change
	Improving   []Change      // measures better by a reliable change
	MeasuresDue []Dated       // measures missed or open and unanswered, dated in [From, To]
	Ending      []Dated       // assignments whose last day is within (To, To+14 days]
	Completed   []Dated       // programmes whose last step was done, dated in [From, To]
	Stale       bool          // the row's stale_after had passed when read (figures may lag)
	FirstDue    *cadence.Date // the earliest stored day a task came due (about four weeks back at most)
	LastDone    *cadence.Date // the latest stored day with a task done, if any
}

// Change is a measure's first and latest scores, by the measure's title.
type Change struct {
	Title         string
	First, Latest int
}

// Dated is a title on a client's local date.
type Dated struct {
	Date  cadence.Date
	Title string
}

// weeksSQL reads some clients' stored summaries, by client: one indexed read.
const weeksSQL = `SELECT a.client_id, a.open_alerts, a.missed_streak, a.kept_streak, a.worsening, a.improving,
	a.days, a.measures_due, a.ending, a.completed, a.stale_after <= ? AS stale
	FROM client_attention a WHERE a.client_id = ANY(?::uuid[]) ORDER BY a.client_id`

// weekRow is one stored summary as weeksSQL reads it.
type weekRow struct {
	ClientID                             uuid.UUID
	OpenAlerts, MissedStreak, KeptStreak int
	Worsening, Improving, Days           []byte
	MeasuresDue, Ending, Completed       []byte
	Stale                                bool
}

// Weeks reads the stored figures of the given clients for the local dates [from, to], as they
// stand at now, in the order of client ids; a client without a row is left out. It computes
// nothing: a row refreshed a while ago answers as of its refresh (Stale says when it should
// have been refreshed since; RefreshStaleOf refreshes some first).
func Weeks(ctx context.Context, tx *db.Tx, clientIDs []uuid.UUID, from, to cadence.Date, now time.Time) ([]ClientWeek, error) {
	if len(clientIDs) == 0 {
		return []ClientWeek{}, nil
	}
	var rows []weekRow
	if err := tx.Gorm.Raw(weeksSQL, now, uuidArray(clientIDs)).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]ClientWeek, 0, len(rows))
	for _, r := range rows {
		w, err := r.week(from, to, now)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, nil
}

// week decodes a stored summary and keeps what falls in the week [from, to] at now.
func (r weekRow) week(from, to cadence.Date, now time.Time) (ClientWeek, error) {
	w := ClientWeek{ClientID: r.ClientID, OpenAlerts: r.OpenAlerts, MissedStreak: r.MissedStreak,
		KeptStreak: r.KeptStreak, Stale: r.Stale}
	var worsening, improving []worse
	var days map[string][2]int
	var measures, ending, finished []dated
	for _, f := range []struct {
		raw []byte
		v   any
	}{{r.Worsening, &worsening}, {r.Improving, &improving}, {r.Days, &days},
		{r.MeasuresDue, &measures}, {r.Ending, &ending}, {r.Completed, &finished}} {
		if err := json.Unmarshal(f.raw, f.v); err != nil {
			return ClientWeek{}, err
		}
	}
	w.Due, w.Done = daysWithin(days, from, to)
	w.FirstDue, w.LastDone = dayBounds(days)
	w.Worsening, w.Improving = titled(worsening), titled(improving)
	w.MeasuresDue = within(measures, from, to, now)
	w.Ending = within(ending, to.AddDays(1), to.AddDays(endingAhead), now)
	w.Completed = within(finished, from, to, now)
	return w, nil
}

// daysWithin sums the stored [due, done] of the dates in [from, to]. The keys are written
// "YYYY-MM-DD", so their order as strings is the dates' order.
func daysWithin(days map[string][2]int, from, to cadence.Date) (due, done int) {
	lo, hi := from.String(), to.String()
	for k, c := range days {
		if k >= lo && k <= hi {
			due, done = due+c[0], done+c[1]
		}
	}
	return due, done
}

// dayBounds are the earliest stored date a task came due and the latest with a task done.
func dayBounds(days map[string][2]int) (first, last *cadence.Date) {
	var lo, hi string
	for k, c := range days {
		if c[0] > 0 && (lo == "" || k < lo) {
			lo = k
		}
		if c[1] > 0 && k > hi {
			hi = k
		}
	}
	return parsed(lo), parsed(hi)
}

func parsed(s string) *cadence.Date {
	d, err := cadence.ParseDate(s)
	if s == "" || err != nil {
		return nil
	}
	return &d
}

// titled names each measure by its instrument's title.
func titled(ws []worse) []Change {
	out := make([]Change, 0, len(ws))
	for _, w := range ws {
		title := w.Instrument
		if in, ok := checkins.InstrumentByKey(w.Instrument); ok {
			title = in.Title
		}
		out = append(out, Change{Title: title, First: w.First, Latest: w.Latest})
	}
	return out
}

// within keeps the dated titles in [lo, hi] that are open at now.
func within(ds []dated, lo, hi cadence.Date, now time.Time) []Dated {
	out := []Dated{}
	for _, d := range ds {
		if d.Date.Before(lo) || d.Date.After(hi) || (d.Opens != nil && now.Before(*d.Opens)) {
			continue
		}
		out = append(out, Dated{Date: d.Date, Title: d.Title})
	}
	return out
}

// lockStaleOfSQL picks and locks up to a limit of the given clients' stale rows, skipping rows
// another refresh holds (refreshStale).
const lockStaleOfSQL = `SELECT a.client_id FROM client_attention a WHERE a.practice_id = ? AND a.client_id = ANY(?::uuid[])
	AND a.stale_after <= ? ORDER BY a.stale_after LIMIT ? FOR UPDATE OF a SKIP LOCKED`

// RefreshStaleOf refreshes at most limit of the given clients' stale rows, those stale longest
// first, and returns how many it refreshed: what a reader of Weeks may do first so that the
// latest answers show, bounded so that the read stays fast. Rows another refresh holds are
// left to it.
func RefreshStaleOf(ctx context.Context, tx *db.Tx, clientIDs []uuid.UUID, now time.Time, limit int) (int, error) {
	if len(clientIDs) == 0 || limit <= 0 {
		return 0, nil
	}
	return refreshStale(ctx, tx, now, lockStaleOfSQL, uuidArray(clientIDs), now, limit)
}

// uuidArray writes ids as a PostgreSQL array literal: one parameter however many ids there are
// (a practice's clients may be more than the parameters one statement may take).
func uuidArray(ids []uuid.UUID) string {
	var b strings.Builder
	b.Grow(len(ids)*37 + 2)
	b.WriteByte('{')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(id.String())
	}
	b.WriteByte('}')
	return b.String()
}
