package exercises

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/crisis"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/homework"
	"github.com/steadyhq/steady/internal/validate"
)

// Task is one occurrence as the client sees it.
type Task struct {
	Assignment *Assignment
	Occurrence cadence.Occurrence
	Status     cadence.Status
}

// Today returns the client's open tasks (unanswered ones they may still do, and those done
// today) and the next occurrence of each assignment.
func (s *Service) Today(ctx context.Context, sess *homework.Session) (open, upcoming []Task, err error) {
	now := s.now()
	err = s.db.InTenant(ctx, sess.Scope(), func(tx *db.Tx) error {
		as, zones, err := clientAssignments(ctx, tx, sess.ClientID)
		if err != nil {
			return err
		}
		ids := make([]uuid.UUID, len(as))
		for i := range as {
			ids[i] = as[i].ID
		}
		answers, err := responsesOf(ctx, tx, ids)
		if err != nil {
			return err
		}
		for i := range as {
			a := &as[i]
			plan := a.Plan(zones)
			for _, o := range plan.Between(now.Add(-72*time.Hour), now.Add(24*time.Hour)) {
				r := answers[answerKey{a.ID, o.Date}]
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

func submitted(r *Response) *time.Time {
	if r == nil {
		return nil
	}
	return &r.SubmittedAt
}

// TaskFor returns one occurrence of the client's own assignment, and whether it is answered.
func (s *Service) TaskFor(ctx context.Context, sess *homework.Session, assignmentID uuid.UUID, date cadence.Date) (*Task, bool, error) {
	var t *Task
	answered := false
	err := s.db.InTenant(ctx, sess.Scope(), func(tx *db.Tx) error {
		a, o, err := ownOccurrence(ctx, tx, sess.ClientID, assignmentID, date)
		if err != nil {
			return err
		}
		r, err := responsesOf(ctx, tx, []uuid.UUID{a.ID})
		if err != nil {
			return err
		}
		rr := r[answerKey{a.ID, date}]
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
func (s *Service) Submit(ctx context.Context, sess *homework.Session, in Submission, ip, ua string) (r *Response, replayed bool, err error) {
	if in.IdempotencyKey == uuid.Nil {
		return nil, false, validate.Errors{"idempotency_key": "is required"}
	}
	now := s.now()
	err = s.db.InTenant(ctx, sess.Scope(), func(tx *db.Tx) error {
		if r, err = replay(ctx, tx, sess.ClientID, in.IdempotencyKey); r != nil || err != nil {
			replayed = r != nil
			if err != nil {
				return err
			}
			return crisisAgain(ctx, tx, sess, r)
		}
		a, o, err := ownOccurrence(ctx, tx, sess.ClientID, in.AssignmentID, in.Date)
		if errors.Is(err, ErrNotOpen) && a != nil && a.Status == Stopped {
			return ErrStopped
		} else if err != nil {
			return err
		}
		if !o.Open(now) {
			return ErrNotOpen
		}
		answers, err := CheckAnswers(a.Definition.FieldsFor(o.Step), in.Answers)
		if err != nil {
			return err
		}
		r = &Response{ID: uuid.New(), AssignmentID: a.ID, OccurrenceDate: o.Date.UTC(), Step: o.Step,
			Answers: answers, SubmittedAt: now}
		if replayed, err = insertResponse(ctx, tx, sess, r, in.IdempotencyKey); err != nil {
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

// insertResponseSQL writes an answer unless its occurrence or key is taken; it returns the new id.
const insertResponseSQL = `INSERT INTO responses (practice_id, id, assignment_id, client_id,
		occurrence_date, step, answers, idempotency_key, submitted_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`

// insertResponse writes r unless the occurrence is already answered. A concurrent twin with
// the same key loses the race on the key's unique index and is told so by replay's caller.
func insertResponse(ctx context.Context, tx *db.Tx, sess *homework.Session, r *Response, key uuid.UUID) (replayed bool, err error) {
	var id uuid.NullUUID
	err = tx.Gorm.Raw(insertResponseSQL,
		sess.PracticeID, r.ID, r.AssignmentID, sess.ClientID, r.OccurrenceDate, r.Step, db.JSON(r.Answers), key,
		r.SubmittedAt).Row().Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil // nothing inserted: a conflict
	}
	if err != nil || id.Valid {
		return false, err
	}
	prev, err := replay(ctx, tx, sess.ClientID, key)
	if err != nil {
		return false, err
	}
	if prev != nil {
		*r = *prev
		return true, nil
	}
	return false, ErrAlreadyAnswered
}

func replay(ctx context.Context, tx *db.Tx, clientID, key uuid.UUID) (*Response, error) {
	var rs []Response
	err := tx.Gorm.Table("responses").Where("client_id = ? AND idempotency_key = ?", clientID, key).
		Limit(1).Find(&rs).Error
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	return &rs[0], nil
}

// ownOccurrence finds the occurrence on date of one of the client's own assignments. Another
// client's assignment is ErrNotFound, exactly like one that does not exist; a date with no
// occurrence (paused, stopped, not in the cadence) is ErrNotOpen, with the assignment.
func ownOccurrence(ctx context.Context, tx *db.Tx, clientID, assignmentID uuid.UUID, date cadence.Date) (*Assignment, cadence.Occurrence, error) {
	a, err := loadAssignment(ctx, tx, assignmentID)
	if err != nil {
		return nil, cadence.Occurrence{}, err
	}
	if a.ClientID != clientID {
		return nil, cadence.Occurrence{}, ErrNotFound
	}
	zones, err := ZonesOf(ctx, tx, []uuid.UUID{clientID})
	if err != nil {
		return nil, cadence.Occurrence{}, err
	}
	o, ok := a.Plan(zones[clientID]).On(date)
	if !ok {
		return a, o, ErrNotOpen
	}
	return a, o, nil
}

func clientAssignments(ctx context.Context, tx *db.Tx, clientID uuid.UUID) ([]Assignment, []cadence.Zone, error) {
	var as []Assignment
	if err := tx.Gorm.Where("client_id = ? AND status <> ?", clientID, Stopped).
		Order("created_at, id").Find(&as).Error; err != nil {
		return nil, nil, err
	}
	zones, err := ZonesOf(ctx, tx, []uuid.UUID{clientID})
	return as, zones[clientID], err
}

// clientHistorySQL reads a client's latest 200 answers with what they answered.
const clientHistorySQL = `SELECT r.id, r.assignment_id, a.title, a.definition, r.occurrence_date,
		r.step, r.answers, r.submitted_at
	FROM responses r JOIN assignments a ON a.practice_id = r.practice_id AND a.id = r.assignment_id
	WHERE r.client_id = ? ORDER BY r.submitted_at DESC LIMIT 200`

// History returns the client's own answers, newest first; the caller checks the PIN.
func (s *Service) History(ctx context.Context, sess *homework.Session) ([]PastResponse, error) {
	if !sess.PINVerified {
		return nil, homework.ErrPINRequired
	}
	var out []PastResponse
	err := s.db.InTenant(ctx, sess.Scope(), func(tx *db.Tx) error {
		return tx.Gorm.Raw(clientHistorySQL, sess.ClientID).Scan(&out).Error
	})
	return out, err
}

// PastResponse is an answer with what it answered.
type PastResponse struct {
	ID             uuid.UUID
	AssignmentID   uuid.UUID
	Title          string
	Definition     Definition `gorm:"serializer:json"`
	OccurrenceDate time.Time
	Step           int
	Answers        map[string]any `gorm:"serializer:json"`
	SubmittedAt    time.Time
}

// score records a measure's score, and any risk alert with its job, beside the answer. It
// reports whether the answer set off a risk item.
func score(ctx context.Context, tx *db.Tx, sess *homework.Session, a *Assignment, r *Response) (risky bool, err error) {
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
func withCrisis(ctx context.Context, tx *db.Tx, sess *homework.Session, r *Response) error {
	s, err := crisis.Load(ctx, tx, sess.PracticeID)
	r.Crisis = &s
	return err
}

// responseAlertedSQL says whether an answer set off a risk alert.
const responseAlertedSQL = `SELECT EXISTS (SELECT 1 FROM risk_alerts WHERE client_id = ? AND response_id = ?)`

// crisisAgain gives a replayed receipt the crisis support the first one carried: the client
// may never have received the first answer. The risk alert written with the answer says
// whether it set off a risk item.
func crisisAgain(ctx context.Context, tx *db.Tx, sess *homework.Session, r *Response) error {
	var risky bool
	if err := tx.Gorm.Raw(responseAlertedSQL, sess.ClientID, r.ID).Row().Scan(&risky); err != nil || !risky {
		return err
	}
	return withCrisis(ctx, tx, sess, r)
}
