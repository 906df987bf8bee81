package app

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/exercises"
	"github.com/steadyhq/steady/internal/practice"
)

// phqAnswers answers every PHQ-9 item "not at all" but item 9.
func phqAnswers(item9 string) map[string]string {
	out := map[string]string{}
	for _, it := range checkins.PHQ9.Items {
		out[it.Key] = "not_at_all"
	}
	out["q9"] = item9
	return out
}

func submitPHQ(t *testing.T, b *browser, assignment uuid.UUID, answers map[string]string) *http.Response {
	raw, _ := json.Marshal(map[string]any{"assignment_id": assignment, "date": today_(), "answers": answers,
		"idempotency_key": uuid.New()})
	return b.do("POST", "/api/homework/responses", string(raw), nil)
}

func assignPHQ(t *testing.T, a *testApp, tm *practiceTeam, client uuid.UUID) uuid.UUID {
	vs, err := a.exerciseSvc().Assign(context.Background(), tm.caller(practice.RoleClinician), exercises.AssignInput{
		ClientID: client, Exercise: &exercises.ExerciseRef{Library: "phq-9"}, Rule: dailyFrom(today())})
	require.NoError(t, err)
	return vs[0].ID
}

// A PHQ-9 with item 9 above "not at all" is scored, raises an alert, and its clinician is
// emailed at once, with nothing clinical in the email.
func TestRiskAnswerAlertsTheClinician(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	startWorkers(t, a)
	tm := seedTeam(t, a, "risk")
	client, _ := tm.fixture(t, a)
	as := assignPHQ(t, a, tm, client)
	b := clientBrowser(t, a, linkFor(t, a, tm.caller(practice.RoleClinician), client))

	missing := phqAnswers("several_days")
	delete(missing, "q3")
	res := submitPHQ(t, b, as, missing)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, readError(t, res).Error.Fields, "answers.q3")
	require.Zero(t, countRows(t, a, tm.id, "risk_alerts"), "a refused answer raises nothing")

	require.Equal(t, http.StatusCreated, submitPHQ(t, b, as, phqAnswers("several_days")).StatusCode)
	var total int
	var band string
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: tm.id}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT total, band FROM scores`).Row().Scan(&total, &band)
	}))
	require.Equal(t, 1, total)
	require.Equal(t, "minimal", band)
	require.Equal(t, 1, countRows(t, a, tm.id, "risk_alerts"))

	clinician := tm.members[practice.RoleClinician].Email
	var text string
	waitFor(t, "the alert email", func() bool {
		var box struct {
			Messages []struct{ To, Subject, Text string }
		}
		decode(t, a.browser(t).do("GET", "/api/dev/mailbox", "", nil), &box)
		for _, m := range box.Messages {
			if m.To == clinician && strings.Contains(m.Subject, "needs your attention") {
				text = m.Text
				return true
			}
		}
		return false
	})
	require.Contains(t, text, "/app/alerts")
	require.NotContains(t, text, "Jo Client", "no client details in email")
	require.NotContains(t, text, "PHQ")

	var list struct {
		Alerts []struct{ ID, Status, Reason string }
	}
	decode(t, tm.browsers[practice.RoleClinician].do("GET", "/api/alerts", "", nil), &list)
	require.Len(t, list.Alerts, 1)
	require.Equal(t, "open", list.Alerts[0].Status)
	require.Contains(t, list.Alerts[0].Reason, "item 9")
}

// The alert and its job are written in the answer's transaction: roll it back, and neither is left.
func TestRolledBackAnswerLeavesNoAlert(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	tm := seedTeam(t, a, "rollback")
	client, _ := tm.fixture(t, a)
	as := assignPHQ(t, a, tm, client)
	res, err := checkins.PHQ9.Score(map[string]any{"q1": "not_at_all", "q2": "not_at_all", "q3": "not_at_all",
		"q4": "not_at_all", "q5": "not_at_all", "q6": "not_at_all", "q7": "not_at_all", "q8": "not_at_all",
		"q9": "nearly_every_day"})
	require.NoError(t, err)
	answer := func(fail bool) error {
		return a.DB.InTenant(context.Background(), db.Scope{PracticeID: tm.id}, func(tx *db.Tx) error {
			id := uuid.New()
			if err := tx.Gorm.Exec(`INSERT INTO responses (practice_id, id, assignment_id, client_id, occurrence_date,
				answers, idempotency_key) VALUES (?, ?, ?, ?, ?, '{}', ?)`, tm.id, id, as, client,
				a.today().String(), uuid.New()).Error; err != nil {
				return err
			}
			err := checkins.Record(context.Background(), tx, checkins.Scored{PracticeID: tm.id, ResponseID: id,
				ClientID: client, AssignmentID: as, Instrument: &checkins.PHQ9, Result: res, At: a.Config.now()})
			if err == nil && fail {
				err = errors.New("the answer's transaction fails after the alert was written")
			}
			return err
		})
	}
	require.Error(t, answer(true))
	require.Zero(t, countRows(t, a, tm.id, "risk_alerts"))
	require.Zero(t, countRows(t, a, tm.id, "scores"))
	require.Zero(t, a.countRows(t, `SELECT count(*) FROM river_job WHERE kind = 'risk_alert'`))

	require.NoError(t, answer(false)) // the same write, committed: one of each
	require.Equal(t, 1, countRows(t, a, tm.id, "risk_alerts"))
	require.Equal(t, 1, a.countRows(t, `SELECT count(*) FROM river_job WHERE kind = 'risk_alert'`))
}

// Only those who may see the client act on an alert; each step leaves an audit row.
func TestAcknowledgeAndResolveAlerts(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	tm := seedTeam(t, a, "ack")
	client, _ := tm.fixture(t, a)
	as := assignPHQ(t, a, tm, client)
	b := clientBrowser(t, a, linkFor(t, a, tm.caller(practice.RoleClinician), client))
	require.Equal(t, http.StatusCreated, submitPHQ(t, b, as, phqAnswers("more_than_half")).StatusCode)
	var list struct{ Alerts []struct{ ID string } }
	decode(t, tm.browsers[practice.RoleClinician].do("GET", "/api/alerts", "", nil), &list)
	require.Len(t, list.Alerts, 1)
	id := list.Alerts[0].ID

	outsider := tm.browsers[practice.RoleClinician]
	other := seedTeam(t, a, "elsewhere").browsers[practice.RoleOwner]
	res := other.do("POST", "/api/alerts/"+id+"/acknowledge", `{}`, nil)
	require.Equal(t, http.StatusNotFound, res.StatusCode, "another practice's alert does not exist")
	colleague := colleagueBrowser(t, a, tm)
	res = colleague.do("POST", "/api/alerts/"+id+"/acknowledge", `{"note":"not mine"}`, nil)
	require.Equal(t, http.StatusNotFound, res.StatusCode, "a clinician not assigned to the client")
	var seen struct{ Alerts []struct{ ID string } }
	decode(t, colleague.do("GET", "/api/alerts", "", nil), &seen)
	require.Empty(t, seen.Alerts)
	var denied int
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: tm.id}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT count(*) FROM audit_events WHERE action = 'access.denied' AND subject_type = 'alert'
			AND subject_id = ?`, id).Row().Scan(&denied)
	}))
	require.Equal(t, 1, denied, "the colleague's reach is in the audit trail")

	res = outsider.do("POST", "/api/alerts/"+id+"/resolve", `{"note":""}`, nil)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Equal(t, http.StatusOK, outsider.do("POST", "/api/alerts/"+id+"/acknowledge", `{"note":"Called them."}`, nil).StatusCode)
	require.Equal(t, http.StatusConflict, outsider.do("POST", "/api/alerts/"+id+"/acknowledge", `{}`, nil).StatusCode)
	res = outsider.do("POST", "/api/alerts/"+id+"/resolve", `{"note":"Safety plan agreed in an extra session."}`, nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, http.StatusConflict, outsider.do("POST", "/api/alerts/"+id+"/resolve", `{"note":"again"}`, nil).StatusCode)
	actions := auditActions(t, a, tm.id, client.String())
	require.Contains(t, actions, "alert.acknowledge")
	require.Contains(t, actions, "alert.resolve")
}

// colleagueBrowser signs in a second clinician of the practice, assigned to nobody.
func colleagueBrowser(t *testing.T, a *testApp, tm *practiceTeam) *browser {
	m := auth.SeedMember{ID: uuid.New(), Email: uuid.NewString() + "@example.com", Name: "Other Clinician",
		Password: "long enough password", Role: practice.RoleClinician}
	require.NoError(t, auth.SeedPractice(context.Background(), a.DB, practice.Practice{ID: tm.id, Name: "unchanged"},
		[]auth.SeedMember{m}))
	b := a.browser(t)
	res := b.postJSON("/api/auth/login", map[string]string{"email": m.Email, "password": m.Password})
	require.Equal(t, http.StatusOK, res.StatusCode)
	return b
}

// riskAlertFor makes the client answer a PHQ-9 with item 9 above zero and returns the alert's id.
func riskAlertFor(t *testing.T, a *testApp, caller auth.Caller, client uuid.UUID) uuid.UUID {
	ctx := context.Background()
	vs, err := a.exerciseSvc().Assign(ctx, caller, exercises.AssignInput{ClientID: client,
		Exercise: &exercises.ExerciseRef{Library: "phq-9"}, Rule: dailyFrom(a.today())})
	require.NoError(t, err)
	_, sess, err := a.homeworkSvc().Exchange(ctx, linkFor(t, a, caller, client), "192.0.2.10")
	require.NoError(t, err)
	answers := map[string]json.RawMessage{}
	for k, v := range phqAnswers("several_days") {
		answers[k] = json.RawMessage(`"` + v + `"`)
	}
	_, _, err = a.exerciseSvc().Submit(ctx, sess, exercises.Submission{AssignmentID: vs[0].ID, Date: a.today(),
		Answers: answers, IdempotencyKey: uuid.New()}, "192.0.2.10", "test")
	require.NoError(t, err)
	var id uuid.UUID
	require.NoError(t, a.DB.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT id FROM risk_alerts WHERE client_id = ? ORDER BY created_at DESC LIMIT 1`, client).Row().Scan(&id)
	}))
	return id
}

// Measures are scheduled weekly, every two weeks or monthly, through the same cadence code.
func TestMeasureCadences(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	tm := seedTeam(t, a, "cadences")
	client, _ := tm.fixture(t, a)
	b := tm.browsers[practice.RoleClinician]
	assign := func(cadence string) *http.Response {
		return b.do("POST", "/api/assignments", `{"client_id":"`+client.String()+`","exercise":{"library":"gad-7"},
			"cadence":`+cadence+`}`, nil)
	}
	start := today().String()
	res := assign(`{"kind":"weekly","start":"` + start + `","weekdays":["sun"],"every":2,"at":"18:00"}`)
	require.Equal(t, http.StatusCreated, res.StatusCode)
	var out struct {
		Assignments []struct {
			ID      string
			Cadence struct {
				Kind  string
				Every int
			}
			Occurrences []struct{ Date string }
		}
	}
	decode(t, res, &out)
	require.Equal(t, 2, out.Assignments[0].Cadence.Every)
	require.LessOrEqual(t, len(out.Assignments[0].Occurrences), 1, "at most one Sunday in a week ahead, every other week")

	// One GAD-7 runs at a time: stopped, the fortnightly one makes way for a monthly one.
	require.Equal(t, http.StatusOK, b.do("POST", "/api/assignments/"+out.Assignments[0].ID+"/stop", "", nil).StatusCode)
	res = assign(`{"kind":"monthly","start":"` + start + `","at":"18:00"}`)
	require.Equal(t, http.StatusCreated, res.StatusCode)
	decode(t, res, &out)
	require.Equal(t, "monthly", out.Assignments[0].Cadence.Kind)

	res = assign(`{"kind":"daily","start":"` + start + `","every":2,"at":"18:00"}`)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, readError(t, res).Error.Fields, "cadence.every")
	require.Equal(t, 2, countRows(t, a, tm.id, "assignments"), "the refused one wrote nothing")
}
