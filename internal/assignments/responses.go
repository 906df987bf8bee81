package assignments

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/crisis"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/library"
)

// The answers to assignments: responses are stored beside the assignments they answer, and
// read through these functions by the client's homework flow and the staff's views.

// Response is a stored answer.
type Response struct {
	ID             uuid.UUID
	AssignmentID   uuid.UUID
	OccurrenceDate time.Time
	Step           int
	Answers        map[string]any `gorm:"serializer:json"`
	AnswersSealed  []byte         // what is stored: Answers sealed (sealed.go)
	SubmittedAt    time.Time
	// Crisis is set on a receipt whose answer set off a risk item; it is never stored.
	Crisis *crisis.Support `gorm:"-"`
}

// insertResponseSQL writes an answer unless its occurrence or key is taken; it returns the new id.
const insertResponseSQL = `INSERT INTO responses (practice_id, id, assignment_id, client_id,
		occurrence_date, step, answers_sealed, idempotency_key, submitted_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`

// InsertResponse writes r for the client unless its occurrence or its idempotency key is
// already taken, and reports whether it wrote.
func InsertResponse(ctx context.Context, tx *db.Tx, practiceID, clientID uuid.UUID, r *Response, key uuid.UUID) (inserted bool, err error) {
	sealed, err := sealAnswers(tx, r.ID, r.Answers)
	if err != nil {
		return false, err
	}
	var id uuid.NullUUID
	err = tx.Gorm.Raw(insertResponseSQL,
		practiceID, r.ID, r.AssignmentID, clientID, r.OccurrenceDate, r.Step, sealed, key,
		r.SubmittedAt).Row().Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil // nothing inserted: a conflict
	}
	return id.Valid, err
}

// ByKey returns the client's answer sent with an idempotency key, or nil.
func ByKey(ctx context.Context, tx *db.Tx, clientID, key uuid.UUID) (*Response, error) {
	var rs []Response
	err := tx.Gorm.Table("responses").Where("client_id = ? AND idempotency_key = ?", clientID, key).
		Limit(1).Find(&rs).Error
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	return &rs[0], openResponse(tx, &rs[0])
}

// AnswerKey is one occurrence of an assignment.
type AnswerKey struct {
	Assignment uuid.UUID
	Date       cadence.Date
}

// ResponsesOf reads the answers to some assignments by occurrence.
func ResponsesOf(ctx context.Context, tx *db.Tx, assignmentIDs []uuid.UUID) (map[AnswerKey]*Response, error) {
	return openedResponses(tx, tx.Gorm.Table("responses").Where("assignment_id IN ?", assignmentIDs))
}

// responsesIn reads the answers to the occurrences of some assignments due in [from, to)
// (Window), and opens only those.
func responsesIn(ctx context.Context, tx *db.Tx, assignmentIDs []uuid.UUID, from, to time.Time) (map[AnswerKey]*Response, error) {
	return openedResponses(tx, inWindow(tx.Gorm.Table("responses"), assignmentIDs, from, to))
}

func openedResponses(tx *db.Tx, q *gorm.DB) (map[AnswerKey]*Response, error) {
	var rs []Response
	if err := q.Find(&rs).Error; err != nil {
		return nil, err
	}
	for i := range rs {
		if err := openResponse(tx, &rs[i]); err != nil {
			return nil, err
		}
	}
	return byOccurrence(rs), nil
}

// inWindow narrows a read of responses to some assignments' occurrences due in [from, to),
// by the local dates those can fall on (the unique key on practice, assignment and date serves it).
func inWindow(q *gorm.DB, assignmentIDs []uuid.UUID, from, to time.Time) *gorm.DB {
	lo, hi := cadence.DatesAround(from, to)
	return q.Where("assignment_id IN ? AND occurrence_date BETWEEN ? AND ?", assignmentIDs, lo.String(), hi.String())
}

// submissionsOf reads when the occurrences of some assignments due in [from, to) were
// answered, without their answers (ClientWindow).
func submissionsOf(ctx context.Context, tx *db.Tx, assignmentIDs []uuid.UUID, from, to time.Time) (map[AnswerKey]*Response, error) {
	var rs []Response
	q := tx.Gorm.Table("responses").Select("id, assignment_id, occurrence_date, step, submitted_at")
	if err := inWindow(q, assignmentIDs, from, to).Find(&rs).Error; err != nil {
		return nil, err
	}
	return byOccurrence(rs), nil
}

func byOccurrence(rs []Response) map[AnswerKey]*Response {
	out := make(map[AnswerKey]*Response, len(rs))
	for i := range rs {
		out[AnswerKey{rs[i].AssignmentID, cadence.DateOf(rs[i].OccurrenceDate, time.UTC)}] = &rs[i]
	}
	return out
}

// Marked is an assignment with its answerMark, read by the same statement: what an answer
// needs to go in one round trip (QueueUnchanged).
type Marked struct {
	Assignment
	AnswerMark string
}

// OfClient reads a client's assignments that are not stopped, oldest first, each with its
// mark, and the client's time zones with theirs (clients.ZonesMarked).
func OfClient(ctx context.Context, tx *db.Tx, clientID uuid.UUID) ([]Marked, []cadence.Zone, string, error) {
	var as []Marked
	if err := tx.Gorm.Model(&Assignment{}).Select("*, "+answerMark+" AS answer_mark").
		Where("client_id = ? AND status <> ?", clientID, Stopped).Order("created_at, id").Find(&as).Error; err != nil {
		return nil, nil, "", err
	}
	zones, mark, err := clients.ZonesMarked(ctx, tx, clientID)
	return as, zones, mark, err
}

// clientHistorySQL reads a client's latest 200 answers with what they answered.
const clientHistorySQL = `SELECT r.id, r.assignment_id, a.title, a.definition, r.occurrence_date,
		r.step, r.answers, r.answers_sealed, r.submitted_at
	FROM responses r JOIN assignments a ON a.practice_id = r.practice_id AND a.id = r.assignment_id
	WHERE r.client_id = ? ORDER BY r.submitted_at DESC LIMIT 200`

// History reads the client's own latest answers, newest first.
func History(ctx context.Context, tx *db.Tx, clientID uuid.UUID) ([]PastResponse, error) {
	var out []PastResponse
	if err := tx.Gorm.Raw(clientHistorySQL, clientID).Scan(&out).Error; err != nil {
		return nil, err
	}
	for i := range out {
		r := &out[i]
		var err error
		if r.Answers, err = OpenAnswers(tx, r.ID, r.Answers, r.AnswersSealed); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// PastResponse is an answer with what it answered.
type PastResponse struct {
	ID             uuid.UUID
	AssignmentID   uuid.UUID
	Title          string
	Definition     library.Definition `gorm:"serializer:json"`
	OccurrenceDate time.Time
	Step           int
	Answers        map[string]any `gorm:"serializer:json"`
	AnswersSealed  []byte         `json:"-"`
	SubmittedAt    time.Time
}
