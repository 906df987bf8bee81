package alertrules

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/progress"
)

// EvaluateInterval is how often the rules are evaluated: the summary they read is at most a
// minute behind, and no rule is urgent (risk alerts are immediate, and not rules).
const EvaluateInterval = 10 * time.Minute

// EvaluateArgs is the periodic job that evaluates every practice's rules.
type EvaluateArgs struct{}

// Kind names the job.
func (EvaluateArgs) Kind() string { return "alert_rules_evaluate" }

// EvaluateWorker runs it.
type EvaluateWorker struct {
	river.WorkerDefaults[EvaluateArgs]
	Rules *Service
}

// Work evaluates.
func (w *EvaluateWorker) Work(ctx context.Context, _ *river.Job[EvaluateArgs]) error {
	_, err := w.Rules.Evaluate(ctx)
	return err
}

// Evaluate opens an alert for every rule that holds and has none open, and closes those that
// stopped holding, in every practice. It returns how many it opened.
func (s *Service) Evaluate(ctx context.Context) (int, error) {
	var ids []uuid.UUID
	if err := s.db.InGlobal(ctx, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT alert_rule_practices()`).Scan(&ids).Error
	}); err != nil {
		return 0, err
	}
	now, opened := s.now(), 0
	for _, p := range ids {
		err := s.db.InTenant(ctx, db.Scope{PracticeID: p}, func(tx *db.Tx) error {
			n, err := evaluatePractice(ctx, tx, p, now)
			opened += n
			return err
		})
		if err != nil {
			return opened, err
		}
	}
	return opened, nil
}

// finding is one rule holding for one client of one clinician.
type finding struct {
	client, clinician uuid.UUID
	rule, episode     string
	detail            string
	email             bool // the clinician's rules ask for an email
}

const (
	openSQL = `INSERT INTO rule_alerts (practice_id, id, client_id, clinician_id, rule, episode, detail, opened_at)
		VALUES (?, ?, ?, ?, ?, '', ?, ?)
		ON CONFLICT (practice_id, client_id, clinician_id, rule) WHERE closed_at IS NULL DO NOTHING`
	eventSQL = `INSERT INTO rule_alerts (practice_id, id, client_id, clinician_id, rule, episode, detail, opened_at, closed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (practice_id, client_id, clinician_id, rule, episode) WHERE episode <> '' DO NOTHING`
	openNowSQL = `SELECT id, client_id, clinician_id, rule FROM rule_alerts
		WHERE closed_at IS NULL AND rule <> 'programme_completed'`
	closeSQL = `UPDATE rule_alerts SET closed_at = ? WHERE id = ?`
)

// evaluatePractice evaluates one practice from its stored summary: one read of every active
// client's figures, each judged by their clinicians' effective rules.
func evaluatePractice(ctx context.Context, tx *db.Tx, practiceID uuid.UUID, now time.Time) (int, error) {
	cases, err := clients.Cases(ctx, tx, nil)
	if err != nil || len(cases) == 0 {
		return 0, err
	}
	ids := make([]uuid.UUID, len(cases))
	for i, c := range cases {
		ids[i] = c.ClientID
	}
	today := cadence.DateOf(now, time.UTC)
	weeks, err := progress.Weeks(ctx, tx, ids, today.AddDays(-6), today, now)
	if err != nil {
		return 0, err
	}
	byClient := map[uuid.UUID]progress.ClientWeek{}
	for _, w := range weeks {
		byClient[w.ClientID] = w
	}
	rules := map[uuid.UUID]Rules{}
	var found []finding
	for _, c := range cases {
		for _, who := range c.Clinicians {
			r, ok := rules[who]
			if !ok {
				if r, _, err = Effective(tx, who); err != nil {
					return 0, err
				}
				rules[who] = r
			}
			found = append(found, judge(r, byClient[c.ClientID], today, c.ClientID, who)...)
		}
	}
	return record(ctx, tx, practiceID, found, now)
}

// judge lists the rules that hold for one client under one clinician's rules.
func judge(r Rules, w progress.ClientWeek, today cadence.Date, client, who uuid.UUID) []finding {
	var out []finding
	add := func(rule, episode, detail string) {
		out = append(out, finding{client: client, clinician: who, rule: rule, episode: episode, detail: detail, email: r.Email})
	}
	if r.MissedInRow != nil && w.MissedStreak >= *r.MissedInRow {
		add("missed_in_row", "", fmt.Sprintf("missed the last %d tasks in a row", w.MissedStreak))
	}
	if since := w.LastDone; r.SilentDays != nil && w.FirstDue != nil {
		if since == nil {
			since = w.FirstDue // nothing done since the first task came due
		}
		if days := daysBetween(*since, today); days >= *r.SilentDays {
			add("silent", "", fmt.Sprintf("no task done for %d days", days))
		}
	}
	if r.Deterioration && len(w.Worsening) > 0 {
		add("deterioration", "", fmt.Sprintf("%s worse by a reliable change (%d → %d)",
			w.Worsening[0].Title, w.Worsening[0].First, w.Worsening[0].Latest))
	}
	if r.ProgrammeCompleted {
		for _, c := range w.Completed {
			add("programme_completed", c.Title+"@"+c.Date.String(), "finished "+c.Title)
		}
	}
	return out
}

func daysBetween(a, b cadence.Date) int { return int(b.UTC().Sub(a.UTC()).Hours() / 24) }

// record opens the findings that have no open alert, records completed programmes once as
// events, and closes the open alerts whose rule no longer holds. It returns how many it opened.
func record(ctx context.Context, tx *db.Tx, practiceID uuid.UUID, found []finding, now time.Time) (int, error) {
	opened := 0
	holding := map[[3]string]bool{}
	for _, f := range found {
		var res *gorm.DB
		id := uuid.New()
		if f.episode == "" { // a state: open while it holds
			holding[[3]string{f.client.String(), f.clinician.String(), f.rule}] = true
			res = tx.Gorm.Exec(openSQL, practiceID, id, f.client, f.clinician, f.rule, f.detail, now)
		} else { // an event: recorded once, closed at once
			res = tx.Gorm.Exec(eventSQL, practiceID, id, f.client, f.clinician, f.rule, f.episode, f.detail, now, now)
		}
		if res.Error != nil {
			return opened, res.Error
		}
		if res.RowsAffected == 0 {
			continue // this episode's alert exists already
		}
		opened++
		if f.email {
			if err := tx.InsertJob(ctx, EmailArgs{PracticeID: practiceID, AlertID: id}, nil); err != nil {
				return opened, err
			}
		}
	}
	var open []struct {
		ID, ClientID, ClinicianID uuid.UUID
		Rule                      string
	}
	if err := tx.Gorm.Raw(openNowSQL).Scan(&open).Error; err != nil {
		return opened, err
	}
	for _, o := range open {
		if !holding[[3]string{o.ClientID.String(), o.ClinicianID.String(), o.Rule}] {
			if err := tx.Gorm.Exec(closeSQL, now, o.ID).Error; err != nil {
				return opened, err
			}
		}
	}
	return opened, nil
}
