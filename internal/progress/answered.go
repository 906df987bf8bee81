package progress

import (
	"time"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/db"
)

// An answer's own change to its client's summary (migrations/0027). The usual answer, to an
// open occurrence of an exercise that is neither a measure nor a programme's last step, makes
// that occurrence closed and done. When no missed occurrence was due at or after it, every
// closed occurrence before it in the streaks' order (closedNewestFirst) is done, so the
// summary a refresh would now store differs from the stored one only in that day's counts
// (one more due, one more done), the missed streak (none) and the kept streak (one more).
// The answer's transaction writes just that instead of marking the row stale, so nothing is
// left for a refresh to read again. The stored row is used only while it is fresh (its
// stale_after not reached); otherwise the same statement marks it stale, as the trigger would.

// OwnAnswer queues, first in an answer's pipelined transaction, the setting that tells the
// responses trigger this transaction sees to its answer's summary itself (migrations/0028):
// QueueAnswered must follow the insert of its one answer. It goes before anything else
// because Citus hands a SET LOCAL to a node only when the node's part of the transaction
// begins. Its text is the same for every answer, so the driver prepares it once per
// connection.
func OwnAnswer(p *db.Pipe) {
	// SET LOCAL rather than set_config, which Citus does not pass on.
	p.Queue("SET LOCAL steady.attention_answer = 'own'")
}

// usual says whether an answer to occurrence o of a is the usual one: a measure changes scores
// and measures due, and a programme's last step completes it.
func usual(a *assignments.Assignment, o cadence.Occurrence) bool {
	return a.Definition.Measure == "" && (cadence.Kind(a.Kind) != cadence.Programme || o.Step < a.Days)
}

// answeredSQL applies a claimed answer's change when the stored row allows it: fresh at the
// answer's instant ($4), no missed occurrence due at or after the answer's ($3), and the
// answer's date ($5) within the days the last refresh counted: firstFullDay(refreshed_at) is
// no later than the date exactly when refreshed_at is before $6 (countedUntil). The bounds
// are worked out here, not in SQL: Citus refuses a STABLE operator on a column in an UPDATE,
// and timestamptz arithmetic is one; it refuses any function not IMMUTABLE in a CASE, so
// '-infinity' comes as a value ($7) and the day's pair is written as text and read as jsonb
// (jsonb_build_array is STABLE). Otherwise it
// marks the row stale, unless it is stale already (no new row version for nothing). Every SET
// reads the row as it was.
const answeredSQL = `UPDATE client_attention SET
	days = CASE WHEN ` + answeredApplies + ` THEN jsonb_set(days, ARRAY[$5::text],
		('[' || (coalesce((days->$5::text->>0)::int, 0) + 1)::text || ','
			|| (coalesce((days->$5::text->>1)::int, 0) + 1)::text || ']')::jsonb)
		ELSE days END,
	missed_streak = CASE WHEN ` + answeredApplies + ` THEN 0 ELSE missed_streak END,
	kept_streak = CASE WHEN ` + answeredApplies + ` THEN kept_streak + 1 ELSE kept_streak END,
	stale_after = CASE WHEN ` + answeredApplies + ` THEN stale_after ELSE $7 END
	WHERE practice_id = $1 AND client_id = $2 AND (stale_after <> $7 OR ` + answeredApplies + `)`

// answeredApplies is the condition under which answeredSQL applies the change.
const answeredApplies = `(stale_after > $4 AND last_missed_due < $3
	AND refreshed_at < $6)`

// markStaleSQL marks a client's summary stale as the trigger does, leaving a row already
// stale as it is ($3 is '-infinity').
const markStaleSQL = `INSERT INTO client_attention (practice_id, client_id) VALUES ($1, $2)
	ON CONFLICT (practice_id, client_id) DO UPDATE SET stale_after = $3 WHERE client_attention.stale_after <> $3`

// QueueAnswered queues, after the insert of the answer of a transaction marked by OwnAnswer, its change to the
// client's summary: the usual answer's own update where the stored row allows it, and for any
// other answer the mark the trigger would have made.
func QueueAnswered(p *db.Pipe, a *assignments.Assignment, o cadence.Occurrence, now time.Time) {
	if !usual(a, o) {
		p.Queue(markStaleSQL, p.PracticeID(), a.ClientID, db.MinusInfinity)
		return
	}
	p.Queue(answeredSQL, p.PracticeID(), a.ClientID, o.Due, now, o.Date.String(), countedUntil(o.Date), db.MinusInfinity)
}

// countedUntil is the instant before which a refresh counted date d's occurrences in full:
// firstFullDay(t) <= d holds exactly when t - streakBack falls before the start of d - 1.
func countedUntil(d cadence.Date) time.Time {
	return d.AddDays(-1).UTC().Add(streakBack)
}
