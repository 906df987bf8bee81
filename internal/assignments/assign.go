package assignments

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/safety"
	"github.com/steadyhq/steady/internal/validate"
)

// PartnerExercise is one partner's exercise in a couple's role-specific pair.
type PartnerExercise struct {
	ClientID uuid.UUID
	Exercise library.Ref
}

// AssignInput is a new assignment: to a client, or to a couple (the same exercise to both
// partners, or one per partner). Exercises gives several at once on the one Rule (PHQ-9 and
// GAD-7 weekly): each is assigned as if it were Exercise, all in one transaction.
type AssignInput struct {
	ClientID  uuid.UUID
	CoupleID  uuid.UUID
	Exercise  *library.Ref
	Exercises []library.Ref
	Partners  []PartnerExercise
	Rule      cadence.Rule

	field string // "exercises.N" for one item of Exercises; empty otherwise
}

// MaxExercises is how many exercises one request may assign together.
const MaxExercises = 10

// part is one client's share of an assignment being made.
type part struct {
	clientID uuid.UUID
	ref      library.Ref
	field    string // where the ref came from, for messages
	def      *library.Definition
	version  *int
}

func (in AssignInput) check(today cadence.Date) error {
	v := validate.Errors{}
	given := 0 // how many of exercise, exercises and partners were given
	for _, ok := range []bool{in.Exercise != nil, len(in.Exercises) > 0, len(in.Partners) > 0} {
		if ok {
			given++
		}
	}
	switch {
	case (in.ClientID == uuid.Nil) == (in.CoupleID == uuid.Nil):
		v.Add("client_id", "give either client_id or couple_id")
	case in.ClientID != uuid.Nil && (given != 1 || len(in.Partners) > 0):
		v.Add("exercise", "give either exercise or exercises for a client (partners is for couples)")
	case in.CoupleID != uuid.Nil && given != 1:
		v.Add("exercise", "give one of exercise (for both partners), exercises (several, each for both partners) or partners (one exercise each)")
	case len(in.Partners) == 2 && in.Partners[0].ClientID == in.Partners[1].ClientID:
		v.Add("partners.1.client_id", "names the same partner twice")
	}
	checkExercises(v, in.Exercises)
	if err := in.Rule.Check(); err != nil {
		if p, ok := err.(cadence.Problems); ok {
			for k, msg := range p {
				v.Add("cadence."+k, msg)
			}
		} else {
			return err
		}
	}
	if !in.Rule.Start.IsZero() && in.Rule.Start.Before(today.AddDays(-7)) {
		v.Add("cadence.start", "must not be more than a week in the past")
	}
	return v.Err()
}

// checkExercises refuses too many exercises, and one listed twice.
func checkExercises(v validate.Errors, refs []library.Ref) {
	if len(refs) > MaxExercises {
		v.Add("exercises", fmt.Sprintf("at most %d exercises can be assigned together", MaxExercises))
		return
	}
	for i, r := range refs {
		for j := range i {
			if r == refs[j] {
				v.Add(fmt.Sprintf("exercises.%d", i), fmt.Sprintf("is listed twice (also exercises.%d)", j))
			}
		}
	}
}

// items splits in into one input per exercise: itself, or each of Exercises on the same rule.
func (in AssignInput) items() []AssignInput {
	if len(in.Exercises) == 0 {
		return []AssignInput{in}
	}
	out := make([]AssignInput, len(in.Exercises))
	for i := range in.Exercises {
		item := in
		item.Exercise, item.Exercises, item.field = &in.Exercises[i], nil, fmt.Sprintf("exercises.%d", i)
		out[i] = item
	}
	return out
}

// Assign makes the assignments of in, one per client and exercise, after checking that the
// caller may see the client or couple and, for trust-repair work given to a partner in a
// couple, that couple's safety screen (whether the route named the couple or one partner).
// Several exercises are made one by one by the same rules in one transaction: if one of them
// cannot be assigned, none is, and the error names it (ItemError).
func (s *Service) Assign(ctx context.Context, caller auth.Caller, in AssignInput) ([]AssignmentView, error) {
	now := s.now()
	if err := in.check(cadence.DateOf(now, time.UTC)); err != nil {
		return nil, err
	}
	var out []AssignmentView
	subject, subjectID := "client", in.ClientID
	if in.CoupleID != uuid.Nil {
		subject, subjectID = "couple", in.CoupleID
	}
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		var ids []uuid.UUID
		for _, item := range in.items() {
			made, err := s.assignOne(ctx, tx, caller, item, now)
			if err != nil {
				return err
			}
			ids = append(ids, made...)
		}
		var err error
		out, err = views(ctx, tx, ids, now)
		return err
	})
	return out, s.clients.Denied(ctx, caller, subject, subjectID, err)
}

// assignOne makes one exercise's assignments (one per client, sharing a group) in tx, with
// an audit row each. Every rule of assigning is applied here, whatever the route.
func (s *Service) assignOne(ctx context.Context, tx *db.Tx, caller auth.Caller, in AssignInput, now time.Time) ([]uuid.UUID, error) {
	if err := s.Gate.Check(ctx, tx); err != nil {
		return nil, err
	}
	parts, err := s.parts(ctx, tx, caller, in, now)
	if err != nil {
		return nil, err
	}
	var trust []uuid.UUID
	for _, p := range parts {
		if p.def.TrustRepair() {
			trust = append(trust, p.clientID)
		}
	}
	overPositive, err := safety.Gate(ctx, tx, trust)
	if err != nil {
		return nil, in.named(parts[0].def.Title, err)
	}
	group := uuid.New()
	ids := make([]uuid.UUID, len(parts))
	for i, p := range parts {
		a := s.newAssignment(caller, in, p, group, now)
		if err := tx.Gorm.Create(a).Error; err != nil {
			return nil, err
		}
		ids[i] = a.ID
		if err := audit.Record(ctx, tx, caller.PracticeID, actorOf(caller), audit.Event{Action: "assignment.create",
			SubjectType: "assignment", SubjectID: a.ID.String(), ClientID: a.ClientID,
			Detail: map[string]any{"title": a.Title, "over_positive_screen": overPositive}}); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// ItemError is why one of several exercises assigned together could not be assigned: Field
// names it ("exercises.1"), Title is its title when known, Err is the reason (a sentinel).
type ItemError struct {
	Field string
	Title string
	Err   error
}

func (e *ItemError) Error() string { return e.Field + ": " + e.Err.Error() }
func (e *ItemError) Unwrap() error { return e.Err }

// named ties a refusal to the item it belongs to, when in is one of several.
func (in AssignInput) named(title string, err error) error {
	if in.field == "" {
		return err
	}
	return &ItemError{Field: in.field, Title: title, Err: err}
}

// parts resolves who gets what, checking clients, couple membership and exercise refs.
func (s *Service) parts(ctx context.Context, tx *db.Tx, caller auth.Caller, in AssignInput, now time.Time) ([]part, error) {
	field := "exercise"
	if in.field != "" {
		field = in.field
	}
	var parts []part
	if in.ClientID != uuid.Nil {
		parts = []part{{clientID: in.ClientID, ref: *in.Exercise, field: field}}
	} else {
		k, err := clients.VisibleCouple(ctx, tx, caller, in.CoupleID)
		if err != nil {
			return nil, err
		}
		if parts, err = coupleParts(k, in, field); err != nil {
			return nil, err
		}
	}
	for i := range parts {
		p := &parts[i]
		c, err := clients.Visible(ctx, tx, caller, p.clientID)
		if err != nil {
			return nil, err
		}
		if c.Status != clients.StatusActive {
			return nil, ErrClientArchived
		}
		if p.def, p.version, err = library.Resolve(ctx, tx, p.ref, p.field); err != nil {
			return nil, in.named("", err)
		}
		if err := fits(p.def, in.Rule); err != nil {
			return nil, err
		}
		if err := measureFree(ctx, tx, p.clientID, p.def.Measure, cadence.DateOf(now, time.UTC)); err != nil {
			return nil, in.named(p.def.Title, err)
		}
	}
	return parts, nil
}

// fits refuses a cadence that cannot carry the exercise: a programme's steps come one a day.
func fits(d *library.Definition, r cadence.Rule) error {
	steps := len(d.Steps)
	switch {
	case steps > 0 && r.Kind != cadence.Programme:
		return validate.Errors{"cadence.kind": fmt.Sprintf("%q is a %d-day programme: assign it as a programme", d.Title, steps)}
	case steps > 0 && r.Days > steps:
		return validate.Errors{"cadence.days": fmt.Sprintf("must be at most %d, the steps %q has", steps, d.Title)}
	case steps == 0 && r.Kind == cadence.Programme && len(d.Fields) == 0:
		return validate.Errors{"cadence.kind": "this exercise has no fields to repeat"}
	}
	return nil
}

func coupleParts(k *clients.CoupleDetail, in AssignInput, field string) ([]part, error) {
	in_ := func(id uuid.UUID) bool {
		for _, p := range k.Partners {
			if p.ClientID == id {
				return true
			}
		}
		return false
	}
	var parts []part
	if in.Exercise != nil {
		for _, p := range k.Partners {
			parts = append(parts, part{clientID: p.ClientID, ref: *in.Exercise, field: field})
		}
		return parts, nil
	}
	for i, p := range in.Partners {
		if !in_(p.ClientID) {
			return nil, validate.Errors{fmt.Sprintf("partners.%d.client_id", i): "is not a partner in this couple"}
		}
		parts = append(parts, part{clientID: p.ClientID, ref: p.Exercise, field: fmt.Sprintf("partners.%d.exercise", i)})
	}
	return parts, nil
}

func (s *Service) newAssignment(caller auth.Caller, in AssignInput, p part, group uuid.UUID, now time.Time) *Assignment {
	r := in.Rule
	a := &Assignment{PracticeID: caller.PracticeID, ID: uuid.New(), ClientID: p.clientID, GroupID: group,
		LibrarySlug: p.ref.Library, TemplateVersion: p.version, Definition: *p.def, Title: p.def.Title,
		Kind: string(r.Kind), StartDate: r.Start.UTC(), WeekdayMask: weekdayMask(r.Weekdays), EveryWeeks: int16(r.Every), Days: r.Days,
		AtTime: r.At.String(), Status: Active, Pauses: []cadence.Span{}, CreatedBy: &caller.UserID,
		CreatedAt: now, UpdatedAt: now, ReminderChannel: "email", ReminderNudge: true}
	if p.ref.TemplateID != uuid.Nil {
		id := p.ref.TemplateID
		a.TemplateID = &id
	}
	if in.CoupleID != uuid.Nil {
		id := in.CoupleID
		a.CoupleID = &id
	}
	if r.End != nil {
		end := r.End.UTC()
		a.EndDate = &end
	}
	if r.Kind == cadence.Programme && len(p.def.Steps) > 0 && a.Days == 0 {
		a.Days = len(p.def.Steps)
	}
	return a
}
