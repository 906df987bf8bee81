package assignments

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/db"
)

// The answer's pipelined path (homework.Submit): the same reads and writes as Load and
// InsertResponse, queued on a db.Pipe so that they go out with the other domains' in one round
// trip each.

// loadToAnswerSQL reads what answering an assignment needs, with its client's time-zone
// history (oldest first, a row per zone) in the same statement; %s is the definition column
// when it is not kept, else nothing. It names the pipe's practice ($2) as well as row-level
// security does: Citus routes a statement to one node only by a value it can read, and the
// join on practice_id keeps both tables' rows on that node.
const loadToAnswerSQL = `SELECT a.id, a.client_id, a.kind, a.start_date, a.end_date, a.weekday_mask, a.every_weeks,
		a.days, a.at_time, a.status, a.pauses, a.paused_at, a.stopped_at, %s, z.effective_from, z.time_zone
	FROM assignments a
	LEFT JOIN client_time_zones z ON z.practice_id = a.practice_id AND z.client_id = a.client_id
	WHERE a.practice_id = $2 AND a.id = $1
	ORDER BY z.effective_from`

// The two texts of loadToAnswerSQL, made once.
var (
	loadWithDefinitionSQL = fmt.Sprintf(loadToAnswerSQL, "a.definition")
	loadKeptDefinitionSQL = fmt.Sprintf(loadToAnswerSQL, "NULL::jsonb")
)

// QueueLoad queues Load on p with the assignment's client's time zones: once p is flushed,
// *out is the assignment (nil when the practice has none of that id), with its definition kept
// or read, and *zones its client's time-zone history.
func QueueLoad(p *db.Pipe, id uuid.UUID, out **Assignment, zones *[]cadence.Zone) {
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
			var from *time.Time
			var zone *string
			if err := rows.Scan(&a.ID, &a.ClientID, &a.Kind, &start, &a.EndDate, &a.WeekdayMask, &a.EveryWeeks,
				&a.Days, &a.AtTime, &a.Status, &pauses, &a.PausedAt, &a.StoppedAt, &rawDef, &from, &zone); err != nil {
				return err
			}
			if err := addZone(zones, from, zone); err != nil {
				return err
			}
			if *out != nil {
				continue // the same assignment, beside its client's next zone
			}
			a.StartDate = start
			if len(pauses) > 0 {
				if err := json.Unmarshal(pauses, &a.Pauses); err != nil {
					return err
				}
			}
			if kept {
				a.Definition = *def
			} else {
				if err := json.Unmarshal(rawDef, &a.Definition); err != nil {
					return err
				}
				definitions.put(a.PracticeID, a.ID, &a.Definition)
			}
			*out = a
		}
		return rows.Err()
	})
}

// addZone appends a zone read beside an assignment, if the row had one.
func addZone(zones *[]cadence.Zone, from *time.Time, name *string) error {
	if from == nil || name == nil {
		return nil
	}
	loc, err := cadence.Location(*name)
	if err != nil {
		return err // only names that load are ever stored
	}
	*zones = append(*zones, cadence.Zone{From: *from, Loc: loc})
	return nil
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
