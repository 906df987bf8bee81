package homework

import (
	"context"
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/crisis"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/validate"
)

// Task is one occurrence as the client sees it.
type Task struct {
	Assignment *assignments.Assignment
	Occurrence cadence.Occurrence
	Status     cadence.Status
}

// Today returns the client's open tasks (unanswered ones they may still do, and those done
// today) and the next occurrence of each assignment.
func (s *Service) Today(ctx context.Context, sess *links.Session) (open, upcoming []Task, err error) {
	now := s.now()
	err = s.db.InTenant(ctx, sess.Scope(), func(tx *db.Tx) error {
		as, zones, zonesMark, err := assignments.OfClient(ctx, tx, sess.ClientID)
		if err != nil {
			return err
		}
		ids := make([]uuid.UUID, len(as))
		for i := range as {
			ids[i] = as[i].ID
			// The page comes before an answer: kept, the answer goes in one round trip
			// (submitKept), which checks the marks before it writes.
			s.kept.put(keptKey{practice: sess.PracticeID, assignment: as[i].ID},
				&keptAnswer{a: &as[i].Assignment, zones: zones, mark: as[i].AnswerMark, zonesMark: zonesMark})
		}
		answers, err := assignments.ResponsesOf(ctx, tx, ids)
		if err != nil {
			return err
		}
		for i := range as {
			a := &as[i].Assignment
			plan := a.Plan(zones)
			for _, o := range plan.Between(now.Add(-72*time.Hour), now.Add(24*time.Hour)) {
				r := answers[assignments.AnswerKey{Assignment: a.ID, Date: o.Date}]
				if o.Open(now) && (r == nil || now.Sub(o.Opens) < 24*time.Hour) { // today's stay, ticked
					open = append(open, Task{a, o, o.StatusOf(submitted(r), now)})
				}
			}
			if o, ok := plan.Next(now); ok && !o.Open(now) && o.Due.Before(now.Add(8*24*time.Hour)) {
				upcoming = append(upcoming, Task{a, o, o.StatusOf(nil, now)})
			}
		}
		return nil
	})
	return open, upcoming, err
}

func submitted(r *assignments.Response) *time.Time {
	if r == nil {
		return nil
	}
	return &r.SubmittedAt
}

// TaskFor returns one occurrence of the client's own assignment, and whether it is answered.
func (s *Service) TaskFor(ctx context.Context, sess *links.Session, assignmentID uuid.UUID, date cadence.Date) (*Task, bool, error) {
	var t *Task
	answered := false
	err := s.db.InTenant(ctx, sess.Scope(), func(tx *db.Tx) error {
		a, o, err := ownOccurrence(ctx, tx, sess.ClientID, assignmentID, date)
		if err != nil {
			return err
		}
		r, err := assignments.ResponsesOf(ctx, tx, []uuid.UUID{a.ID})
		if err != nil {
			return err
		}
		rr := r[assignments.AnswerKey{Assignment: a.ID, Date: date}]
		answered = rr != nil
		t = &Task{a, o, o.StatusOf(submitted(rr), s.now())}
		return nil
	})
	return t, answered, err
}

// Submission is a client's answers to one occurrence.
type Submission struct {
	AssignmentID   uuid.UUID
	Date           cadence.Date
	Answers        map[string]json.RawMessage
	IdempotencyKey uuid.UUID
}

// Submit stores the answers once. The same idempotency key again returns the first receipt
// (replayed true) and writes nothing, so a double tap or a retry never makes two entries.
func (s *Service) Submit(ctx context.Context, sess *links.Session, in Submission, ip, ua string) (r *assignments.Response, replayed bool, err error) {
	return s.SubmitClaimed(ctx, links.Checked(sess), in, ip, ua)
}

// SubmitClaimed is Submit for a session not checked yet: the usual answer checks it in its
// own first round trip (submitPiped), any other in a round trip before its transaction.
func (s *Service) SubmitClaimed(ctx context.Context, claim *links.Claim, in Submission, ip, ua string) (r *assignments.Response, replayed bool, err error) {
	if in.IdempotencyKey == uuid.Nil {
		return nil, false, validate.Errors{"idempotency_key": "is required"}
	}
	now := s.now()
	if r, done, err := s.submitPiped(ctx, claim, in, now, ip, ua); done {
		return r, false, err
	}
	sess, err := claim.Session(ctx)
	if err != nil {
		return nil, false, err
	}
	err = s.db.InTenant(ctx, sess.Scope(), func(tx *db.Tx) error {
		// A replay is found by the insert's conflict on the key, or, when the answer would be
		// refused now (its day has closed since, say), by a look for the key before refusing:
		// no read before the insert on the way every first answer takes.
		refuse := func(why error) error {
			prev, err := assignments.ByKey(ctx, tx, sess.ClientID, in.IdempotencyKey)
			if err != nil {
				return err
			} else if prev == nil {
				return why
			}
			r, replayed = prev, true
			return crisisAgain(ctx, tx, sess, r)
		}
		// A stopped assignment leaves the client's page at once, so it takes no more answers,
		// even for a day that fell due before the clinician stopped it.
		a, o, err := ownOccurrence(ctx, tx, sess.ClientID, in.AssignmentID, in.Date)
		if a != nil && a.Status == assignments.Stopped {
			return refuse(ErrStopped)
		} else if err != nil {
			return refuse(err)
		}
		if !o.Open(now) {
			return refuse(ErrNotOpen)
		}
		answers, err := library.CheckAnswers(a.Definition.FieldsFor(o.Step), in.Answers)
		if err != nil {
			return refuse(err)
		}
		r = &assignments.Response{ID: uuid.New(), AssignmentID: a.ID, OccurrenceDate: o.Date.UTC(), Step: o.Step,
			Answers: answers, SubmittedAt: now}
		if replayed, err = answer(ctx, tx, sess, r, in.IdempotencyKey); err != nil {
			return err
		} else if replayed {
			return crisisAgain(ctx, tx, sess, r)
		}
		risky, err := score(ctx, tx, sess, a, r)
		if err != nil {
			return err
		}
		detail := map[string]any{"date": o.Date.String()}
		if risky {
			if err := withCrisis(ctx, tx, sess, r); err != nil {
				return err
			}
			detail["crisis_shown"] = true
		}
		return audit.Record(ctx, tx, sess.PracticeID, sess.Actor(ip, ua), audit.Event{Action: "response.create",
			SubjectType: "assignment", SubjectID: a.ID.String(), ClientID: sess.ClientID, Detail: detail})
	})
	return r, replayed, err
}

// ownOccurrence finds the occurrence on date of one of the client's own assignments. Another
// client's assignment is ErrNotFound, exactly like one that does not exist; a date with no
// occurrence (paused, stopped, not in the cadence) is ErrNotOpen, with the assignment.
func ownOccurrence(ctx context.Context, tx *db.Tx, clientID, assignmentID uuid.UUID, date cadence.Date) (*assignments.Assignment, cadence.Occurrence, error) {
	a, err := assignments.Load(ctx, tx, assignmentID)
	if err != nil {
		return nil, cadence.Occurrence{}, err
	}
	if a.ClientID != clientID {
		return nil, cadence.Occurrence{}, ErrNotFound
	}
	zones, err := clients.ZonesOf(ctx, tx, []uuid.UUID{clientID})
	if err != nil {
		return nil, cadence.Occurrence{}, err
	}
	o, ok := a.Plan(zones[clientID]).On(date)
	if !ok {
		return a, o, ErrNotOpen
	}
	return a, o, nil
}

// History returns the client's own answers, newest first; the caller checks the PIN.
func (s *Service) History(ctx context.Context, sess *links.Session) ([]assignments.PastResponse, error) {
	if !sess.PINVerified {
		return nil, links.ErrPINRequired
	}
	var out []assignments.PastResponse
	err := s.db.InTenant(ctx, sess.Scope(), func(tx *db.Tx) (err error) {
		out, err = assignments.History(ctx, tx, sess.ClientID)
		return err
	})
	return out, err
}

// score records a measure's score, and any risk alert with its job, beside the answer. It
// reports whether the answer set off a risk item.
func score(ctx context.Context, tx *db.Tx, sess *links.Session, a *assignments.Assignment, r *assignments.Response) (risky bool, err error) {
	in, ok := checkins.InstrumentByKey(a.Definition.Measure)
	if !ok {
		return false, nil // an exercise, not a measure
	}
	res, err := in.Score(r.Answers)
	if err != nil {
		return false, err // CheckAnswers required every item, so this is a bug, not bad input
	}
	return len(res.Risks) > 0, checkins.Record(ctx, tx, checkins.Scored{PracticeID: sess.PracticeID, ResponseID: r.ID,
		ClientID: sess.ClientID, AssignmentID: a.ID, Instrument: in, Result: res, At: r.SubmittedAt})
}

// withCrisis puts the practice's crisis support on the receipt of an answer that set off a
// risk item, so the client sees it at once. Only the client who answered gets the receipt.
func withCrisis(ctx context.Context, tx *db.Tx, sess *links.Session, r *assignments.Response) error {
	s, err := crisis.Load(ctx, tx, sess.PracticeID)
	r.Crisis = &s
	return err
}

// crisisAgain gives a replayed receipt the crisis support the first one carried: the client
// may never have received the first answer. The risk alert written with the answer says
// whether it set off a risk item.
func crisisAgain(ctx context.Context, tx *db.Tx, sess *links.Session, r *assignments.Response) error {
	if risky, err := checkins.Alerted(ctx, tx, sess.ClientID, r.ID); err != nil || !risky {
		return err
	}
	return withCrisis(ctx, tx, sess, r)
}

// answer writes r unless the occurrence is already answered. A concurrent twin with the same
// key loses the race on the key's unique index and gets the first answer back, as a replay.
func answer(ctx context.Context, tx *db.Tx, sess *links.Session, r *assignments.Response, key uuid.UUID) (replayed bool, err error) {
	if inserted, err := assignments.InsertResponse(ctx, tx, sess.PracticeID, sess.ClientID, r, key); err != nil || inserted {
		return false, err
	}
	prev, err := assignments.ByKey(ctx, tx, sess.ClientID, key)
	if err != nil {
		return false, err
	}
	if prev != nil {
		*r = *prev
		return true, nil
	}
	return false, ErrAlreadyAnswered
}
