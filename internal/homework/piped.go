package homework

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/progress"
)

// submitPiped takes an ordinary answer in one transaction of two round trips: the client's
// session is checked (links.Claim) and the assignment and the client's time zones are read
// together, then the answer, its score and its audit row are written together with COMMIT
// (db.Pipe), with the session's last use when a minute old and the answer's own change to its
// client's summary (progress.OwnAnswer, QueueAnswered). What was read is kept, so that the next
// answer to the assignment goes in one round trip (submitKept). It covers the answer nearly
// every request is: a first answer to an open occurrence, without a risk item. Anything else
// it leaves to Submit's transaction, which has the same effect and says why it refuses, by
// answering done false having written nothing: an answer it would refuse (that path looks for
// a replay first), a replay or a taken occurrence (the insert fails and the transaction with
// it), a risk item (its alert, job and crisis support), or a practice whose data key this
// process has not read yet.
func (s *Service) submitPiped(ctx context.Context, claim *links.Claim, in Submission, now time.Time,
	ip, ua string) (r *assignments.Response, done bool, err error) {
	key := keptKey{practice: claim.Scope().PracticeID, assignment: in.AssignmentID}
	if k, ok := s.kept.get(key); ok && k.a.ClientID == claim.ClientID() {
		r, done, err := s.submitKept(ctx, claim, k, in, now, ip, ua)
		if !errors.Is(err, db.ErrUnmet) {
			return r, done, err
		}
		s.kept.forget(key) // changed since it was kept, or the session has ended: read again
	}
	p, err := s.db.Pipe(ctx, claim.Scope())
	if err != nil {
		return nil, true, err
	}
	defer p.Close()
	check := claim.QueueCheck(p, now) // first: a session that is not live fails the flush
	progress.OwnAnswer(p)
	k := &keptAnswer{}
	assignments.QueueLoad(p, in.AssignmentID, &k.a, &k.mark)
	clients.QueueZones(p, claim.ClientID(), &k.zones, &k.zonesMark)
	if err := p.Flush(ctx); err != nil {
		return nil, true, err
	}
	if !check.Passed() {
		return nil, true, links.ErrNoSession // cannot be: the flush fails a session that is not live
	}
	if k.a == nil || k.a.ClientID != claim.ClientID() {
		return nil, false, nil
	}
	s.kept.put(key, k)
	if r, done, err = s.queueAnswer(p, claim, k, in, now, ip, ua); r == nil {
		return r, done, err
	}
	check.QueueTouch(p)
	return s.commit(ctx, p, r)
}

// submitKept takes an answer to an assignment kept from an earlier answer in one round trip:
// the session's check and the conditions that the assignment and the client's zones are as
// they were kept, then the writes and COMMIT. The conditions run before any write, in the
// transaction that writes: one that fails ends it with db.ErrUnmet, nothing written, and the
// caller reads again. So the answer is judged on rows exactly as a fresh read would find them.
func (s *Service) submitKept(ctx context.Context, claim *links.Claim, k *keptAnswer, in Submission, now time.Time,
	ip, ua string) (r *assignments.Response, done bool, err error) {
	p, err := s.db.Pipe(ctx, claim.Scope())
	if err != nil {
		return nil, true, err
	}
	defer p.Close()
	progress.OwnAnswer(p)
	claim.QueueLive(p, now)
	assignments.QueueUnchanged(p, k.a.ID, k.mark)
	clients.QueueZonesUnchanged(p, k.a.ClientID, k.zonesMark)
	if r, done, err = s.queueAnswer(p, claim, k, in, now, ip, ua); r == nil {
		return r, done, err
	}
	if r, done, err = s.commit(ctx, p, r); r != nil {
		s.oneTrip.Add(1)
	}
	return r, done, err
}

// queueAnswer queues on p the answer's writes to k's assignment: the answer, its score, its
// audit row and its change to the client's summary. r is nil, with done false, for an answer
// this path leaves to the transaction path.
func (s *Service) queueAnswer(p *db.Pipe, claim *links.Claim, k *keptAnswer, in Submission, now time.Time,
	ip, ua string) (r *assignments.Response, done bool, err error) {
	a, clientID := k.a, claim.ClientID()
	if a.Status == assignments.Stopped {
		return nil, false, nil
	}
	o, ok := a.Plan(k.zones).On(in.Date)
	if !ok || !o.Open(now) {
		return nil, false, nil
	}
	answers, err := library.CheckAnswers(a.Definition.FieldsFor(o.Step), in.Answers)
	if err != nil {
		return nil, false, nil
	}
	r = &assignments.Response{ID: uuid.New(), AssignmentID: a.ID, OccurrenceDate: o.Date.UTC(), Step: o.Step,
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
	return r, true, nil
}

// commit commits p, which holds r's answer. A replay or a taken occurrence fails the insert and
// the transaction with it: done false, for the transaction path to say which.
func (s *Service) commit(ctx context.Context, p *db.Pipe, r *assignments.Response) (*assignments.Response, bool, error) {
	var pg *pgconn.PgError
	if err := p.Commit(ctx); errors.As(err, &pg) && pg.Code == "23505" { // unique: a replay or a taken occurrence
		return nil, false, nil
	} else if err != nil {
		return nil, true, err
	}
	s.piped.Add(1)
	return r, true, nil
}
