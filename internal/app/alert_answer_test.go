package app

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/exercises"
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
	a := newTestApp(t)
	startWorkers(t, a)
	tm := seedTeam(t, a, "alertanswer")
	client, _ := tm.fixture(t, a)
	as := assignPHQ(t, a, tm, client)
	b := clientBrowser(t, a, linkFor(t, a, tm.caller(practice.RoleClinician), client))
	require.Equal(t, http.StatusCreated, submitPHQ(t, b, as, phqAnswers("more_than_half")).StatusCode)
	var responseID uuid.UUID
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: tm.id}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT id FROM responses WHERE assignment_id = ?`, as).Row().Scan(&responseID)
	}))

	var list struct{ Alerts []alertWithAnswer }
	decode(t, tm.browsers[practice.RoleClinician].do("GET", "/api/alerts?client_id="+client.String(), "", nil), &list)
	require.Len(t, list.Alerts, 1)
	got := list.Alerts[0].Answer
	require.NotNil(t, got)
	require.Equal(t, checkins.PHQ9.Items[8].Text, got.Question)
	require.Equal(t, "More than half the days", got.Label)
	require.Equal(t, 2, got.Value)
	require.Equal(t, responseID.String(), got.ResponseID)
	require.Equal(t, as.String(), got.AssignmentID)
	require.Equal(t, today_(), got.Date)

	// Acknowledging answers with the same alert, answer and all.
	var acked alertWithAnswer
	decode(t, tm.browsers[practice.RoleClinician].do("POST", "/api/alerts/"+list.Alerts[0].ID+"/acknowledge", `{"note":""}`, nil), &acked)
	require.Equal(t, got, acked.Answer)

	// Another practice sees nothing of it.
	other := seedTeam(t, a, "alertanswer-other")
	var none struct{ Alerts []alertWithAnswer }
	decode(t, other.browsers[practice.RoleOwner].do("GET", "/api/alerts", "", nil), &none)
	require.Empty(t, none.Alerts)

	// The email carries neither the question nor the answer.
	clinician := tm.members[practice.RoleClinician].Email
	waitFor(t, "the alert email", func() bool {
		var box struct {
			Messages []struct{ To, Subject, Text string }
		}
		decode(t, a.browser(t).do("GET", "/api/dev/mailbox", "", nil), &box)
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
	a := newTestApp(t)
	tm := seedTeam(t, a, "alertrating")
	client, _ := tm.fixture(t, a)
	clin := tm.caller(practice.RoleClinician)
	vs, err := a.exerciseSvc().Assign(context.Background(), clin, exercises.AssignInput{ClientID: client,
		Exercise: &exercises.ExerciseRef{Library: "trust-safety-check-in"}, Rule: dailyFrom(a.today())})
	require.NoError(t, err)
	b := clientBrowser(t, a, linkFor(t, a, clin, client))
	raw, _ := json.Marshal(map[string]any{"assignment_id": vs[0].ID, "date": today_(), "idempotency_key": uuid.New(),
		"answers": map[string]any{"safe": 1, "matched": 5, "honest": 5, "trust": 5}})
	require.Equal(t, http.StatusCreated, b.do("POST", "/api/homework/responses", string(raw), nil).StatusCode)

	var list struct{ Alerts []alertWithAnswer }
	decode(t, tm.browsers[practice.RoleClinician].do("GET", "/api/alerts", "", nil), &list)
	require.Len(t, list.Alerts, 1)
	require.NotNil(t, list.Alerts[0].Answer)
	require.Equal(t, checkins.CheckIn.Items[0].Text, list.Alerts[0].Answer.Question)
	require.Equal(t, "1 of 10", list.Alerts[0].Answer.Label)
	require.Equal(t, 1, list.Alerts[0].Answer.Value)
}
