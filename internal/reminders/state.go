package reminders

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/db"
)

// loadReq is one job's read: its message, as of its time.
type loadReq struct {
	args SendArgs
	now  time.Time
}

// stateSQL reads, for a practice's messages (assignment, day, time and the ids of its email
// and text delivery rows in parallel arrays), the assignment's cadence and reminder settings
// as they are now (the schedule's copy, cadenceColumns) with the client's zones, the client
// and their choices, the practice's name, whether the day is done, the live homework link,
// and each delivery row's status, link and token hash. A delivery row is looked up only on a
// channel the assignment now uses (reminderChannels), as the sender decides no other: on
// another its id is NULL, and an index is not searched for NULL. Every table is filtered on
// practice_id = $1 itself, not through a join: Citus then sends the whole statement to that
// practice's node (it cannot plan an outer join on a correlated key).
const stateSQL = `SELECT w.i, ` + cadenceColumns + `, z.froms, z.names,
	c.name, c.preferred_name, c.email, c.mobile, c.status, c.consent_email, c.consent_sms,
	p.paused_until, coalesce(p.off, false), p.email_unsubscribed_at,
	(SELECT name FROM practices WHERE id = $1),
	EXISTS (SELECT 1 FROM responses r WHERE r.practice_id = $1 AND r.assignment_id = s.assignment_id
		AND r.occurrence_date = w.date),
	l.id, de.status, de.link_id, de.token_hash, ds.status, ds.link_id, ds.token_hash
	FROM unnest($2::uuid[], $3::date[], $4::timestamptz[], $5::uuid[], $6::uuid[]) WITH ORDINALITY
		AS w(id, date, at, email, sms, i)
	JOIN reminder_schedules s ON s.practice_id = $1 AND s.assignment_id = w.id
	JOIN clients c ON c.practice_id = $1 AND c.id = s.client_id
	LEFT JOIN reminder_preferences p ON p.practice_id = $1 AND p.client_id = c.id
	LEFT JOIN LATERAL (` + zonesSQL + `) z ON true
	LEFT JOIN LATERAL (SELECT id FROM homework_links h WHERE h.practice_id = $1
		AND h.client_id = c.id AND h.revoked_at IS NULL AND h.expires_at > w.at
		ORDER BY expires_at DESC LIMIT 1) l ON true
	LEFT JOIN reminder_deliveries de ON de.practice_id = $1
		AND de.id = CASE WHEN s.reminder_channel IN ('email', 'both') THEN w.email END
	LEFT JOIN reminder_deliveries ds ON ds.practice_id = $1
		AND ds.id = CASE WHEN s.reminder_channel IN ('sms', 'both') THEN w.sms END`

// zonesSQL reads a client's zones (the client c.id of practice $1) as two arrays in the order
// they took effect, for a LEFT JOIN LATERAL: arrays, not JSON, which PostgreSQL would format
// and Go parse again for every row.
const zonesSQL = `SELECT array_agg(effective_from ORDER BY effective_from) AS froms,
	array_agg(time_zone ORDER BY effective_from) AS names
	FROM client_time_zones WHERE practice_id = $1 AND client_id = c.id`

// loadStates reads what each message depends on, at send time, for many jobs in one round
// trip: a statement per practice. A nil state: the assignment no longer exists.
func loadStates(ctx context.Context, d *db.DB, reqs []loadReq) ([]*state, error) {
	out := make([]*state, len(reqs))
	b := &db.Batch{}
	for practiceID, idx := range byPractice(reqs, func(r loadReq) uuid.UUID { return r.args.PracticeID }) {
		if err := b.As(db.Scope{PracticeID: practiceID}); err != nil {
			return nil, err
		}
		queueStates(b, practiceID, reqs, idx, out)
	}
	if err := d.Send(ctx, b); err != nil {
		return nil, err
	}
	return out, nil
}

// queueStates queues the read of the state of a practice's messages (reqs at positions idx),
// each stored in out at its position.
func queueStates(b *db.Batch, practiceID uuid.UUID, reqs []loadReq, idx []int, out []*state) {
	ids, dates, ats := make([]uuid.UUID, len(idx)), make([]time.Time, len(idx)), make([]time.Time, len(idx))
	emails, texts := make([]uuid.UUID, len(idx)), make([]uuid.UUID, len(idx))
	for k, i := range idx {
		a := reqs[i].args
		ids[k], dates[k], ats[k] = a.AssignmentID, a.Date.UTC(), reqs[i].now
		emails[k], texts[k] = deliveryID(a, "email"), deliveryID(a, "sms")
	}
	b.Queue(stateSQL, practiceID, ids, dates, ats, emails, texts).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var r stateRow
			if err := rows.Scan(r.targets()...); err != nil {
				return err
			}
			i := idx[r.i-1] // WITH ORDINALITY counts from 1
			st, err := r.state(reqs[i].args)
			if err != nil {
				return err
			}
			out[i] = st
		}
		return rows.Err()
	})
}

// eachStatus reads rows of (delivery id, status) into fn.
func eachStatus(fn func(uuid.UUID, string)) func(pgx.Rows) error {
	return func(rows pgx.Rows) error {
		var id uuid.UUID
		var status string
		_, err := pgx.ForEachRow(rows, []any{&id, &status}, func() error {
			fn(id, status)
			return nil
		})
		return err
	}
}

// byPractice groups requests' positions by their practice.
func byPractice[R any](reqs []R, practice func(R) uuid.UUID) map[uuid.UUID][]int {
	out := map[uuid.UUID][]int{}
	for i, r := range reqs {
		out[practice(r)] = append(out[practice(r)], i)
	}
	return out
}

// stateRow is one row of stateSQL as read.
type stateRow struct {
	i        int
	cadence  cadenceRow
	froms    []time.Time // the client's zones: when each took effect,
	names    []string    // and its name
	c        ClientFields
	practice string
	done     bool
	linkID   *uuid.UUID
	rows     [2]writtenRow // the email and the text delivery rows
}

// writtenRow is a delivery row's columns as stateSQL reads them: all NULL where there is none.
type writtenRow struct {
	status *string
	link   uuid.NullUUID
	hash   []byte
}

func (r *stateRow) targets() []any {
	c := &r.c
	out := append([]any{&r.i}, r.cadence.targets()...)
	return append(out, &r.froms, &r.names,
		&c.Name, &c.PreferredName, &c.Email, &c.Mobile, &c.Status, &c.ConsentEmail, &c.ConsentSMS,
		&c.PausedUntil, &c.Off, &c.EmailUnsubscribedAt, &r.practice, &r.done, &r.linkID,
		&r.rows[0].status, &r.rows[0].link, &r.rows[0].hash, &r.rows[1].status, &r.rows[1].link, &r.rows[1].hash)
}

// state is what the row says of args' message: its day as the cadence has it now.
func (r *stateRow) state(args SendArgs) (*state, error) {
	a, err := r.cadence.assignment()
	if err != nil {
		return nil, err
	}
	r.c.ID = a.ClientID
	st := &state{args: args, assignment: a, client: r.c, practice: r.practice, done: r.done,
		rows: map[string]written{}}
	zs, err := zonesOf(r.froms, r.names)
	if err != nil {
		return nil, err
	}
	st.occurrence, st.scheduled = a.Plan(zs).On(args.Date)
	if r.linkID != nil {
		st.link = &liveLink{ID: *r.linkID}
	}
	for k, ch := range allChannels {
		if w := r.rows[k]; w.status != nil {
			st.rows[ch] = written{status: *w.status, link: w.link, hash: w.hash}
		}
	}
	return st, nil
}

// zonesOf are a client's zones as zonesSQL reads them.
func zonesOf(froms []time.Time, names []string) ([]cadence.Zone, error) {
	out := make([]cadence.Zone, len(froms))
	for i, from := range froms {
		loc, err := cadence.Location(names[i])
		if err != nil {
			return nil, err
		}
		out[i] = cadence.Zone{From: from, Loc: loc}
	}
	return out, nil
}
