package checkins

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
)

// Scored is a measure's answer, scored, ready to store beside the response.
type Scored struct {
	PracticeID   uuid.UUID
	ResponseID   uuid.UUID
	ClientID     uuid.UUID
	AssignmentID uuid.UUID
	Instrument   *Instrument
	Result       Result
	At           time.Time
}

const (
	// insertScoreSQL stores a measure's score beside its response.
	insertScoreSQL = `INSERT INTO scores (practice_id, response_id, client_id, assignment_id, instrument, total, band,
		items, scored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	// insertAlertSQL opens a risk alert for one item of a response.
	insertAlertSQL = `INSERT INTO risk_alerts (practice_id, id, client_id, response_id, instrument, item, reason, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
)

// Record stores the score and, for every risk item the answer set off, an open alert and
// the job that tells the clinicians, all in the caller's transaction: if the answer rolls
// back, so do they.
func Record(ctx context.Context, tx *db.Tx, s Scored) error {
	if err := tx.Gorm.Exec(insertScoreSQL, s.PracticeID, s.ResponseID, s.ClientID, s.AssignmentID,
		s.Instrument.Key, s.Result.Total, s.Result.Band, db.JSON(s.Result.Items), s.At).Error; err != nil {
		return err
	}
	for _, rk := range s.Result.Risks {
		id := uuid.New()
		if err := tx.Gorm.Exec(insertAlertSQL, s.PracticeID, id, s.ClientID, s.ResponseID, s.Instrument.Key, rk.Item,
			rk.Reason, s.At).Error; err != nil {
			return err
		}
		if err := tx.InsertJob(ctx, AlertArgs{PracticeID: s.PracticeID, AlertID: id}, nil); err != nil {
			return err
		}
	}
	return nil
}

// QueueScore queues a score without risk items on a pipelined transaction (homework's answer
// path); an answer that sets off a risk item takes Record's path, with its alert and job.
func QueueScore(p *db.Pipe, s Scored) error {
	if len(s.Result.Risks) > 0 {
		return errors.New("checkins: a score with risk items is recorded with its alerts (Record)")
	}
	p.Queue(`INSERT INTO scores (practice_id, response_id, client_id, assignment_id, instrument, total, band,
		items, scored_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, s.PracticeID, s.ResponseID, s.ClientID,
		s.AssignmentID, s.Instrument.Key, s.Result.Total, s.Result.Band, db.JSON(s.Result.Items), s.At)
	return nil
}

// AlertArgs is the job that tells a client's clinicians about a risk answer.
type AlertArgs struct {
	PracticeID uuid.UUID `json:"practice_id"`
	AlertID    uuid.UUID `json:"alert_id"`
}

// Kind names the job in River's table.
func (AlertArgs) Kind() string { return "risk_alert" }

// InsertOpts: urgent, retried for a day, once per alert.
func (AlertArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 25, Priority: 1, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// responseAlertedSQL says whether an answer set off a risk alert.
const responseAlertedSQL = `SELECT EXISTS (SELECT 1 FROM risk_alerts WHERE client_id = ? AND response_id = ?)`

// Alerted reports whether the client's answer set off a risk alert.
func Alerted(ctx context.Context, tx *db.Tx, clientID, responseID uuid.UUID) (bool, error) {
	var risky bool
	err := tx.Gorm.Raw(responseAlertedSQL, clientID, responseID).Row().Scan(&risky)
	return risky, err
}

// alertClientsSQL reads the clients of some alerts.
const alertClientsSQL = `SELECT id, client_id FROM risk_alerts WHERE id IN ?`

// AlertNames reads "Alert for client" of the practice's risk alerts among ids, by id (a
// module.Namer: the audit trail names alerts with it).
func AlertNames(ctx context.Context, tx *db.Tx, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	var found []struct{ ID, ClientID uuid.UUID }
	if err := tx.Gorm.Raw(alertClientsSQL, ids).Scan(&found).Error; err != nil {
		return nil, err
	}
	owners := map[uuid.UUID]uuid.UUID{}
	for _, f := range found {
		owners[f.ID] = f.ClientID
	}
	return clients.Labels(ctx, tx, owners, func(_ uuid.UUID, client string) string { return "Alert for " + client })
}
