package homework

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/progress"
)

// submitPiped takes an ordinary answer in two round trips, one transaction: the client's
// session is checked (links.Claim) and the assignment and the client's time zones are read
// together, then the answer, its score and its audit row are written together with COMMIT
// (db.Pipe), with the session's last use when a minute old and the answer's own change to its
// client's summary (progress.OwnAnswer, QueueAnswered). It covers the answer nearly every request
// is: a first answer to an open occurrence, without a risk item. Anything else it leaves to
// Submit's transaction, which has the same effect and says why it refuses, by answering
// done false having written nothing: an answer it would refuse (that path looks for a replay
// first), a replay or a taken occurrence (the insert fails and the transaction with it), a
// risk item (its alert, job and crisis support), or a practice whose data key this process
// has not read yet.
func (s *Service) submitPiped(ctx context.Context, claim *links.Claim, in Submission, now time.Time,
	ip, ua string) (r *assignments.Response, done bool, err error) {
	p, err := s.db.Pipe(ctx, claim.Scope())
	if err != nil {
		return nil, true, err
	}
	defer p.Close()
	id := uuid.New()
	check := claim.QueueCheck(p, now) // first: a session that is not live fails the flush
	progress.OwnAnswer(p)
	var a *assignments.Assignment
	var zones []cadence.Zone
	assignments.QueueLoad(p, in.AssignmentID, &a)
	clients.QueueZones(p, claim.ClientID(), &zones)
	if err := p.Flush(ctx); err != nil {
		return nil, true, err
	}
	if !check.Passed() {
		return nil, true, links.ErrNoSession // cannot be: the flush fails a session that is not live
	}
	clientID := claim.ClientID()
	if a == nil || a.ClientID != clientID || a.Status == assignments.Stopped {
		return nil, false, nil
	}
	o, ok := a.Plan(zones).On(in.Date)
	if !ok || !o.Open(now) {
		return nil, false, nil
	}
	answers, err := library.CheckAnswers(a.Definition.FieldsFor(o.Step), in.Answers)
	if err != nil {
		return nil, false, nil
	}
	r = &assignments.Response{ID: id, AssignmentID: a.ID, OccurrenceDate: o.Date.UTC(), Step: o.Step,
		Answers: answers, SubmittedAt: now}
	if err := assignments.QueueInsertResponse(p, clientID, r, in.IdempotencyKey); errors.Is(err, db.ErrKeyNotKept) {
		return nil, false, nil
	} else if err != nil {
		return nil, true, err
	}
	if measure, ok := checkins.InstrumentByKey(a.Definition.Measure); ok {
		res, err := measure.Score(r.Answers)
		if err != nil || len(res.Risks) > 0 {
			return nil, false, nil
		}
		if err := checkins.QueueScore(p, checkins.Scored{PracticeID: p.PracticeID(), ResponseID: r.ID,
			ClientID: clientID, AssignmentID: a.ID, Instrument: measure, Result: res, At: now}); err != nil {
			return nil, true, err
		}
	}
	if err := audit.Queue(p, claim.Actor(ip, ua), audit.Event{Action: "response.create", SubjectType: "assignment",
		SubjectID: a.ID.String(), ClientID: clientID, Detail: map[string]any{"date": o.Date.String()}}); err != nil {
		return nil, true, err
	}
	progress.QueueAnswered(p, a, o, now)
	check.QueueTouch(p)
	var pg *pgconn.PgError
	if err := p.Commit(ctx); errors.As(err, &pg) && pg.Code == "23505" { // unique: a replay or a taken occurrence
		return nil, false, nil
	} else if err != nil {
		return nil, true, err
	}
	s.piped.Add(1)
	return r, true, nil
}
