package alertrules_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/practice"
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
