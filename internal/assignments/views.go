package assignments

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
)

// The clinician's window on an assignment: four weeks back, one week ahead.
const (
	viewBack  = 28 * 24 * time.Hour
	viewAhead = 7 * 24 * time.Hour
)

// AssignmentView is an assignment as the clinician sees it, with its occurrences and answers.
type AssignmentView struct {
	Assignment
	ClientName  string
	Occurrences []OccurrenceView
}

// OccurrenceView is one occurrence with its status and the answer, if any.
type OccurrenceView struct {
	cadence.Occurrence
	Status   cadence.Status
	Response *Response
}

// GetAssignment returns one assignment and leaves an assignment.read row.
func (s *Service) GetAssignment(ctx context.Context, caller auth.Caller, id uuid.UUID) (*AssignmentView, error) {
	var out *AssignmentView
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		a, err := s.visibleAssignment(ctx, tx, caller, id)
		if err != nil {
			return err
		}
		if err := recordRead(ctx, tx, caller, a.ClientID, "assignment", id.String()); err != nil {
			return err
		}
		vs, err := views(ctx, tx, []uuid.UUID{id}, s.now())
		if err == nil {
			out = &vs[0]
		}
		return err
	})
	return out, s.clients.Denied(ctx, caller, "assignment", id, err)
}

// ClientAssignments returns every assignment of a client, newest first.
func (s *Service) ClientAssignments(ctx context.Context, caller auth.Caller, clientID uuid.UUID) ([]AssignmentView, error) {
	var out []AssignmentView
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if _, err := clients.Visible(ctx, tx, caller, clientID); err != nil {
			return err
		}
		if err := recordRead(ctx, tx, caller, clientID, "client", clientID.String()); err != nil {
			return err
		}
		ids, err := assignmentIDs(ctx, tx, "client_id = ?", clientID)
		if err != nil {
			return err
		}
		out, err = views(ctx, tx, ids, s.now())
		return err
	})
	return out, s.clients.Denied(ctx, caller, "client", clientID, err)
}

// PartnerAssignments is one partner's share of a couple's homework.
type PartnerAssignments struct {
	clients.PartnerDetail
	Assignments []AssignmentView
}

// CoupleAssignments returns both partners' assignments made for the couple, side by side.
func (s *Service) CoupleAssignments(ctx context.Context, caller auth.Caller, coupleID uuid.UUID) ([]PartnerAssignments, error) {
	var out []PartnerAssignments
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		k, err := clients.VisibleCouple(ctx, tx, caller, coupleID)
		if err != nil {
			return err
		}
		for _, p := range k.Partners {
			if err := recordRead(ctx, tx, caller, p.ClientID, "couple", coupleID.String()); err != nil {
				return err
			}
			ids, err := assignmentIDs(ctx, tx, "client_id = ? AND couple_id = ?", p.ClientID, coupleID)
			if err != nil {
				return err
			}
			vs, err := views(ctx, tx, ids, s.now())
			if err != nil {
				return err
			}
			out = append(out, PartnerAssignments{PartnerDetail: p, Assignments: vs})
		}
		return nil
	})
	return out, s.clients.Denied(ctx, caller, "couple", coupleID, err)
}

func recordRead(ctx context.Context, tx *db.Tx, caller auth.Caller, clientID uuid.UUID, subject, subjectID string) error {
	return audit.Record(ctx, tx, caller.PracticeID, actorOf(caller), audit.Event{Action: "assignment.read",
		SubjectType: subject, SubjectID: subjectID, ClientID: clientID})
}

func assignmentIDs(ctx context.Context, tx *db.Tx, where string, args ...any) ([]uuid.UUID, error) {
	var ids []uuid.UUID
	err := tx.Gorm.Model(&Assignment{}).Where(where, args...).
		Order("created_at DESC, id").Limit(200).Pluck("id", &ids).Error
	return ids, err
}

// views loads assignments with their client's name, occurrences in the clinician's window
// and the answers to them, in the order of ids.
func views(ctx context.Context, tx *db.Tx, ids []uuid.UUID, now time.Time) ([]AssignmentView, error) {
	return Window(ctx, tx, ids, now, now.Add(-viewBack), now.Add(viewAhead))
}

// ClientWindow is Window for every assignment of a client, newest first: what progress views
// are computed from. The caller has checked that the client may be seen. It reads when each
// occurrence was answered and not the answers, which none of those views shows: no answer is
// opened that nobody reads, and the summary's refresh of every client stays cheap.
func ClientWindow(ctx context.Context, tx *db.Tx, clientID uuid.UUID, now, from, to time.Time) ([]AssignmentView, error) {
	ids, err := assignmentIDs(ctx, tx, "client_id = ?", clientID)
	if err != nil {
		return nil, err
	}
	return window(ctx, tx, ids, now, from, to, submissionsOf)
}

// Window loads assignments with their client's name, the occurrences due in [from, to) with
// their status at now, and the answers to them, in the order of ids.
func Window(ctx context.Context, tx *db.Tx, ids []uuid.UUID, now, from, to time.Time) ([]AssignmentView, error) {
	return window(ctx, tx, ids, now, from, to, responsesIn)
}

// responses reads the responses to some assignments by occurrence.
// A window's reader may leave out answers to occurrences outside [from, to).
type responses func(ctx context.Context, tx *db.Tx, assignmentIDs []uuid.UUID, from, to time.Time) (map[AnswerKey]*Response, error)

func window(ctx context.Context, tx *db.Tx, ids []uuid.UUID, now, from, to time.Time, read responses) ([]AssignmentView, error) {
	if len(ids) == 0 {
		return []AssignmentView{}, nil
	}
	as, err := findKept(tx, ids)
	if err != nil {
		return nil, err
	}
	byID := map[uuid.UUID]*Assignment{}
	var clientIDs []uuid.UUID
	for i := range as {
		byID[as[i].ID] = &as[i]
		clientIDs = append(clientIDs, as[i].ClientID)
	}
	zones, err := clients.ZonesOf(ctx, tx, clientIDs)
	if err != nil {
		return nil, err
	}
	names, err := clients.Names(ctx, tx, clientIDs)
	if err != nil {
		return nil, err
	}
	answers, err := read(ctx, tx, ids, from, to)
	if err != nil {
		return nil, err
	}
	out := make([]AssignmentView, 0, len(ids))
	for _, id := range ids {
		a := byID[id]
		v := AssignmentView{Assignment: *a, ClientName: names[a.ClientID]}
		for _, o := range a.Plan(zones[a.ClientID]).Between(from, to) {
			r := answers[AnswerKey{id, o.Date}]
			var at *time.Time
			if r != nil {
				at = &r.SubmittedAt
			}
			v.Occurrences = append(v.Occurrences, OccurrenceView{Occurrence: o, Status: o.StatusOf(at, now), Response: r})
		}
		out = append(out, v)
	}
	return out, nil
}
