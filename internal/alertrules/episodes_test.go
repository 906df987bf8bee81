package alertrules_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/alertrules"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/homework"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/progress"
)

// ruleWorld is a practice on a clock the test moves, one client of its clinician with their
// homework link open, and the practice's rules set to the one rule under test.
type ruleWorld struct {
	a      *apptest.App
	clk    *apptest.Clock
	tm     *apptest.Team
	clin   auth.Caller
	svc    *alertrules.Service
	client uuid.UUID
	sess   *links.Session
}

func newRuleWorld(t *testing.T, rules alertrules.Rules) *ruleWorld {
	a, clk := apptest.NewClocked(t)
	tm := apptest.SeedTeam(t, a, "episodes")
	w := &ruleWorld{a: a, clk: clk, tm: tm, clin: tm.Caller(practice.RoleClinician), svc: alertrules.NewService(a.DB, clk.Now)}
	ctx := context.Background()
	c, err := clients.NewService(a.DB).Create(ctx, w.clin, clients.Input{Name: "Lee Solo", TimeZone: "UTC"})
	require.NoError(t, err)
	w.client = c.ID
	_, w.sess, err = a.LinkSvc().Exchange(ctx, apptest.LinkFor(t, a, w.clin, w.client), "192.0.2.30")
	require.NoError(t, err)
	require.NoError(t, w.svc.SetPracticeRules(ctx, tm.Caller(practice.RoleOwner), rules))
	return w
}

// evaluate refreshes the summary and evaluates the rules, as the periodic jobs do; it returns
// how many alerts opened.
func (w *ruleWorld) evaluate(t *testing.T) int {
	t.Helper()
	ctx := context.Background()
	_, err := progress.RefreshPractice(ctx, w.a.DB, w.tm.ID, w.clk.Now())
	require.NoError(t, err)
	n, err := w.svc.Evaluate(ctx)
	require.NoError(t, err)
	return n
}

func (w *ruleWorld) assign(t *testing.T, slug string, rule cadence.Rule) uuid.UUID {
	t.Helper()
	vs, err := w.a.AssignmentSvc().Assign(context.Background(), w.clin, assignments.AssignInput{ClientID: w.client,
		Exercise: &library.Ref{Library: slug}, Rule: rule})
	require.NoError(t, err)
	return vs[0].ID
}

func (w *ruleWorld) answer(t *testing.T, assignment uuid.UUID, day cadence.Date, answers map[string]json.RawMessage) {
	t.Helper()
	_, _, err := homework.NewService(w.a.DB, w.clk.Now).Submit(context.Background(), w.sess, homework.Submission{
		AssignmentID: assignment, Date: day, Answers: answers, IdempotencyKey: uuid.New()}, "192.0.2.30", "test")
	require.NoError(t, err)
}

// alerts lists the clinician's rule alerts, open first.
func (w *ruleWorld) alerts(t *testing.T) []alertrules.Alert {
	t.Helper()
	list, _, err := w.svc.Mine(context.Background(), w.clin)
	require.NoError(t, err)
	return list
}

func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// A rule fires once per episode: missed tasks open one alert however often the rules are
// evaluated; answering ends the episode (the alert closes); missing again opens a new one.
// With email on, each new alert is emailed once.
func TestMissedInARowFiresOncePerEpisode(t *testing.T) {
	t.Parallel()
	three := 3
	w := newRuleWorld(t, alertrules.Rules{MissedInRow: &three, Email: true})
	as := apptest.AssignDaily(t, w.a, w.clin, w.client) // from yesterday, unanswered
	w.clk.Advance(days(3))                              // yesterday's and the next two days' tasks now missed
	require.Equal(t, 1, w.evaluate(t), "three missed in a row: an alert")
	require.Zero(t, w.evaluate(t), "still the same episode")
	w.clk.Advance(days(1))
	require.Zero(t, w.evaluate(t), "four in a row is still the same episode")

	w.answer(t, as.ID, w.a.Today().AddDays(-1), apptest.DailyAnswers())
	require.Zero(t, w.evaluate(t), "an answer ends the episode")
	list := w.alerts(t)
	require.Len(t, list, 1)
	require.NotNil(t, list[0].ClosedAt)
	_, unseen, err := w.svc.Mine(context.Background(), w.clin)
	require.NoError(t, err)
	require.Equal(t, 1, unseen)

	w.clk.Advance(days(4))
	require.Equal(t, 1, w.evaluate(t), "missed again: a new episode, a new alert")
	list = w.alerts(t)
	require.Len(t, list, 2)
	require.Nil(t, list[0].ClosedAt, "the open one first")
	require.Equal(t, "Lee Solo", list[0].ClientName)
	require.Equal(t, 2, w.a.CountRows(t, `SELECT count(*) FROM river_job WHERE kind = 'rule_alert_email'`), "one email per alert")
	require.NoError(t, w.svc.MarkSeen(context.Background(), w.clin))
	_, unseen, err = w.svc.Mine(context.Background(), w.clin)
	require.NoError(t, err)
	require.Zero(t, unseen)
}

// "No task done for N days" counts from the last task done (or, before any, the first that
// came due): it opens once on the Nth day, stays one alert, closes with an answer, and opens
// anew after another N quiet days.
func TestSilentDaysFiresOncePerEpisode(t *testing.T) {
	t.Parallel()
	three := 3
	w := newRuleWorld(t, alertrules.Rules{SilentDays: &three})
	as := apptest.AssignDaily(t, w.a, w.clin, w.client) // first due yesterday
	require.Zero(t, w.evaluate(t), "one day since the first task came due")
	w.clk.Advance(days(1))
	require.Zero(t, w.evaluate(t), "two days")
	w.clk.Advance(days(1))
	require.Equal(t, 1, w.evaluate(t), "three days with nothing done")
	require.Equal(t, "no task done for 3 days", w.alerts(t)[0].Detail)
	w.clk.Advance(days(1))
	require.Zero(t, w.evaluate(t), "four days is the same episode")

	w.answer(t, as.ID, w.a.Today(), apptest.DailyAnswers())
	require.Zero(t, w.evaluate(t))
	require.NotNil(t, w.alerts(t)[0].ClosedAt, "an answer ends it")
	w.clk.Advance(days(2))
	require.Zero(t, w.evaluate(t), "two quiet days")
	w.clk.Advance(days(1))
	require.Equal(t, 1, w.evaluate(t), "three quiet days again: a new episode")
	require.Len(t, w.alerts(t), 2)
}

// phq answers the PHQ-9 with the first n items "nearly every day" and the rest "not at all":
// a score of 3n (item 9, the risk item, is never raised here).
func phq(n int) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for i, it := range checkins.PHQ9.Items {
		v := "not_at_all"
		if i < n && it.Key != "q9" {
			v = "nearly_every_day"
		}
		out[it.Key] = json.RawMessage(`"` + v + `"`)
	}
	return out
}

// A measure worse by a reliable change opens one alert, which stays while the latest score
// is still that much worse than the first, and closes when it comes back.
func TestDeteriorationFiresOncePerEpisode(t *testing.T) {
	t.Parallel()
	w := newRuleWorld(t, alertrules.Rules{Deterioration: true})
	as := w.assign(t, "phq-9", apptest.DailyFrom(w.a.Today()))
	w.answer(t, as, w.a.Today(), phq(1)) // 3
	require.Zero(t, w.evaluate(t), "one score is no change")
	w.clk.Advance(days(1))
	w.answer(t, as, w.a.Today(), phq(2)) // 6: worse, but by less than a reliable change (6 or more)
	require.Zero(t, w.evaluate(t))
	w.clk.Advance(days(1))
	w.answer(t, as, w.a.Today(), phq(3)) // 9
	require.Equal(t, 1, w.evaluate(t), "3 → 9")
	require.Equal(t, checkins.PHQ9.Title+" worse by a reliable change (3 → 9)", w.alerts(t)[0].Detail)
	w.clk.Advance(days(1))
	w.answer(t, as, w.a.Today(), phq(4)) // 12
	require.Zero(t, w.evaluate(t), "worse still is the same episode")

	w.clk.Advance(days(1))
	w.answer(t, as, w.a.Today(), phq(1))
	require.Zero(t, w.evaluate(t))
	list := w.alerts(t)
	require.Len(t, list, 1)
	require.NotNil(t, list[0].ClosedAt, "back where it started: the episode ends")
}

// A programme completed is an event: one alert for that programme, recorded closed, however
// often the rules run while it is in the week looked back on; the email (rules with email on)
// goes out once, through the real worker, and names no client and no exercise.
func TestProgrammeCompletedFiresOnceAndEmails(t *testing.T) {
	t.Parallel()
	w := newRuleWorld(t, alertrules.Rules{ProgrammeCompleted: true, Email: true})
	start := w.a.Today()
	as := w.assign(t, "thirty-days-of-repair", cadence.Rule{Kind: cadence.Programme, Start: start, Days: 2,
		At: cadence.Clock{Hour: 19}})
	step := map[string]json.RawMessage{"reflection": json.RawMessage(`"A small step."`)}
	w.answer(t, as, start, step)
	require.Zero(t, w.evaluate(t), "one step of two")
	w.clk.Advance(days(1))
	w.answer(t, as, start.AddDays(1), step)
	require.Equal(t, 1, w.evaluate(t), "the last step done")
	for range 3 {
		w.clk.Advance(days(1))
		require.Zero(t, w.evaluate(t), "the same completion, days later")
	}
	list := w.alerts(t)
	require.Len(t, list, 1)
	repair, _ := library.LibraryExercise("thirty-days-of-repair")
	require.Equal(t, "finished "+repair.Title, list[0].Detail)
	require.NotNil(t, list[0].ClosedAt, "an event needs no closing")

	apptest.StartWorkers(t, w.a)
	to := w.tm.Members[practice.RoleClinician].Email
	var text, html string
	apptest.WaitFor(t, "the rule alert's email", func() bool {
		return w.a.DB.Pool.QueryRow(context.Background(), `SELECT text_body, html_body FROM dev_messages
			WHERE recipient = $1 AND subject = 'A client needs your look'`, to).Scan(&text, &html) == nil
	})
	for _, body := range []string{text, html} {
		require.Contains(t, body, "/app", "a link to the overview")
		require.Contains(t, body, "/app/digests/settings", "and to where these emails are turned off")
		require.NotContains(t, body, "Lee")
		require.NotContains(t, body, repair.Title)
	}
	require.Equal(t, 1, w.a.CountRows(t, `SELECT count(*) FROM dev_messages WHERE subject = 'A client needs your look'`))
}
