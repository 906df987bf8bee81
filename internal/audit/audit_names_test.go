package audit_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/practice"
)

type namedEvent struct {
	Action       string
	SubjectType  string  `json:"subject_type"`
	SubjectID    string  `json:"subject_id"`
	SubjectName  string  `json:"subject_name"`
	SubjectFound bool    `json:"subject_found"`
	ClientID     string  `json:"client_id"`
	ClientName   *string `json:"client_name"`
}

// eventFor finds the newest event with action about subject id.
func eventFor(t *testing.T, events []namedEvent, action, id string) namedEvent {
	t.Helper()
	for _, e := range events {
		if e.Action == action && e.SubjectID == id {
			return e
		}
	}
	t.Fatalf("no %s event for %s", action, id)
	return namedEvent{}
}

func TestAuditRowsNameTheirSubjects(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "omicron")
	owner, admin := tm.Browsers[practice.RoleOwner], tm.Browsers[practice.RoleAdmin]
	// The couple's new partners are the owner's to treat, so the owner can set Alex homework.
	var k apptest.CoupleOut
	apptest.Decode(t, admin.Do("POST", "/api/couples", `{"name":"Sam and Alex","clinician_ids":["`+
		tm.Members[practice.RoleOwner].ID.String()+`"],"partners":[
		{"new_client":{"name":"Samira Haddad","time_zone":"UTC"}},{"new_client":{"name":"Alex Moreau","time_zone":"UTC"}}]}`, nil), &k)
	sam, _ := k.Partner(t, "Samira Haddad")
	alex, _ := k.Partner(t, "Alex Moreau")
	ownerCaller := tm.Caller(practice.RoleOwner)
	tpl, err := a.LibrarySvc().CreateTemplate(context.Background(), ownerCaller, "when-you-are-flooded", nil)
	require.NoError(t, err)
	as := apptest.AssignDaily(t, a, ownerCaller, uuid.MustParse(alex))
	// A role refused a route leaves a row whose subject is the route.
	require.Equal(t, http.StatusForbidden, tm.Browsers[practice.RoleClinician].Do("GET", "/api/audit", "", nil).StatusCode)
	clinician := tm.Members[practice.RoleClinician].ID.String()
	require.Equal(t, http.StatusNoContent, owner.Do("PATCH", "/api/team/members/"+clinician, `{"role":"admin"}`, nil).StatusCode)
	require.Equal(t, http.StatusNoContent, owner.Do("DELETE", "/api/clients/"+sam, "", nil).StatusCode)

	var out struct{ Events []namedEvent }
	apptest.Decode(t, owner.Do("GET", "/api/audit?limit=500", "", nil), &out)

	couple := eventFor(t, out.Events, "couple.create", k.ID)
	require.Equal(t, "Sam and Alex", couple.SubjectName)
	require.True(t, couple.SubjectFound)

	created := eventFor(t, out.Events, "client.create", alex)
	require.Equal(t, "Alex Moreau", created.SubjectName)
	require.NotNil(t, created.ClientName)
	require.Equal(t, "Alex Moreau", *created.ClientName)

	template := eventFor(t, out.Events, "template.create", tpl.ID.String())
	require.Equal(t, tpl.Title, template.SubjectName)
	require.True(t, template.SubjectFound)

	assigned := eventFor(t, out.Events, "assignment.create", as.ID.String())
	require.Equal(t, as.Title+", for Alex Moreau", assigned.SubjectName)

	member := eventFor(t, out.Events, "member.role_change", clinician)
	require.Equal(t, "Pat clinician", member.SubjectName)

	// Sam was erased: their rows keep the id, and name them by type and a short id, not a 500.
	erased := eventFor(t, out.Events, "client.erase", sam)
	require.Equal(t, "Client "+sam[:8], erased.SubjectName)
	require.False(t, erased.SubjectFound)
	require.Nil(t, erased.ClientName, "an erased client has no name left to show")

	route := eventFor(t, out.Events, "access.denied", "GET /api/audit")
	require.Equal(t, "GET /api/audit", route.SubjectName)
	require.False(t, route.SubjectFound)
}

func TestAuditDatesAreTheViewersLocalDays(t *testing.T) {
	t.Parallel()
	_, tm := setup(t, "pi")
	admin := tm.Browsers[practice.RoleAdmin]
	var c apptest.ClientOut
	apptest.Decode(t, admin.Do("POST", "/api/clients", `{"name":"Dated Client","time_zone":"UTC"}`, nil), &c)

	// The row was written just now; in Kiritimati (UTC+14) that is a different day from UTC's
	// for ten hours of every day, so the filter is tried there, by that zone's own calendar.
	zone := "Pacific/Kiritimati"
	loc, err := time.LoadLocation(zone)
	require.NoError(t, err)
	local := time.Now().In(loc)
	day := func(d int) string { return local.AddDate(0, 0, d).Format(time.DateOnly) }
	count := func(from, to string) int {
		q := url.Values{"client_id": {c.ID}, "from": {from}, "to": {to}, "tz": {zone}}
		res := admin.Do("GET", "/api/audit?"+q.Encode(), "", nil)
		require.Equal(t, http.StatusOK, res.StatusCode)
		var out struct{ Events []namedEvent }
		apptest.Decode(t, res, &out)
		return len(out.Events)
	}
	require.Equal(t, 1, count(day(-1), day(1)))
	require.Zero(t, count(day(-3), day(-2)), "days that ended before the row was written")
	require.Zero(t, count(day(2), day(3)))

	res := admin.Do("GET", "/api/audit?tz=Mars%2FOlympus", "", nil)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, apptest.ReadError(t, res).Error.Fields, "tz")
	res = admin.Do("GET", "/api/audit/export?tz=..%2Fetc%2Fpasswd", "", nil)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, apptest.ReadError(t, res).Error.Fields, "tz")
}
