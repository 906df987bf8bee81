package safety_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

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
