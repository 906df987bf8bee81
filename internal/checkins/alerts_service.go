package checkins

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/validate"
)

// Alert is a risk alert as staff see it.
type Alert struct {
	ID             uuid.UUID
	ClientID       uuid.UUID
	ClientName     string
	Instrument     string
	Item           string
	Reason         string
	Status         string
	CreatedAt      time.Time
	AcknowledgedAt *time.Time
	ResolvedAt     *time.Time
	Note           string
	// The answer that raised it, for staff only (never in the email): nil when the response
	// is gone.
	Answer *AlertAnswer `gorm:"-"`

	// Read with the alert to make Answer.
	ResponseID     *uuid.UUID
	AssignmentID   *uuid.UUID
	OccurrenceDate *time.Time
	Given          *string
	NoteSealed     []byte
	AnswersSealed  []byte
}

// AlertAnswer is the item an alert was raised by and the answer given to it: the question as
// the client read it, the choice's label and value ("Several days", 1) or a scale's value.
type AlertAnswer struct {
	Question     string
	Label        string
	Value        int
	ResponseID   uuid.UUID
	AssignmentID uuid.UUID
	Date         time.Time // the occurrence the response answered
}

// The statements on risk alerts. alertColumns and alertFrom read alerts with their client's
// name and the answer's item.
const (
	alertColumns = `a.id, a.client_id, c.name AS client_name, a.instrument, a.item, a.reason, a.status, a.created_at,
		a.acknowledged_at, a.resolved_at, a.note, a.note_sealed, r.id AS response_id, r.assignment_id,
		r.occurrence_date, r.answers ->> a.item AS given, r.answers_sealed`
	alertFrom = `risk_alerts a JOIN clients c ON c.practice_id = a.practice_id AND c.id = a.client_id
		LEFT JOIN responses r ON r.practice_id = a.practice_id AND r.id = a.response_id`

	// listAlertsSQL reads up to 200 alerts, open and acknowledged ones first, that the filter
	// slot (the caller's visibility, a client) lets through.
	listAlertsSQL = `SELECT ` + alertColumns + ` FROM ` + alertFrom + `
		WHERE ? ORDER BY a.status = 'resolved', a.created_at DESC LIMIT 200`
	// alertSQL reads one alert.
	alertSQL = `SELECT ` + alertColumns + ` FROM ` + alertFrom + ` WHERE a.id = ?`
	// alertClientSQL reads the client an alert is about.
	alertClientSQL = `SELECT client_id FROM risk_alerts WHERE id = ?`
	// acknowledgeAlertSQL marks an open alert seen, with who saw it and their note.
	acknowledgeAlertSQL = `UPDATE risk_alerts SET status = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?, note = '', note_sealed = ?
		 WHERE id = ? AND status = 'open'`
	// resolveAlertSQL closes an alert not yet resolved, with who closed it and their note.
	resolveAlertSQL = `UPDATE risk_alerts SET status = 'resolved', resolved_at = ?, resolved_by = ?, note = '', note_sealed = ?
		 WHERE id = ? AND status <> 'resolved'`
)

// withAnswers opens each alert's note and the answer that raised it, and fills its Answer
// from its instrument.
func withAnswers(tx *db.Tx, as []Alert) error {
	for i := range as {
		if err := openAlert(tx, &as[i]); err != nil {
			return err
		}
		as[i].Answer = answerOf(&as[i])
	}
	return nil
}

func answerOf(a *Alert) *AlertAnswer {
	in, ok := InstrumentByKey(a.Instrument)
	if !ok || a.ResponseID == nil || a.AssignmentID == nil || a.OccurrenceDate == nil || a.Given == nil {
		return nil
	}
	out := &AlertAnswer{ResponseID: *a.ResponseID, AssignmentID: *a.AssignmentID, Date: *a.OccurrenceDate}
	for _, it := range in.Items {
		if it.Key == a.Item {
			out.Question = it.Text
		}
	}
	if in.Scale != nil {
		v, err := strconv.Atoi(*a.Given)
		if err != nil {
			return nil
		}
		out.Value, out.Label = v, fmt.Sprintf("%d of 10", v)
		return out
	}
	for _, c := range in.Choices {
		if c.Key == *a.Given {
			out.Value, out.Label = c.Value, c.Label
			return out
		}
	}
	return nil
}

// ErrAlertState answers an acknowledgement of a resolved alert, or a second resolution.
var ErrAlertState = errors.New("checkins: alert is not in a state for that")

// Alerts lists the alerts of the clients the caller may see: open and acknowledged ones
// first, then the 50 latest resolved.
func (s *Service) Alerts(ctx context.Context, caller auth.Caller, clientID uuid.UUID) ([]Alert, error) {
	var out []Alert
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		conds := []clause.Expr{clients.VisibleIDs(caller, "c.id")}
		if clientID != uuid.Nil {
			conds = append(conds, gorm.Expr("a.client_id = ?", clientID))
		}
		if err := tx.Gorm.Raw(listAlertsSQL, db.And(conds...)).Scan(&out).Error; err != nil {
			return err
		}
		return withAnswers(tx, out)
	})
	return out, err
}

// Acknowledge says a clinician has seen the alert; Resolve closes it with a note. Both leave
// audit rows; an alert of a client the caller cannot see answers clients.ErrNotFound.
func (s *Service) Acknowledge(ctx context.Context, caller auth.Caller, id uuid.UUID, note string) (*Alert, error) {
	return s.moveAlert(ctx, caller, id, note, "alert.acknowledge", acknowledgeAlertSQL)
}

// Resolve closes an open or acknowledged alert; the note is required.
func (s *Service) Resolve(ctx context.Context, caller auth.Caller, id uuid.UUID, note string) (*Alert, error) {
	if strings.TrimSpace(note) == "" {
		return nil, validate.Errors{"note": "is required: say what was done"}
	}
	return s.moveAlert(ctx, caller, id, note, "alert.resolve", resolveAlertSQL)
}

func (s *Service) moveAlert(ctx context.Context, caller auth.Caller, id uuid.UUID, note, action, update string) (*Alert, error) {
	note = strings.TrimSpace(note)
	v := validate.Errors{}
	v.Length("note", note, 0, 2000)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *Alert
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		var clientID uuid.UUID
		err := tx.Gorm.Raw(alertClientSQL, id).Row().Scan(&clientID)
		if err != nil {
			return clients.ErrNotFound
		}
		if _, err := clients.Visible(ctx, tx, caller, clientID); err != nil {
			return err
		}
		sealed, err := sealNote(tx, id, note)
		if err != nil {
			return err
		}
		res := tx.Gorm.Exec(update, s.now(), caller.UserID, sealed, id)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrAlertState
		}
		if err := audit.Record(ctx, tx, caller.PracticeID, audit.ActorOf(caller.UserID, caller.IP, caller.UserAgent),
			audit.Event{Action: action, SubjectType: "alert", SubjectID: id.String(), ClientID: clientID}); err != nil {
			return err
		}
		var a []Alert
		if err := tx.Gorm.Raw(alertSQL, id).Scan(&a).Error; err != nil || len(a) == 0 {
			return cmp.Or(err, gorm.ErrRecordNotFound)
		}
		out = &a[0]
		return withAnswers(tx, a)
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		err = clients.ErrNotFound
	}
	return out, s.clients.Denied(ctx, caller, "alert", id, err)
}
