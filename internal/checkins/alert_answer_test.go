package checkins_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/practice"
)

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
	a := apptest.New(t)
	apptest.StartWorkers(t, a)
	tm := apptest.SeedTeam(t, a, "alertanswer")
	client, _ := tm.Fixture(t, a)
	as := apptest.AssignPHQ(t, a, tm, client)
	b := apptest.ClientBrowser(t, a, apptest.LinkFor(t, a, tm.Caller(practice.RoleClinician), client))
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
