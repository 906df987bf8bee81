package app

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/exercises"
	"github.com/steadyhq/steady/internal/practice"
)

// A link's token is stored only as its hash, opening the page changes nothing, and wrong,
// revoked and expired tokens get the same neutral answer.
func TestHomeworkLinkSecurity(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	tm := seedTeam(t, a, "links")
	client, _ := tm.fixture(t, a)
	clin := tm.caller(practice.RoleClinician)
	token := linkFor(t, a, clin, client)

	var stored []byte
	var used *time.Time
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: tm.id}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT token_hash, last_used_at FROM homework_links WHERE client_id = ?`, client).Row().Scan(&stored, &used)
	}))
	sum := sha256.Sum256([]byte(token))
	require.Equal(t, sum[:], stored, "only the SHA-256 of the token is stored")
	require.Nil(t, used)

	b := a.browser(t)
	res := b.do("GET", "/h/"+token, "", nil) // what a mail scanner does
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "no-store", res.Header.Get("Cache-Control"))
	require.Equal(t, http.StatusUnauthorized, b.do("GET", "/api/homework/me", "", nil).StatusCode, "opening the page opened no session")

	neutral := func(tok string) apiError {
		res := a.browser(t).do("POST", "/api/homework/session", `{"token":"`+tok+`"}`, nil)
		require.Equal(t, http.StatusNotFound, res.StatusCode)
		return readError(t, res)
	}
	wrong := neutral("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	require.Equal(t, "link_inactive", wrong.Error.Code)

	cb := clientBrowser(t, a, token)
	require.Equal(t, http.StatusOK, cb.do("GET", "/api/homework/me", "", nil).StatusCode)
	require.NoError(t, a.homeworkSvc().RevokeLink(context.Background(), clin, client))
	require.Equal(t, wrong, neutral(token), "a revoked link answers exactly like a wrong one")
	require.Equal(t, http.StatusUnauthorized, cb.do("GET", "/api/homework/me", "", nil).StatusCode, "revoking ended the session")

	fresh := linkFor(t, a, clin, client)
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: tm.id}, func(tx *db.Tx) error {
		return tx.Gorm.Exec(`UPDATE homework_links SET expires_at = now() - interval '1 second' WHERE revoked_at IS NULL`).Error
	}))
	require.Equal(t, wrong, neutral(fresh), "an expired link answers exactly like a wrong one")
}

func TestHomeworkLinkGuessesAreRateLimited(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	b := a.browser(t)
	last := 0
	for i := 0; i < 21; i++ {
		res := b.do("POST", "/api/homework/session", `{"token":"`+uuid.NewString()+`"}`, nil)
		last = res.StatusCode
	}
	require.Equal(t, http.StatusTooManyRequests, last)
}

// Each partner's link shows only their own work; the other's tasks answer 404.
func TestPartnersSeeOnlyTheirOwnHomework(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	tm := seedTeam(t, a, "pair")
	one, _ := tm.fixture(t, a)
	two, _ := tm.fixture(t, a)
	clin := tm.caller(practice.RoleClinician)
	asOne, asTwo := assignDaily(t, a, clin, one), assignDaily(t, a, clin, two)
	b1 := clientBrowser(t, a, linkFor(t, a, clin, one))

	var today struct {
		Open []struct {
			AssignmentID string `json:"assignment_id"`
		} `json:"open"`
	}
	res := b1.do("GET", "/api/homework/today", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	decode(t, res, &today)
	require.NotEmpty(t, today.Open)
	for _, task := range today.Open {
		require.Equal(t, asOne.ID.String(), task.AssignmentID)
	}
	require.Equal(t, http.StatusNotFound, b1.do("GET", "/api/homework/tasks/"+asTwo.ID.String()+"/"+today_(), "", nil).StatusCode)
	res = b1.do("POST", "/api/homework/responses", submission(asTwo.ID, uuid.New()), nil)
	require.Equal(t, http.StatusNotFound, res.StatusCode)
	require.Equal(t, 0, countRows(t, a, tm.id, "responses"), "nothing was written for the other partner")
}

func today_() string { return today().String() }

func submission(assignment, key uuid.UUID) string {
	raw, _ := json.Marshal(map[string]any{"assignment_id": assignment, "date": today_(), "answers": dailyAnswers(),
		"idempotency_key": key})
	return string(raw)
}

func countRows(t *testing.T, a *testApp, practiceID uuid.UUID, table string) int {
	var n int
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: practiceID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT count(*) FROM ` + table).Row().Scan(&n)
	}))
	return n
}

// A double tap or a retry carries the same key and lands once; bad answers write nothing.
func TestSubmissionIsIdempotentAndChecked(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	tm := seedTeam(t, a, "idem")
	client, _ := tm.fixture(t, a)
	clin := tm.caller(practice.RoleClinician)
	as := assignDaily(t, a, clin, client)
	b := clientBrowser(t, a, linkFor(t, a, clin, client))

	bad := `{"assignment_id":"` + as.ID.String() + `","date":"` + today_() + `","idempotency_key":"` + uuid.NewString() +
		`","answers":{"flooded":"yes","signs":["heart","racing"],"how_high":11,"extra":true}}`
	res := b.do("POST", "/api/homework/responses", bad, nil)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	e := readError(t, res)
	require.Contains(t, e.Error.Fields, "answers.flooded")
	require.Contains(t, e.Error.Fields, "answers.signs")
	require.Contains(t, e.Error.Fields, "answers.how_high")
	require.Contains(t, e.Error.Fields, "answers.extra")

	key := uuid.New()
	first := b.do("POST", "/api/homework/responses", submission(as.ID, key), nil)
	require.Equal(t, http.StatusCreated, first.StatusCode)
	again := b.do("POST", "/api/homework/responses", submission(as.ID, key), nil)
	require.Equal(t, http.StatusOK, again.StatusCode)
	var r1, r2 struct{ ID string }
	decode(t, first, &r1)
	decode(t, again, &r2)
	require.Equal(t, r1.ID, r2.ID)
	require.Equal(t, 1, countRows(t, a, tm.id, "responses"))

	res = b.do("POST", "/api/homework/responses", submission(as.ID, uuid.New()), nil)
	require.Equal(t, http.StatusConflict, res.StatusCode)
	require.Equal(t, "already_answered", readError(t, res).Error.Code)

	future := `{"assignment_id":"` + as.ID.String() + `","date":"` + today().AddDays(3).String() +
		`","idempotency_key":"` + uuid.NewString() + `","answers":{}}`
	res = b.do("POST", "/api/homework/responses", future, nil)
	require.Equal(t, http.StatusConflict, res.StatusCode)
	require.Equal(t, "occurrence_not_open", readError(t, res).Error.Code)

	other := assignDaily(t, a, clin, client)
	_, err := a.exerciseSvc().Stop(context.Background(), clin, other.ID)
	require.NoError(t, err)
	res = b.do("POST", "/api/homework/responses", submission(other.ID, uuid.New()), nil)
	require.Equal(t, http.StatusConflict, res.StatusCode)
	require.Equal(t, "assignment_stopped", readError(t, res).Error.Code)
	require.Equal(t, 1, countRows(t, a, tm.id, "responses"))
}

// Trust-repair work for a couple needs a screen that says proceed; a positive screen needs a
// note, and proceeding over it is recorded.
func TestSafetyGate(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	tm := seedTeam(t, a, "gate")
	_, couple := tm.fixture(t, a)
	b := tm.browsers[practice.RoleClinician]
	assign := `{"couple_id":"` + couple.String() + `","exercise":{"library":"listen-reflect-allow"},
		"cadence":{"kind":"weekly","start":"` + today_() + `","weekdays":["sun"],"at":"18:00"}}`
	screen := func(positive bool, decision, note string) *http.Response {
		raw, _ := json.Marshal(map[string]any{"violence_or_fear": positive, "coercive_control": false,
			"active_addiction": false, "ongoing_contact": false, "decision": decision, "note": note})
		return b.do("POST", "/api/couples/"+couple.String()+"/safety-screens", string(raw), nil)
	}

	res := b.do("POST", "/api/assignments", assign, nil)
	require.Equal(t, http.StatusConflict, res.StatusCode)
	require.Equal(t, "safety_screen_required", readError(t, res).Error.Code)

	require.Equal(t, http.StatusCreated, screen(false, "hold", "").StatusCode)
	res = b.do("POST", "/api/assignments", assign, nil)
	require.Equal(t, "safety_screen_hold", readError(t, res).Error.Code)

	res = screen(true, "proceed", "")
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, readError(t, res).Error.Fields, "note")
	require.Equal(t, 0, countRows(t, a, tm.id, "assignments"))

	require.Equal(t, http.StatusCreated, screen(true, "proceed", "Fear was in the past; both want to continue.").StatusCode)
	res = b.do("POST", "/api/assignments", assign, nil)
	require.Equal(t, http.StatusCreated, res.StatusCode)
	var out struct {
		Assignments []struct {
			ClientID string `json:"client_id"`
		}
	}
	decode(t, res, &out)
	require.Len(t, out.Assignments, 2, "one assignment per partner")
	var over int
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: tm.id}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT count(*) FROM audit_events WHERE action = 'assignment.create'
			AND detail->>'over_positive_screen' = 'true'`).Row().Scan(&over)
	}))
	require.Equal(t, 2, over)
}

// An assignment keeps the template version it was given.
func TestAssignmentKeepsItsTemplateVersion(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	tm := seedTeam(t, a, "versions")
	client, _ := tm.fixture(t, a)
	ctx := context.Background()
	clin := tm.caller(practice.RoleClinician)
	ex := a.exerciseSvc()
	tpl, err := ex.CreateTemplate(ctx, clin, "when-you-are-flooded", nil)
	require.NoError(t, err)
	vs, err := ex.Assign(ctx, clin, exercises.AssignInput{ClientID: client,
		Exercise: &exercises.ExerciseRef{TemplateID: tpl.ID}, Rule: dailyFrom(today())})
	require.NoError(t, err)

	changed := tpl.Definition
	changed.Title = "Calming down, our way"
	changed.Fields = changed.Fields[:1]
	tpl2, err := ex.UpdateTemplate(ctx, clin, tpl.ID, changed)
	require.NoError(t, err)
	require.Equal(t, 2, tpl2.CurrentVersion)
	require.Len(t, tpl2.Versions, 2)

	got, err := ex.GetAssignment(ctx, clin, vs[0].ID)
	require.NoError(t, err)
	require.Equal(t, 1, *got.TemplateVersion)
	require.Equal(t, tpl.Definition.Title, got.Definition.Title)
	require.Len(t, got.Definition.Fields, len(tpl.Definition.Fields))
}

// Past entries need the PIN; wrong PINs are refused and rate limited.
func TestHistoryNeedsThePIN(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	tm := seedTeam(t, a, "pin")
	client, _ := tm.fixture(t, a)
	clin := tm.caller(practice.RoleClinician)
	token := linkFor(t, a, clin, client)
	b := clientBrowser(t, a, token)
	res := b.do("GET", "/api/homework/history", "", nil)
	require.Equal(t, http.StatusForbidden, res.StatusCode)
	require.Equal(t, "pin_required", readError(t, res).Error.Code)
	require.Equal(t, http.StatusUnprocessableEntity, b.do("POST", "/api/homework/pin", `{"pin":"12a4"}`, nil).StatusCode)
	for pin, why := range map[string]string{"1234": "sequence", "0000": "one digit", "2580": "keypad", "1212": "pattern"} {
		res := b.do("POST", "/api/homework/pin", `{"pin":"`+pin+`"}`, nil)
		require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, pin)
		require.Contains(t, readError(t, res).Error.Fields["pin"], why, pin)
	}
	require.Equal(t, http.StatusOK, b.do("POST", "/api/homework/pin", `{"pin":"4826"}`, nil).StatusCode)
	require.Equal(t, http.StatusOK, b.do("GET", "/api/homework/history", "", nil).StatusCode)

	other := clientBrowser(t, a, token) // a second device: the PIN is asked again
	require.Equal(t, http.StatusForbidden, other.do("GET", "/api/homework/history", "", nil).StatusCode)
	require.Equal(t, "wrong_pin", readError(t, other.do("POST", "/api/homework/pin/verify", `{"pin":"1111"}`, nil)).Error.Code)
	require.Equal(t, http.StatusOK, other.do("POST", "/api/homework/pin/verify", `{"pin":"4826"}`, nil).StatusCode)
	for i := 0; i < 3; i++ {
		other.do("POST", "/api/homework/pin/verify", `{"pin":"0000"}`, nil)
	}
	require.Equal(t, http.StatusTooManyRequests, other.do("POST", "/api/homework/pin/verify", `{"pin":"4826"}`, nil).StatusCode)
}

// A practice may turn the PIN off; a settings change that leaves the field out keeps it.
func TestPracticeMayTurnThePINOff(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	tm := seedTeam(t, a, "nopin")
	client, _ := tm.fixture(t, a)
	owner := tm.browsers[practice.RoleOwner]
	settings := `{"name":"No PIN Practice","time_zone":"Europe/London","reminder_window_start":"08:00",
		"reminder_window_end":"20:00","quiet_hours_start":"21:00","quiet_hours_end":"08:00"`
	res := owner.do("PATCH", "/api/practice", settings+`,"homework_pin_required":false}`, nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	res = owner.do("PATCH", "/api/practice", settings+`}`, nil)
	var st struct {
		HomeworkPINRequired bool `json:"homework_pin_required"`
	}
	decode(t, res, &st)
	require.False(t, st.HomeworkPINRequired, "left out, the rule stays as it was")

	b := clientBrowser(t, a, linkFor(t, a, tm.caller(practice.RoleClinician), client))
	var me struct {
		PIN struct{ Required, Set, Verified bool } `json:"pin"`
	}
	decode(t, b.do("GET", "/api/homework/me", "", nil), &me)
	require.False(t, me.PIN.Required)
	require.True(t, me.PIN.Verified)
	require.Equal(t, http.StatusOK, b.do("GET", "/api/homework/history", "", nil).StatusCode)
}

// A client who moves keeps the instants of days already past; days ahead follow the new zone.
func TestMovingTimeZoneKeepsPastOccurrences(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	tm := seedTeam(t, a, "moves")
	ctx := context.Background()
	clin := tm.caller(practice.RoleClinician)
	svc := clients.NewService(a.DB)
	c, err := svc.Create(ctx, clin, clients.Input{Name: "Robin Mover", TimeZone: "America/New_York"})
	require.NoError(t, err)
	vs, err := a.exerciseSvc().Assign(ctx, clin, exercises.AssignInput{ClientID: c.ID,
		Exercise: &exercises.ExerciseRef{Library: "name-the-win"},
		Rule:     cadence.Rule{Kind: cadence.Daily, Start: today().AddDays(-5), At: cadence.Clock{Hour: 8}}})
	require.NoError(t, err)
	before := map[cadence.Date]time.Time{}
	for _, o := range vs[0].Occurrences {
		before[o.Date] = o.Due
	}

	_, err = svc.Update(ctx, clin, c.ID, clients.Input{Name: "Robin Mover", TimeZone: "Europe/London",
		ClinicianIDs: []uuid.UUID{clin.UserID}})
	require.NoError(t, err)
	after, err := a.exerciseSvc().GetAssignment(ctx, clin, vs[0].ID)
	require.NoError(t, err)
	london, _ := time.LoadLocation("Europe/London")
	seen := map[cadence.Date]bool{}
	for _, o := range after.Occurrences {
		require.False(t, seen[o.Date], "each day once")
		seen[o.Date] = true
		switch {
		case o.Date.Before(today()):
			require.Equal(t, before[o.Date], o.Due, "%s already passed in New York", o.Date)
		case o.Date.After(today().AddDays(1)):
			require.Equal(t, 8, o.Due.In(london).Hour(), "%s is at 08:00 in London", o.Date)
		}
	}
	// Past days are all kept. (How far ahead the list reaches is counted in instants, so the
	// two zones' lists may end a day apart at some hours: their lengths are not compared.)
	for d := range before {
		if d.Before(today()) {
			require.True(t, seen[d], "%s is kept", d)
		}
	}
}
