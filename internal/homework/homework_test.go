package homework_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/practice"
)

// Each partner's link shows only their own work; the other's tasks answer 404.
func TestPartnersSeeOnlyTheirOwnHomework(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "pair")
	one, _ := tm.Fixture(t, a)
	two, _ := tm.Fixture(t, a)
	clin := tm.Caller(practice.RoleClinician)
	asOne, asTwo := apptest.AssignDaily(t, a, clin, one), apptest.AssignDaily(t, a, clin, two)
	b1 := apptest.ClientBrowser(t, a, apptest.LinkFor(t, a, clin, one))

	var today struct {
		Open []struct {
			AssignmentID string `json:"assignment_id"`
		} `json:"open"`
	}
	res := b1.Do("GET", "/api/homework/today", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	apptest.Decode(t, res, &today)
	require.NotEmpty(t, today.Open)
	for _, task := range today.Open {
		require.Equal(t, asOne.ID.String(), task.AssignmentID)
	}
	require.Equal(t, http.StatusNotFound, b1.Do("GET", "/api/homework/tasks/"+asTwo.ID.String()+"/"+apptest.Today().String(), "", nil).StatusCode)
	res = b1.Do("POST", "/api/homework/responses", submission(asTwo.ID, uuid.New()), nil)
	require.Equal(t, http.StatusNotFound, res.StatusCode)
	require.Equal(t, 0, apptest.TenantRows(t, a, tm.ID, "responses"), "nothing was written for the other partner")
}

func submission(assignment, key uuid.UUID) string {
	raw, _ := json.Marshal(map[string]any{"assignment_id": assignment, "date": apptest.Today().String(), "answers": apptest.DailyAnswers(),
		"idempotency_key": key})
	return string(raw)
}

// A double tap or a retry carries the same key and lands once; bad answers write nothing.
func TestSubmissionIsIdempotentAndChecked(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "idem")
	client, _ := tm.Fixture(t, a)
	clin := tm.Caller(practice.RoleClinician)
	as := apptest.AssignDaily(t, a, clin, client)
	b := apptest.ClientBrowser(t, a, apptest.LinkFor(t, a, clin, client))

	bad := `{"assignment_id":"` + as.ID.String() + `","date":"` + apptest.Today().String() + `","idempotency_key":"` + uuid.NewString() +
		`","answers":{"flooded":"yes","signs":["heart","racing"],"how_high":11,"extra":true}}`
	res := b.Do("POST", "/api/homework/responses", bad, nil)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	e := apptest.ReadError(t, res)
	require.Contains(t, e.Error.Fields, "answers.flooded")
	require.Contains(t, e.Error.Fields, "answers.signs")
	require.Contains(t, e.Error.Fields, "answers.how_high")
	require.Contains(t, e.Error.Fields, "answers.extra")

	key := uuid.New()
	first := b.Do("POST", "/api/homework/responses", submission(as.ID, key), nil)
	require.Equal(t, http.StatusCreated, first.StatusCode)
	again := b.Do("POST", "/api/homework/responses", submission(as.ID, key), nil)
	require.Equal(t, http.StatusOK, again.StatusCode)
	var r1, r2 struct{ ID string }
	apptest.Decode(t, first, &r1)
	apptest.Decode(t, again, &r2)
	require.Equal(t, r1.ID, r2.ID)
	require.Equal(t, 1, apptest.TenantRows(t, a, tm.ID, "responses"))

	res = b.Do("POST", "/api/homework/responses", submission(as.ID, uuid.New()), nil)
	require.Equal(t, http.StatusConflict, res.StatusCode)
	require.Equal(t, "already_answered", apptest.ReadError(t, res).Error.Code)

	future := `{"assignment_id":"` + as.ID.String() + `","date":"` + apptest.Today().AddDays(3).String() +
		`","idempotency_key":"` + uuid.NewString() + `","answers":{}}`
	res = b.Do("POST", "/api/homework/responses", future, nil)
	require.Equal(t, http.StatusConflict, res.StatusCode)
	require.Equal(t, "occurrence_not_open", apptest.ReadError(t, res).Error.Code)

	other := apptest.AssignDaily(t, a, clin, client)
	_, err := a.AssignmentSvc().Stop(context.Background(), clin, other.ID)
	require.NoError(t, err)
	res = b.Do("POST", "/api/homework/responses", submission(other.ID, uuid.New()), nil)
	require.Equal(t, http.StatusConflict, res.StatusCode)
	require.Equal(t, "assignment_stopped", apptest.ReadError(t, res).Error.Code)
	// Yesterday's task fell due before the stop whatever the hour now; it is closed too.
	late := strings.Replace(submission(other.ID, uuid.New()), apptest.Today().String(), apptest.Today().AddDays(-1).String(), 1)
	res = b.Do("POST", "/api/homework/responses", late, nil)
	require.Equal(t, http.StatusConflict, res.StatusCode)
	require.Equal(t, "assignment_stopped", apptest.ReadError(t, res).Error.Code)

	// A retry that arrives after the assignment was stopped still gets its first receipt.
	_, err = a.AssignmentSvc().Stop(context.Background(), clin, as.ID)
	require.NoError(t, err)
	late = submission(as.ID, key)
	res = b.Do("POST", "/api/homework/responses", late, nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	var r3 struct{ ID string }
	apptest.Decode(t, res, &r3)
	require.Equal(t, r1.ID, r3.ID)
	require.Equal(t, 1, apptest.TenantRows(t, a, tm.ID, "responses"))
}

// A client who moves keeps the instants of days already past; days ahead follow the new zone.
func TestMovingTimeZoneKeepsPastOccurrences(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "moves")
	ctx := context.Background()
	clin := tm.Caller(practice.RoleClinician)
	svc := clients.NewService(a.DB)
	c, err := svc.Create(ctx, clin, clients.Input{Name: "Robin Mover", TimeZone: "America/New_York"})
	require.NoError(t, err)
	vs, err := a.AssignmentSvc().Assign(ctx, clin, assignments.AssignInput{ClientID: c.ID,
		Exercise: &library.Ref{Library: "name-the-win"},
		Rule:     cadence.Rule{Kind: cadence.Daily, Start: apptest.Today().AddDays(-5), At: cadence.Clock{Hour: 8}}})
	require.NoError(t, err)
	before := map[cadence.Date]time.Time{}
	for _, o := range vs[0].Occurrences {
		before[o.Date] = o.Due
	}

	_, err = svc.Update(ctx, clin, c.ID, clients.Input{Name: "Robin Mover", TimeZone: "Europe/London",
		ClinicianIDs: []uuid.UUID{clin.UserID}})
	require.NoError(t, err)
	after, err := a.AssignmentSvc().GetAssignment(ctx, clin, vs[0].ID)
	require.NoError(t, err)
	london, _ := time.LoadLocation("Europe/London")
	seen := map[cadence.Date]bool{}
	for _, o := range after.Occurrences {
		require.False(t, seen[o.Date], "each day once")
		seen[o.Date] = true
		switch {
		case o.Date.Before(apptest.Today()):
			require.Equal(t, before[o.Date], o.Due, "%s already passed in New York", o.Date)
		case o.Date.After(apptest.Today().AddDays(1)):
			require.Equal(t, 8, o.Due.In(london).Hour(), "%s is at 08:00 in London", o.Date)
		}
	}
	// Past days are all kept. (How far ahead the list reaches is counted in instants, so the
	// two zones' lists may end a day apart at some hours: their lengths are not compared.)
	for d := range before {
		if d.Before(apptest.Today()) {
			require.True(t, seen[d], "%s is kept", d)
		}
	}
}
