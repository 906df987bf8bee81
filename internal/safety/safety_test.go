package safety_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/stretchr/testify/require"
)

// The safety hold is judged by the exercise, not the route: trust-repair work is refused for
// either partner, by couple or by client id, while the couple's newest screen is missing or
// says hold; a hold pauses what both partners already have, audited, and only a screen that
// says proceed lets it resume.
func TestSafetyHoldHoldsForEachPartner(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "hold")
	partner, couple := tm.Fixture(t, a)
	other := otherPartner(t, a, tm, couple, partner)
	b := tm.Browsers[practice.RoleClinician]
	cadence := `"cadence":{"kind":"daily","start":"` + apptest.Today().String() + `","at":"19:00"}`
	toClient := func(id uuid.UUID, slug string) *http.Response {
		return b.Do("POST", "/api/assignments", `{"client_id":"`+id.String()+`","exercise":{"library":"`+slug+`"},`+cadence+`}`, nil)
	}
	toCouple := func(slug string) *http.Response {
		return b.Do("POST", "/api/assignments", `{"couple_id":"`+couple.String()+`","exercise":{"library":"`+slug+`"},`+cadence+`}`, nil)
	}
	screen := func(coercive bool, decision, note string) *http.Response {
		raw, _ := json.Marshal(map[string]any{"violence_or_fear": false, "coercive_control": coercive,
			"active_addiction": false, "ongoing_contact": false, "decision": decision, "note": note})
		return b.Do("POST", "/api/couples/"+couple.String()+"/safety-screens", string(raw), nil)
	}
	refused := func(res *http.Response, code string) {
		t.Helper()
		require.Equal(t, http.StatusConflict, res.StatusCode)
		require.Equal(t, code, apptest.ReadError(t, res).Error.Code)
	}

	// No screen yet: trust-repair work is refused to each partner alone, as to the couple;
	// work outside trust repair needs no screen.
	refused(toClient(partner, "consistency-log"), "safety_screen_required")
	refused(toClient(other, "follow-through-log"), "safety_screen_required")
	refused(toCouple("listen-reflect-allow"), "safety_screen_required")
	require.Equal(t, 0, apptest.TenantRows(t, a, tm.ID, "assignments"))
	require.Equal(t, http.StatusCreated, toClient(partner, "when-you-are-flooded").StatusCode)

	// Proceed: the same exercises go out by either route.
	require.Equal(t, http.StatusCreated, screen(false, "proceed", "").StatusCode)
	require.Equal(t, http.StatusCreated, toClient(partner, "consistency-log").StatusCode)
	require.Equal(t, http.StatusCreated, toClient(other, "follow-through-log").StatusCode)
	require.Equal(t, http.StatusCreated, toCouple("listen-reflect-allow").StatusCode)

	// Hold: all four trust-repair assignments pause at once and are named; the other stays.
	res := screen(true, "hold", "Coercive control disclosed in session.")
	require.Equal(t, http.StatusCreated, res.StatusCode)
	var held struct {
		Decision string `json:"decision"`
		Paused   []struct {
			ID         uuid.UUID `json:"id"`
			ClientID   uuid.UUID `json:"client_id"`
			ClientName string    `json:"client_name"`
			Title      string    `json:"title"`
		} `json:"paused_assignments"`
	}
	apptest.Decode(t, res, &held)
	require.Equal(t, "hold", held.Decision)
	titles := map[string]int{}
	for _, p := range held.Paused {
		titles[p.Title]++
		require.NotEmpty(t, p.ClientName)
	}
	require.Equal(t, map[string]int{"Daily consistency log": 1, "Private follow-through log": 1, "Listen, reflect, allow": 2}, titles)
	require.Equal(t, map[string]int{"active": 1, "paused": 4}, statuses(t, a, tm.ID))
	require.Equal(t, 4, apptest.AuditCount(t, a, tm.ID, `action = 'assignment.pause' AND detail->>'reason' = 'safety_screen_hold'`))

	// While the hold stands nothing trust-repair is assigned or resumed, by any route.
	refused(toClient(partner, "consistency-log"), "safety_screen_hold")
	refused(toClient(other, "naming-what-i-did"), "safety_screen_hold")
	refused(toCouple("listen-reflect-allow"), "safety_screen_hold")
	resume := "/api/assignments/" + held.Paused[0].ID.String() + "/resume"
	refused(b.Do("POST", resume, "", nil), "safety_screen_hold")
	// A practice template moved out of the phases is still written for one side of a betrayal.
	tpl, err := a.LibrarySvc().CreateTemplate(context.Background(), tm.Caller(practice.RoleClinician), "consistency-log", nil)
	require.NoError(t, err)
	def := tpl.Definition
	def.Phase = "any"
	_, err = a.LibrarySvc().UpdateTemplate(context.Background(), tm.Caller(practice.RoleClinician), tpl.ID, def)
	require.NoError(t, err)
	refused(b.Do("POST", "/api/assignments", `{"client_id":"`+partner.String()+`","exercise":{"template_id":"`+
		tpl.ID.String()+`"},`+cadence+`}`, nil), "safety_screen_hold")
	require.Equal(t, map[string]int{"active": 1, "paused": 4}, statuses(t, a, tm.ID))

	// A new screen that says proceed lets the clinician resume; it resumes nothing by itself.
	require.Equal(t, http.StatusCreated, screen(false, "proceed", "").StatusCode)
	require.Equal(t, map[string]int{"active": 1, "paused": 4}, statuses(t, a, tm.ID))
	require.Equal(t, http.StatusOK, b.Do("POST", resume, "", nil).StatusCode)
	require.Equal(t, map[string]int{"active": 2, "paused": 3}, statuses(t, a, tm.ID))
}

// otherPartner is the couple's partner who is not the given one.
func otherPartner(t *testing.T, a *apptest.App, tm *apptest.Team, couple, partner uuid.UUID) uuid.UUID {
	k, err := clients.NewService(a.DB).GetCouple(context.Background(), tm.Caller(practice.RoleOwner), couple)
	require.NoError(t, err)
	for _, p := range k.Partners {
		if p.ClientID != partner {
			return p.ClientID
		}
	}
	t.Fatal("the couple has one partner")
	return uuid.Nil
}

func statuses(t *testing.T, a *apptest.App, practiceID uuid.UUID) map[string]int {
	out := map[string]int{}
	var rows []struct {
		Status string
		N      int
	}
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: practiceID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT status, count(*) AS n FROM assignments GROUP BY status`).Scan(&rows).Error
	}))
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out
}

// Trust-repair work for a couple needs a screen that says proceed; a positive screen needs a
// note, and proceeding over it is recorded.
func TestSafetyGate(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "gate")
	_, couple := tm.Fixture(t, a)
	b := tm.Browsers[practice.RoleClinician]
	assign := `{"couple_id":"` + couple.String() + `","exercise":{"library":"listen-reflect-allow"},
		"cadence":{"kind":"weekly","start":"` + apptest.Today().String() + `","weekdays":["sun"],"at":"18:00"}}`
	screen := func(positive bool, decision, note string) *http.Response {
		raw, _ := json.Marshal(map[string]any{"violence_or_fear": positive, "coercive_control": false,
			"active_addiction": false, "ongoing_contact": false, "decision": decision, "note": note})
		return b.Do("POST", "/api/couples/"+couple.String()+"/safety-screens", string(raw), nil)
	}

	res := b.Do("POST", "/api/assignments", assign, nil)
	require.Equal(t, http.StatusConflict, res.StatusCode)
	require.Equal(t, "safety_screen_required", apptest.ReadError(t, res).Error.Code)

	require.Equal(t, http.StatusCreated, screen(false, "hold", "").StatusCode)
	res = b.Do("POST", "/api/assignments", assign, nil)
	require.Equal(t, "safety_screen_hold", apptest.ReadError(t, res).Error.Code)

	res = screen(true, "proceed", "")
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, apptest.ReadError(t, res).Error.Fields, "note")
	require.Equal(t, 0, apptest.TenantRows(t, a, tm.ID, "assignments"))

	require.Equal(t, http.StatusCreated, screen(true, "proceed", "Fear was in the past; both want to continue.").StatusCode)
	res = b.Do("POST", "/api/assignments", assign, nil)
	require.Equal(t, http.StatusCreated, res.StatusCode)
	var out struct {
		Assignments []struct {
			ClientID string `json:"client_id"`
		}
	}
	apptest.Decode(t, res, &out)
	require.Len(t, out.Assignments, 2, "one assignment per partner")
	var over int
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT count(*) FROM audit_events WHERE action = 'assignment.create'
			AND detail->>'over_positive_screen' = 'true'`).Row().Scan(&over)
	}))
	require.Equal(t, 2, over)
}
