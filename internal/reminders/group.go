package reminders

import (
	"context"
	"encoding/json"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/db"
)

// A storm's messages travel in groups. River's own work for a job (its insert, its fetch, its
// completion) cost about as much as everything a reminder needs besides, so the dispatcher
// hands a practice's new messages over in jobs of up to groupSize, and the sender works a
// group's messages at once, each as it would work a job of its own (decision 0013).
const (
	groupSize = 50
	// inFlight bounds the messages one process works at once, whatever the jobs carry: as
	// many as the queue's workers used to, one message a job.
	inFlight = 400
)

// Firing is one more message of a group: SendArgs' own fields, without the practice, and
// without the time it fell due, which the sender does not use (the group's first says when
// the batch fell due).
type Firing struct {
	AssignmentID uuid.UUID    `json:"assignment_id"`
	Date         cadence.Date `json:"date"`
	Message      Kind         `json:"message"`
}

// messages are the job's messages, the first in its own fields.
func (a SendArgs) messages() []SendArgs {
	out := make([]SendArgs, 0, 1+len(a.More))
	first := a
	first.More = nil
	out = append(out, first)
	for _, f := range a.More {
		out = append(out, SendArgs{PracticeID: a.PracticeID, AssignmentID: f.AssignmentID, Date: f.Date,
			Message: f.Message})
	}
	return out
}

// grouped makes the jobs of a practice's messages: those whose rows were all made now go in
// groups, as no job can carry them yet; a group of one, and a message handed over before
// (its rows were there) that no group still carries (unheld), go as jobs of their own, which
// River keeps unique.
func grouped(fresh, before []SendArgs) []river.InsertManyParams {
	var jobs []river.InsertManyParams
	for _, a := range before {
		jobs = append(jobs, river.InsertManyParams{Args: a})
	}
	for start := 0; start < len(fresh); start += groupSize {
		chunk := fresh[start:min(start+groupSize, len(fresh))]
		first := chunk[0]
		for _, a := range chunk[1:] {
			first.More = append(first.More, Firing{AssignmentID: a.AssignmentID, Date: a.Date, Message: a.Message})
		}
		jobs = append(jobs, river.InsertManyParams{Args: first})
	}
	return jobs
}

// heldSQL says which of some messages (a JSON array of their args) a send job still to be
// finished carries: a group carries its first message in its own fields, the others in more.
// River's index on args answers each.
const heldSQL = `SELECT m.i FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS m(probe, i)
	WHERE EXISTS (SELECT 1 FROM river_job j WHERE j.kind = 'reminder_send'
		AND j.state IN ('available', 'pending', 'retryable', 'running', 'scheduled')
		AND (j.args @> m.probe OR j.args @> jsonb_build_object('practice_id', m.probe->'practice_id',
			'more', jsonb_build_array(m.probe - 'practice_id'))))`

// unheld leaves out of messages handed over before those a job still to be finished carries.
// River's uniqueness keeps a second job of one message out, but not a job of one beside a
// group carrying the same message: a schedule worked out again (its time changed) could then
// hand over a message that a group in a storm's backlog has not sent yet, and both would
// send it.
func unheld(ctx context.Context, tx *db.Tx, before []SendArgs) ([]SendArgs, error) {
	if len(before) == 0 {
		return nil, nil
	}
	type probe struct { // what names a message, as SendArgs writes it
		PracticeID   uuid.UUID    `json:"practice_id"`
		AssignmentID uuid.UUID    `json:"assignment_id"`
		Date         cadence.Date `json:"date"`
		Message      Kind         `json:"message"`
	}
	ps := make([]probe, len(before))
	for i, a := range before {
		ps[i] = probe{a.PracticeID, a.AssignmentID, a.Date, a.Message}
	}
	probes, err := json.Marshal(ps)
	if err != nil {
		return nil, err
	}
	held := map[int]bool{}
	err = tx.WithPgx(func(ptx pgx.Tx) error {
		rows, err := ptx.Query(ctx, heldSQL, string(probes)) // text: behind a pooler pgx sends a []byte as binary
		if err != nil {
			return err
		}
		var i int
		_, err = pgx.ForEachRow(rows, []any{&i}, func() error { held[i-1] = true; return nil })
		return err
	})
	out := before[:0:0]
	for i, a := range before {
		if !held[i] {
			out = append(out, a)
		}
	}
	return out, err
}
