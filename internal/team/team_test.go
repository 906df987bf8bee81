package team_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/team"
)

func TestRoleChangesAndDeactivation(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "iota")
	admin, clin := tm.Browsers[practice.RoleAdmin], tm.Browsers[practice.RoleClinician]
	clinID := tm.Members[practice.RoleClinician].ID.String()
	ownerID := tm.Members[practice.RoleOwner].ID.String()
	adminID := tm.Members[practice.RoleAdmin].ID.String()

	cases := []struct {
		name, path, body string
		status           int
		code             string
	}{
		{"make someone owner", "/api/team/members/" + clinID, `{"role":"owner"}`, 422, "validation_failed"},
		{"unknown role", "/api/team/members/" + clinID, `{"role":"boss"}`, 422, "validation_failed"},
		{"change the owner", "/api/team/members/" + ownerID, `{"role":"clinician"}`, 409, "owner_protected"},
		{"change yourself", "/api/team/members/" + adminID, `{"role":"clinician"}`, 409, "own_membership"},
		{"someone of another practice", "/api/team/members/" + apptest.SeedTeam(t, a, "kappa").Members[practice.RoleClinician].ID.String(), `{"role":"admin"}`, 404, "not_found"},
	}
	for _, tc := range cases {
		res := admin.Do("PATCH", tc.path, tc.body, nil)
		require.Equal(t, tc.status, res.StatusCode, tc.name)
		require.Equal(t, tc.code, apptest.ReadError(t, res).Error.Code, tc.name)
	}

	require.Equal(t, http.StatusNoContent, admin.Do("PATCH", "/api/team/members/"+clinID, `{"role":"admin"}`, nil).StatusCode)
	var me struct{ Role string }
	apptest.Decode(t, clin.Do("GET", "/api/auth/me", "", nil), &me)
	require.Equal(t, "admin", me.Role, "a role change applies to the next request")
	require.Equal(t, http.StatusNoContent, admin.Do("PATCH", "/api/team/members/"+clinID, `{"role":"clinician"}`, nil).StatusCode)

	// Deactivation ends the member's session at once and keeps them out.
	require.Equal(t, http.StatusNoContent, admin.Do("POST", "/api/team/members/"+clinID+"/deactivate", "", nil).StatusCode)
	require.Equal(t, http.StatusUnauthorized, clin.Do("GET", "/api/auth/me", "", nil).StatusCode)
	res := a.Browser(t).PostJSON("/api/auth/login", map[string]string{"email": tm.Members[practice.RoleClinician].Email, "password": "long enough password"})
	require.Equal(t, http.StatusForbidden, res.StatusCode)
	require.Equal(t, "no_practice", apptest.ReadError(t, res).Error.Code)

	var members struct {
		Members []struct {
			Status string
		}
	}
	apptest.Decode(t, admin.Do("GET", "/api/team/members", "", nil), &members)
	require.Len(t, members.Members, 3)

	require.Equal(t, http.StatusNoContent, admin.Do("POST", "/api/team/members/"+clinID+"/reactivate", "", nil).StatusCode)
	res = a.Browser(t).PostJSON("/api/auth/login", map[string]string{"email": tm.Members[practice.RoleClinician].Email, "password": "long enough password"})
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Subset(t, apptest.AuditActionsAll(t, a, tm), []string{"member.role_change", "member.deactivate", "member.reactivate"})
}

func TestPracticeSettings(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "lambda")
	admin := tm.Browsers[practice.RoleAdmin]
	var st map[string]any
	apptest.Decode(t, admin.Do("GET", "/api/practice", "", nil), &st)
	require.Equal(t, "UTC", st["time_zone"])
	require.Equal(t, "22:00", st["quiet_hours_start"])

	bad := map[string]struct{ body, field string }{
		"unknown zone":         {`{"name":"P","time_zone":"Nowhere/Land","reminder_window_start":"08:00","reminder_window_end":"20:00","quiet_hours_start":"21:00","quiet_hours_end":"07:00"}`, "time_zone"},
		"bad time":             {`{"name":"P","time_zone":"UTC","reminder_window_start":"24:00","reminder_window_end":"20:00","quiet_hours_start":"21:00","quiet_hours_end":"07:00"}`, "reminder_window_start"},
		"window backwards":     {`{"name":"P","time_zone":"UTC","reminder_window_start":"20:00","reminder_window_end":"08:00","quiet_hours_start":"21:00","quiet_hours_end":"07:00"}`, "reminder_window_end"},
		"quiet all the window": {`{"name":"P","time_zone":"UTC","reminder_window_start":"09:00","reminder_window_end":"17:00","quiet_hours_start":"08:00","quiet_hours_end":"18:00"}`, "quiet_hours_start"},
		"missing name":         {`{"time_zone":"UTC","reminder_window_start":"08:00","reminder_window_end":"20:00","quiet_hours_start":"21:00","quiet_hours_end":"07:00"}`, "name"},
	}
	for name, tc := range bad {
		res := admin.Do("PATCH", "/api/practice", tc.body, nil)
		require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, name)
		require.Contains(t, apptest.ReadError(t, res).Error.Fields, tc.field, name)
	}
	apptest.Decode(t, admin.Do("GET", "/api/practice", "", nil), &st)
	require.Equal(t, "lambda", st["name"], "refused changes write nothing")

	res := admin.Do("PATCH", "/api/practice", `{"name":"Lambda Couples","time_zone":"America/Chicago","reminder_window_start":"07:30","reminder_window_end":"21:00","quiet_hours_start":"22:00","quiet_hours_end":"07:00","require_two_factor":true}`, nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	var saved struct {
		TimeZone         string `json:"time_zone"`
		Start            string `json:"reminder_window_start"`
		RequireTwoFactor bool   `json:"require_two_factor"`
	}
	apptest.Decode(t, res, &saved)
	require.Equal(t, "America/Chicago", saved.TimeZone)
	require.Equal(t, "07:30", saved.Start)
	require.True(t, saved.RequireTwoFactor)
	// An update that leaves the switch out keeps it: a partial form never turns it off. (The
	// admin has no two-factor yet, so from here only the service can change settings.)
	svc := team.NewService(a.DB)
	_, err := svc.UpdateSettings(context.Background(), tm.Caller(practice.RoleAdmin), team.Settings{Name: "Lambda",
		TimeZone: "UTC", ReminderWindowStart: "08:00", ReminderWindowEnd: "20:00", QuietHoursStart: "22:00", QuietHoursEnd: "07:00"})
	require.NoError(t, err)
	kept, err := svc.GetSettings(context.Background(), tm.Caller(practice.RoleAdmin))
	require.NoError(t, err)
	require.True(t, *kept.RequireTwoFactor)
	// The requirement applies at once: a member without two-factor is sent to enrol.
	res = tm.Browsers[practice.RoleClinician].Do("GET", "/api/clients", "", nil)
	require.Equal(t, http.StatusForbidden, res.StatusCode)
	require.Equal(t, "two_factor_enrolment_required", apptest.ReadError(t, res).Error.Code)
	require.Equal(t, http.StatusForbidden, tm.Browsers[practice.RoleClinician].Do("PATCH", "/api/practice", `{}`, nil).StatusCode)
	require.Equal(t, false, st["require_two_factor"])
}

func TestOwnershipTransfer(t *testing.T) {
	t.Parallel()
	_, tm := setup(t, "omicron")
	owner, admin := tm.Browsers[practice.RoleOwner], tm.Browsers[practice.RoleAdmin]
	adminID := tm.Members[practice.RoleAdmin].ID.String()
	require.Equal(t, http.StatusForbidden, admin.Do("POST", "/api/team/members/"+adminID+"/make-owner", "", nil).StatusCode)
	require.Equal(t, http.StatusNoContent, owner.Do("POST", "/api/team/members/"+adminID+"/make-owner", "", nil).StatusCode)
	var me struct{ Role string }
	apptest.Decode(t, admin.Do("GET", "/api/auth/me", "", nil), &me)
	require.Equal(t, "owner", me.Role)
	apptest.Decode(t, owner.Do("GET", "/api/auth/me", "", nil), &me)
	require.Equal(t, "admin", me.Role, "exactly one owner")
}

func TestSwitchingBetweenPractices(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	apptest.StartWorkers(t, a)
	first := apptest.SeedTeam(t, a, "pi")
	second := apptest.SeedTeam(t, a, "rho")
	person := first.Members[practice.RoleClinician]
	b := first.Browsers[practice.RoleClinician]

	apptest.Decode(t, second.Browsers[practice.RoleAdmin].Do("POST", "/api/team/invitations", `{"email":"`+person.Email+`","role":"admin"}`, nil), &struct{}{})
	token := invitationToken(t, second.Browsers[practice.RoleAdmin], person.Email, nil)
	res := a.Browser(t).PostJSON("/api/invitations/accept", map[string]string{"token": token, "password": person.Password})
	require.Equal(t, http.StatusOK, res.StatusCode)

	var list struct {
		Practices []struct {
			PracticeID string `json:"practice_id"`
			Role       string
			Current    bool
		}
	}
	apptest.Decode(t, b.Do("GET", "/api/auth/practices", "", nil), &list)
	require.Len(t, list.Practices, 2)

	res = b.Do("POST", "/api/auth/switch", `{"practice_id":"`+second.ID.String()+`"}`, nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	var me struct {
		Role     string
		Practice struct{ Name string }
	}
	apptest.Decode(t, res, &me)
	require.Equal(t, "admin", me.Role)
	require.Equal(t, "rho", me.Practice.Name)
	apptest.Decode(t, b.Do("GET", "/api/auth/me", "", nil), &me)
	require.Equal(t, "rho", me.Practice.Name, "the same session now works in the other practice")

	res = b.Do("POST", "/api/auth/switch", `{"practice_id":"`+apptest.SeedTeam(t, a, "sigma").ID.String()+`"}`, nil)
	require.Equal(t, http.StatusNotFound, res.StatusCode)
	require.Equal(t, "not_a_member", apptest.ReadError(t, res).Error.Code)
}
