package alertrules_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/alertrules"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/homework"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/progress"
)

// Thresholds out of range name their field and change nothing; only owners and admins set the
// practice's rules; a clinician sets their own override but nobody else's; another practice's
// member is not found.
func TestRulesInputAndWhoMaySetThem(t *testing.T) {
	t.Parallel()
	a, tm := apptest.Practice(t, "rules")
	other := apptest.SeedTeam(t, a, "elsewhere")
	owner, clin := tm.Browsers[practice.RoleOwner], tm.Browsers[practice.RoleClinician]
	for body, field := range map[string]string{
		`{"missed_in_row":1,"silent_days":7,"deterioration":true,"programme_completed":true,"email":false}`:  "missed_in_row",
		`{"missed_in_row":3,"silent_days":29,"deterioration":true,"programme_completed":true,"email":false}`: "silent_days",
		`{"silent_days":7,"deterioration":true,"programme_completed":true,"email":false}`:                    "missed_in_row",
		`{"missed_in_row":3,"silent_days":7,"programme_completed":true,"email":false}`:                       "deterioration",
	} {
		res := owner.Do("PUT", "/api/alert-rules", body, nil)
		require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, body)
		require.Contains(t, apptest.ReadError(t, res).Error.Fields, field)
	}
	var got struct {
		MissedInRow *int `json:"missed_in_row"`
		SilentDays  *int `json:"silent_days"`
		Override    *bool
	}
	apptest.Decode(t, owner.Do("GET", "/api/alert-rules", "", nil), &got)
	require.Equal(t, 3, *got.MissedInRow, "the defaults, unchanged")
	require.Equal(t, 7, *got.SilentDays)

	off := `{"missed_in_row":null,"silent_days":5,"deterioration":true,"programme_completed":false,"email":true}`
	require.Equal(t, http.StatusForbidden, clin.Do("PUT", "/api/alert-rules", off, nil).StatusCode)
	me := "/api/alert-rules/members/" + tm.Members[practice.RoleClinician].ID.String()
	require.Equal(t, http.StatusOK, clin.Do("PUT", me, off, nil).StatusCode)
	apptest.Decode(t, clin.Do("GET", me, "", nil), &got)
	require.Nil(t, got.MissedInRow, "turned off for their own clients")
	require.True(t, *got.Override)
	admin := "/api/alert-rules/members/" + tm.Members[practice.RoleAdmin].ID.String()
	require.Equal(t, http.StatusForbidden, clin.Do("PUT", admin, off, nil).StatusCode, "not another member's")
	require.Equal(t, http.StatusForbidden, clin.Do("DELETE", admin, "", nil).StatusCode, "nor clear it")
	require.Equal(t, http.StatusOK, owner.Do("PUT", admin, off, nil).StatusCode, "owners set anyone's")
	require.Equal(t, http.StatusOK, owner.Do("DELETE", admin, "", nil).StatusCode, "and clear it")
	apptest.Decode(t, owner.Do("GET", admin, "", nil), &got)
	require.False(t, *got.Override, "the practice's rules again")
	require.Equal(t, 3, *got.MissedInRow)
	require.Equal(t, 2, apptest.AuditCount(t, a, tm.ID, `action = 'alert_rules.change' AND subject_type = 'member'`))
	require.Equal(t, 1, apptest.AuditCount(t, a, tm.ID, `action = 'alert_rules.clear'`))
	foreign := "/api/alert-rules/members/" + other.Members[practice.RoleClinician].ID.String()
	res := owner.Do("PUT", foreign, off, nil)
	require.Equal(t, http.StatusNotFound, res.StatusCode, "another practice's clinician")
	apptest.Decode(t, owner.Do("GET", "/api/alert-rules", "", nil), &got)
	require.Equal(t, 3, *got.MissedInRow, "the practice's rules were not touched")
}

// A rule fires once per episode: missed tasks open one alert however often the rules are
// evaluated; answering ends the episode (the alert closes); missing again opens a new one.
// With email on, each new alert is emailed once.
func TestARuleFiresOncePerEpisode(t *testing.T) {
	t.Parallel()
	a, clk := apptest.NewClocked(t)
	tm := apptest.SeedTeam(t, a, "episodes")
	clin := tm.Caller(practice.RoleClinician)
	client, _ := tm.Fixture(t, a)
	as := apptest.AssignDaily(t, a, clin, client) // from yesterday, unanswered
	ctx := context.Background()
	svc := alertrules.NewService(a.DB, clk.Now)
	three, off := 3, (*int)(nil)
	require.NoError(t, svc.SetPracticeRules(ctx, tm.Caller(practice.RoleOwner),
		alertrules.Rules{MissedInRow: &three, SilentDays: off, Email: true}))
	evaluate := func() int {
		_, err := progress.RefreshPractice(ctx, a.DB, tm.ID, clk.Now())
		require.NoError(t, err)
		n, err := svc.Evaluate(ctx)
		require.NoError(t, err)
		return n
	}
	clk.Advance(3 * 24 * time.Hour) // yesterday's and the next two days' tasks now missed
	require.Equal(t, 1, evaluate(), "three missed in a row: an alert")
	require.Zero(t, evaluate(), "still the same episode")
	clk.Advance(24 * time.Hour)
	require.Zero(t, evaluate(), "four in a row is still the same episode")

	_, sess, err := a.LinkSvc().Exchange(ctx, apptest.LinkFor(t, a, clin, client), "192.0.2.30")
	require.NoError(t, err)
	answer := homework.NewService(a.DB, clk.Now)
	_, _, err = answer.Submit(ctx, sess, homework.Submission{AssignmentID: as.ID, Date: a.Today().AddDays(-1),
		Answers: apptest.DailyAnswers(), IdempotencyKey: uuid.New()}, "192.0.2.30", "test")
	require.NoError(t, err)
	require.Zero(t, evaluate(), "an answer ends the episode")
	list, unseen, err := svc.Mine(ctx, clin)
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.NotNil(t, list[0].ClosedAt)
	require.Equal(t, 1, unseen)

	clk.Advance(4 * 24 * time.Hour)
	require.Equal(t, 1, evaluate(), "missed again: a new episode, a new alert")
	list, _, err = svc.Mine(ctx, clin)
	require.NoError(t, err)
	require.Len(t, list, 2)
	require.Nil(t, list[0].ClosedAt, "the open one first")
	require.Equal(t, "Jo Client", list[0].ClientName)
	require.Equal(t, 2, a.CountRows(t, `SELECT count(*) FROM river_job WHERE kind = 'rule_alert_email'`), "one email per alert")
	require.NoError(t, svc.MarkSeen(ctx, clin))
	_, unseen, err = svc.Mine(ctx, clin)
	require.NoError(t, err)
	require.Zero(t, unseen)
}
