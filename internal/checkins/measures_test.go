package checkins_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/stretchr/testify/require"
)

// A PHQ-9 with item 9 above "not at all" is scored, raises an alert, and its clinician is
// emailed at once, with nothing clinical in the email.
func TestRiskAnswerAlertsTheClinician(t *testing.T) {
	t.Parallel()
	a, tm, _, as, b := phqOnALink(t, "risk")

	missing := apptest.PHQAnswers("several_days")
	delete(missing, "q3")
	res := apptest.SubmitPHQ(t, b, as, missing)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, apptest.ReadError(t, res).Error.Fields, "answers.q3")
	require.Zero(t, apptest.TenantRows(t, a, tm.ID, "risk_alerts"), "a refused answer raises nothing")

	require.Equal(t, http.StatusCreated, apptest.SubmitPHQ(t, b, as, apptest.PHQAnswers("several_days")).StatusCode)
	var total int
	var band string
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT total, band FROM scores`).Row().Scan(&total, &band)
	}))
	require.Equal(t, 1, total)
	require.Equal(t, "minimal", band)
	require.Equal(t, 1, apptest.TenantRows(t, a, tm.ID, "risk_alerts"))

	clinician := tm.Members[practice.RoleClinician].Email
	var text string
	apptest.WaitFor(t, "the alert email", func() bool {
		var box struct {
			Messages []struct{ To, Subject, Text string }
		}
		apptest.Decode(t, a.Browser(t).Do("GET", "/api/dev/mailbox", "", nil), &box)
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
	apptest.Decode(t, tm.Browsers[practice.RoleClinician].Do("GET", "/api/alerts", "", nil), &list)
	require.Len(t, list.Alerts, 1)
	require.Equal(t, "open", list.Alerts[0].Status)
	require.Contains(t, list.Alerts[0].Reason, "item 9")
}

// The alert and its job are written in the answer's transaction: roll it back, and neither is left.
func TestRolledBackAnswerLeavesNoAlert(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "rollback")
	client, _ := tm.Fixture(t, a)
	as := apptest.AssignPHQ(t, a, tm, client)
	res, err := checkins.PHQ9.Score(map[string]any{"q1": "not_at_all", "q2": "not_at_all", "q3": "not_at_all",
		"q4": "not_at_all", "q5": "not_at_all", "q6": "not_at_all", "q7": "not_at_all", "q8": "not_at_all",
		"q9": "nearly_every_day"})
	require.NoError(t, err)
	answer := func(fail bool) error {
		return a.DB.InTenant(context.Background(), db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
			id := uuid.New()
			if err := tx.Gorm.Exec(`INSERT INTO responses (practice_id, id, assignment_id, client_id, occurrence_date,
				answers, idempotency_key) VALUES (?, ?, ?, ?, ?, '{}', ?)`, tm.ID, id, as, client,
				a.Today().String(), uuid.New()).Error; err != nil {
				return err
			}
			err := checkins.Record(context.Background(), tx, checkins.Scored{PracticeID: tm.ID, ResponseID: id,
				ClientID: client, AssignmentID: as, Instrument: &checkins.PHQ9, Result: res, At: a.Now()})
			if err == nil && fail {
				err = errors.New("the answer's transaction fails after the alert was written")
			}
			return err
		})
	}
	require.Error(t, answer(true))
	require.Zero(t, apptest.TenantRows(t, a, tm.ID, "risk_alerts"))
	require.Zero(t, apptest.TenantRows(t, a, tm.ID, "scores"))
	require.Zero(t, a.CountRows(t, `SELECT count(*) FROM river_job WHERE kind = 'risk_alert'`))

	require.NoError(t, answer(false)) // the same write, committed: one of each
	require.Equal(t, 1, apptest.TenantRows(t, a, tm.ID, "risk_alerts"))
	require.Equal(t, 1, a.CountRows(t, `SELECT count(*) FROM river_job WHERE kind = 'risk_alert'`))
}

// Only those who may see the client act on an alert; each step leaves an audit row.
func TestAcknowledgeAndResolveAlerts(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "ack")
	client, _ := tm.Fixture(t, a)
	as := apptest.AssignPHQ(t, a, tm, client)
	b := apptest.ClientBrowser(t, a, apptest.LinkFor(t, a, tm.Caller(practice.RoleClinician), client))
	require.Equal(t, http.StatusCreated, apptest.SubmitPHQ(t, b, as, apptest.PHQAnswers("more_than_half")).StatusCode)
	var list struct{ Alerts []struct{ ID string } }
	apptest.Decode(t, tm.Browsers[practice.RoleClinician].Do("GET", "/api/alerts", "", nil), &list)
	require.Len(t, list.Alerts, 1)
	id := list.Alerts[0].ID

	outsider := tm.Browsers[practice.RoleClinician]
	other := apptest.SeedTeam(t, a, "elsewhere").Browsers[practice.RoleOwner]
	res := other.Do("POST", "/api/alerts/"+id+"/acknowledge", `{}`, nil)
	require.Equal(t, http.StatusNotFound, res.StatusCode, "another practice's alert does not exist")
	colleague := apptest.ColleagueBrowser(t, a, tm)
	res = colleague.Do("POST", "/api/alerts/"+id+"/acknowledge", `{"note":"not mine"}`, nil)
	require.Equal(t, http.StatusNotFound, res.StatusCode, "a clinician not assigned to the client")
	var seen struct{ Alerts []struct{ ID string } }
	apptest.Decode(t, colleague.Do("GET", "/api/alerts", "", nil), &seen)
	require.Empty(t, seen.Alerts)
	var denied int
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT count(*) FROM audit_events WHERE action = 'access.denied' AND subject_type = 'alert'
			AND subject_id = ?`, id).Row().Scan(&denied)
	}))
	require.Equal(t, 1, denied, "the colleague's reach is in the audit trail")

	res = outsider.Do("POST", "/api/alerts/"+id+"/resolve", `{"note":""}`, nil)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Equal(t, http.StatusOK, outsider.Do("POST", "/api/alerts/"+id+"/acknowledge", `{"note":"Called them."}`, nil).StatusCode)
	require.Equal(t, http.StatusConflict, outsider.Do("POST", "/api/alerts/"+id+"/acknowledge", `{}`, nil).StatusCode)
	res = outsider.Do("POST", "/api/alerts/"+id+"/resolve", `{"note":"Safety plan agreed in an extra session."}`, nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, http.StatusConflict, outsider.Do("POST", "/api/alerts/"+id+"/resolve", `{"note":"again"}`, nil).StatusCode)
	actions := apptest.AuditActions(t, a, tm.ID, client.String())
	require.Contains(t, actions, "alert.acknowledge")
	require.Contains(t, actions, "alert.resolve")
}

// Measures are scheduled weekly, every two weeks or monthly, through the same cadence code.
func TestMeasureCadences(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "cadences")
	client, _ := tm.Fixture(t, a)
	b := tm.Browsers[practice.RoleClinician]
	assign := func(cadence string) *http.Response {
		return b.Do("POST", "/api/assignments", `{"client_id":"`+client.String()+`","exercise":{"library":"gad-7"},
			"cadence":`+cadence+`}`, nil)
	}
	start := apptest.Today().String()
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
	apptest.Decode(t, res, &out)
	require.Equal(t, 2, out.Assignments[0].Cadence.Every)
	require.LessOrEqual(t, len(out.Assignments[0].Occurrences), 1, "at most one Sunday in a week ahead, every other week")

	// One GAD-7 runs at a time: stopped, the fortnightly one makes way for a monthly one.
	require.Equal(t, http.StatusOK, b.Do("POST", "/api/assignments/"+out.Assignments[0].ID+"/stop", "", nil).StatusCode)
	res = assign(`{"kind":"monthly","start":"` + start + `","at":"18:00"}`)
	require.Equal(t, http.StatusCreated, res.StatusCode)
	apptest.Decode(t, res, &out)
	require.Equal(t, "monthly", out.Assignments[0].Cadence.Kind)

	res = assign(`{"kind":"daily","start":"` + start + `","every":2,"at":"18:00"}`)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, apptest.ReadError(t, res).Error.Fields, "cadence.every")
	require.Equal(t, 2, apptest.TenantRows(t, a, tm.ID, "assignments"), "the refused one wrote nothing")
}

type alertWithAnswer struct {
	ID       string `json:"id"`
	ClientID string `json:"client_id"`
	Answer   *struct {
		Question     string `json:"question"`
		Label        string `json:"label"`
		Value        int    `json:"value"`
		ResponseID   string `json:"response_id"`
		AssignmentID string `json:"assignment_id"`
		Date         string `json:"date"`
	} `json:"answer"`
}

// An alert carries the answer that raised it (the question, the choice by label and points,
// the day, and where the response is) to those who may see the client, and to nobody else;
// the email still says only that something needs attention.
func TestAlertShowsTheAnswerThatRaisedIt(t *testing.T) {
	t.Parallel()
	a, tm, client, as, b := phqOnALink(t, "alertanswer")
	require.Equal(t, http.StatusCreated, apptest.SubmitPHQ(t, b, as, apptest.PHQAnswers("more_than_half")).StatusCode)
	var responseID uuid.UUID
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT id FROM responses WHERE assignment_id = ?`, as).Row().Scan(&responseID)
	}))

	var list struct{ Alerts []alertWithAnswer }
	apptest.Decode(t, tm.Browsers[practice.RoleClinician].Do("GET", "/api/alerts?client_id="+client.String(), "", nil), &list)
	require.Len(t, list.Alerts, 1)
	got := list.Alerts[0].Answer
	require.NotNil(t, got)
	require.Equal(t, checkins.PHQ9.Items[8].Text, got.Question)
	require.Equal(t, "More than half the days", got.Label)
	require.Equal(t, 2, got.Value)
	require.Equal(t, responseID.String(), got.ResponseID)
	require.Equal(t, as.String(), got.AssignmentID)
	require.Equal(t, apptest.Today().String(), got.Date)

	// Acknowledging answers with the same alert, answer and all.
	var acked alertWithAnswer
	apptest.Decode(t, tm.Browsers[practice.RoleClinician].Do("POST", "/api/alerts/"+list.Alerts[0].ID+"/acknowledge", `{"note":""}`, nil), &acked)
	require.Equal(t, got, acked.Answer)

	// Another practice sees nothing of it.
	other := apptest.SeedTeam(t, a, "alertanswer-other")
	var none struct{ Alerts []alertWithAnswer }
	apptest.Decode(t, other.Browsers[practice.RoleOwner].Do("GET", "/api/alerts", "", nil), &none)
	require.Empty(t, none.Alerts)

	// The email carries neither the question nor the answer.
	clinician := tm.Members[practice.RoleClinician].Email
	apptest.WaitFor(t, "the alert email", func() bool {
		var box struct {
			Messages []struct{ To, Subject, Text string }
		}
		apptest.Decode(t, a.Browser(t).Do("GET", "/api/dev/mailbox", "", nil), &box)
		for _, m := range box.Messages {
			if m.To == clinician && strings.Contains(m.Subject, "needs your attention") {
				require.NotContains(t, m.Text, "better off dead")
				require.NotContains(t, m.Text, "More than half")
				return true
			}
		}
		return false
	})
}

// A rating on the weekly check-in reads as "1 of 10".
func TestAlertShowsACheckInRating(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "alertrating")
	client, _ := tm.Fixture(t, a)
	clin := tm.Caller(practice.RoleClinician)
	vs, err := a.AssignmentSvc().Assign(context.Background(), clin, assignments.AssignInput{ClientID: client,
		Exercise: &library.Ref{Library: "trust-safety-check-in"}, Rule: apptest.DailyFrom(a.Today())})
	require.NoError(t, err)
	b := apptest.ClientBrowser(t, a, apptest.LinkFor(t, a, clin, client))
	raw, _ := json.Marshal(map[string]any{"assignment_id": vs[0].ID, "date": apptest.Today().String(), "idempotency_key": uuid.New(),
		"answers": map[string]any{"safe": 1, "matched": 5, "honest": 5, "trust": 5}})
	require.Equal(t, http.StatusCreated, b.Do("POST", "/api/homework/responses", string(raw), nil).StatusCode)

	var list struct{ Alerts []alertWithAnswer }
	apptest.Decode(t, tm.Browsers[practice.RoleClinician].Do("GET", "/api/alerts", "", nil), &list)
	require.Len(t, list.Alerts, 1)
	require.NotNil(t, list.Alerts[0].Answer)
	require.Equal(t, checkins.CheckIn.Items[0].Text, list.Alerts[0].Answer.Question)
	require.Equal(t, "1 of 10", list.Alerts[0].Answer.Label)
	require.Equal(t, 1, list.Alerts[0].Answer.Value)
}

// phqOnALink is where a risk test starts: Steady with its workers running, the practice name
// with a member of each role, a client with a PHQ-9 assigned by their clinician, and the
// client's browser on their homework link.
func phqOnALink(t *testing.T, name string) (*apptest.App, *apptest.Team, uuid.UUID, uuid.UUID, *apptest.Browser) {
	t.Helper()
	a := apptest.New(t)
	apptest.StartWorkers(t, a)
	tm := apptest.SeedTeam(t, a, name)
	client, _ := tm.Fixture(t, a)
	as := apptest.AssignPHQ(t, a, tm, client)
	return a, tm, client, as, apptest.ClientBrowser(t, a, apptest.LinkFor(t, a, tm.Caller(practice.RoleClinician), client))
}
