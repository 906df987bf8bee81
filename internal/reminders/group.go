package reminders

import (
	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/cadence"
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
// (its rows were there), go as jobs of their own, which River keeps unique.
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
