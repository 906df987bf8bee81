package assignments

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/db"
)

// The answer's pipelined path (homework.Submit): the same reads and writes as Load and
// InsertResponse, queued on a db.Pipe so that they go out with the other domains' in one round
// trip each.

// loadToAnswerSQL reads what answering an assignment needs; %s is the definition column when
// it is not kept, else nothing. It names the pipe's practice ($2) as well as row-level security
// does: Citus routes a statement to one node only by a value it can read.
const loadToAnswerSQL = `SELECT id, client_id, kind, start_date, end_date, weekday_mask, every_weeks, days, at_time,
		status, pauses, paused_at, stopped_at, ` + answerMark + `, %s FROM assignments WHERE practice_id = $2 AND id = $1`

// answerMark is the text of everything loadToAnswerSQL reads that can change (the definition
// never does): equal marks mean an answer would find the row as it was (QueueUnchanged). Every
// text is made by PostgreSQL with the same settings, so a mark read once compares with one
// made later; a setting that differed could only make them differ, never make them alike.
const answerMark = `row(client_id, kind, start_date, end_date, weekday_mask, every_weeks, days, at_time, status,
		pauses, paused_at, stopped_at)::text`

// The two texts of loadToAnswerSQL, made once.
var (
	loadWithDefinitionSQL = fmt.Sprintf(loadToAnswerSQL, "definition")
	loadKeptDefinitionSQL = fmt.Sprintf(loadToAnswerSQL, "NULL::jsonb")
)

// QueueLoad queues Load on p: once p is flushed, *out is the assignment (nil when the practice
// has none of that id), with its definition kept or read, and *mark its answerMark.
func QueueLoad(p *db.Pipe, id uuid.UUID, out **Assignment, mark *string) {
	def, kept := definitions.get(p.PracticeID(), id)
	sql := loadWithDefinitionSQL
	if kept {
		sql = loadKeptDefinitionSQL
	}
	p.Queue(sql, id, p.PracticeID()).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			a := &Assignment{PracticeID: p.PracticeID()}
			var pauses, rawDef []byte
			var start time.Time
			if err := rows.Scan(&a.ID, &a.ClientID, &a.Kind, &start, &a.EndDate, &a.WeekdayMask, &a.EveryWeeks,
				&a.Days, &a.AtTime, &a.Status, &pauses, &a.PausedAt, &a.StoppedAt, mark, &rawDef); err != nil {
				return err
			}
			a.StartDate = start
			if len(pauses) > 0 {
				if err := json.Unmarshal(pauses, &a.Pauses); err != nil {
					return err
				}
			}
			if !kept {
				parsed, err := definitions.parse(rawDef)
				if err != nil {
					return err
				}
				def = parsed
				definitions.put(a.PracticeID, a.ID, def)
			}
			a.Definition = *def
			*out = a
		}
		return rows.Err()
	})
}

// QueueUnchanged queues on p the condition that the assignment read by QueueLoad with mark has
// not changed since (db.Require). A lock taken by an answer's key (FOR KEY SHARE) is no change.
func QueueUnchanged(p *db.Pipe, id uuid.UUID, mark string) {
	p.Require(`SELECT 1 FROM assignments WHERE practice_id = $2 AND id = $1 AND `+answerMark+` = $3`,
		id, p.PracticeID(), mark)
}

// plainInsertResponseSQL is insertResponseSQL without ON CONFLICT: on the pipelined path a
// taken occurrence or key fails the transaction, and the caller answers by the ordinary path.
const plainInsertResponseSQL = `INSERT INTO responses (practice_id, id, assignment_id, client_id,
		occurrence_date, step, answers_sealed, idempotency_key, submitted_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`

// QueueInsertResponse queues r's insert on p, sealed with the practice's kept key
// (db.ErrKeyNotKept when there is none yet).
func QueueInsertResponse(p *db.Pipe, clientID uuid.UUID, r *Response, key uuid.UUID) error {
	raw, err := json.Marshal(r.Answers)
	if err != nil {
		return err
	}
	sealed, err := p.Seal(raw, checkins.AnswersPurpose(r.ID))
	if err != nil {
		return err
	}
	p.Queue(plainInsertResponseSQL, p.PracticeID(), r.ID, r.AssignmentID, clientID, r.OccurrenceDate, r.Step,
		sealed, key, r.SubmittedAt)
	return nil
}
