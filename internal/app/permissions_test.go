package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/digests"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/team"
)

// publicRoutes need no staff session; every other /api route must be guarded by a permission.
var publicRoutes = map[string]bool{
	"GET /api/openapi.json": true, "GET /api/auth/csrf": true, "POST /api/auth/signup": true,
	"POST /api/auth/login": true, "POST /api/auth/logout": true, "GET /api/auth/me": true, "POST /api/auth/signup/confirm": true,
	"GET /api/dev/mailbox": true, "GET /api/invitations/preview": true, "POST /api/invitations/accept": true,
	// A client's routes: the link's token, then the client session it opens, is the credential.
	"POST /api/homework/session": true, "POST /api/homework/logout": true, "GET /api/homework/me": true,
	"POST /api/homework/pin": true, "POST /api/homework/pin/verify": true, "GET /api/homework/today": true,
	"GET /api/homework/tasks/:assignment_id/:date": true, "POST /api/homework/responses": true,
	"POST /api/homework/journal": true, "GET /api/homework/history": true, "GET /api/homework/week": true,
	"GET /api/homework/reminders": true, "PUT /api/homework/reminders": true,
	"GET /api/homework/crisis": true,
}

// request fills a route's :id from the fixture (a couple id for couple routes) and gives it a
// valid body; it returns the fixture's client and couple, the records the request is about.
func request(t *testing.T, a *apptest.App, tm *apptest.Team, route string, role practice.Role) (method, path, body string,
	client, couple uuid.UUID) {
	method, path, _ = strings.Cut(route, " ")
	client, couple = tm.Fixture(t, a)
	id := client
	if strings.HasPrefix(path, "/api/couples") {
		id = couple
	}
	if strings.HasPrefix(path, "/api/team/invitations/") {
		inv, err := team.NewService(a.DB).Invite(context.Background(), tm.Caller(practice.RoleOwner),
			uuid.NewString()+"@example.com", practice.RoleClinician)
		require.NoError(t, err)
		id = inv.ID
	}
	if strings.HasPrefix(path, "/api/team/members/") {
		id = tm.NewMember(t, a) // a fresh member, so a deactivation spoils nothing else
	}
	if strings.HasPrefix(path, "/api/alert-rules/members/") {
		id = tm.Members[role].ID // each member may read and set their own
	}
	if strings.HasPrefix(path, "/api/practice/exports/:id") {
		// A made export of the practice, so the owner can read and download it.
		svc := a.PracticeData()
		e, err := svc.Start(context.Background(), tm.Caller(practice.RoleOwner))
		require.NoError(t, err)
		require.NoError(t, svc.Build(context.Background(), tm.ID, e.ID))
		id = e.ID
	}
	if strings.HasPrefix(path, "/api/digests/:id") {
		// A digest is its person's own: each role reads the digest made for them.
		d, err := digests.NewService(a.DB, a.Mailer, "", nil).MakeAt(context.Background(), tm.ID, tm.Members[role].ID, a.Now())
		require.NoError(t, err)
		id = d
	}
	id = homeworkID(t, a, tm, path, client, id)
	path = strings.Replace(path, ":id", id.String(), 1)
	switch route {
	case "POST /api/team/invitations":
		body = `{"email":"` + uuid.NewString() + `@example.com","role":"clinician"}`
	case "PATCH /api/team/members/:id":
		body = `{"role":"admin"}`
	case "PATCH /api/practice":
		body = `{"name":"Renamed Practice","time_zone":"Europe/Paris","reminder_window_start":"08:00",
			"reminder_window_end":"20:00","quiet_hours_start":"21:30","quiet_hours_end":"07:30"}`
	case "PUT /api/alert-rules", "PUT /api/alert-rules/members/:id":
		body = `{"missed_in_row":4,"silent_days":10,"deterioration":true,"programme_completed":true,"email":false}`
	case "PUT /api/digests/settings":
		body = `{"weekday":"tuesday","hour":9,"time_zone":"Europe/London","email":true}`
	case "POST /api/billing/checkout":
		body = `{"interval":"month"}`
	case "POST /api/practice/close":
		body = `{"practice_name":"not its name","password":"not the password"}`
	case "POST /api/clients", "PATCH /api/clients/:id":
		body = `{"name":"Robin Client","time_zone":"Europe/London"}`
	case "POST /api/alerts/:id/acknowledge", "POST /api/alerts/:id/resolve":
		body = `{"note":"Spoke with them today."}`
	case "POST /api/exercises/templates":
		body = `{"from_library":"consistency-log"}`
	case "PUT /api/exercises/templates/:id":
		def, _ := library.LibraryExercise("name-the-win")
		raw, _ := json.Marshal(map[string]any{"definition": def})
		body = string(raw)
	case "POST /api/couples/:id/safety-screens":
		body = `{"violence_or_fear":false,"coercive_control":false,"active_addiction":false,"ongoing_contact":false,"decision":"proceed"}`
	case "POST /api/assignments":
		body = `{"client_id":"` + client.String() + `","exercise":{"library":"when-you-are-flooded"},
			"cadence":{"kind":"daily","start":"` + apptest.Today().String() + `","at":"19:00"}}`
	case "PUT /api/assignments/:id/reminders":
		body = `{"channel":"none","at":"18:00","nudge":false}`
	case "POST /api/clients/:id/homework-link/send":
		body = `{"channel":"email"}`
	case "POST /api/couples":
		other, _ := tm.Fixture(t, a)
		raw, _ := json.Marshal(map[string]any{"name": "Pair", "partners": []map[string]string{
			{"client_id": client.String()}, {"client_id": other.String()}}})
		body = string(raw)
	case "POST /api/clients/:id/emergency-access", "POST /api/couples/:id/emergency-access":
		body = `{"reason":"` + emergencyReason + `"}`
	}
	return method, path, body, client, couple
}

// emergencyReason is a reason an owner gives for emergency access.
const emergencyReason = "Risk alert overnight and the clinician is on leave."

// Every guarded route, for every role: the matrix in practice/permissions.go decides 2xx or
// 403, and another practice's ids answer 404 (or, where the role may not use the route at
// all, the same 403 any id gets), never data.
func TestPermissionMatrixOnEveryRoute(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	tmA := apptest.SeedTeam(t, a, "alpha")
	tmB := apptest.SeedTeam(t, a, "beta")

	perms := auth.RoutePermissions()
	var routes []string
	for _, r := range a.Server.Echo.Routes() {
		key := r.Method + " " + r.Path
		if !strings.HasPrefix(r.Path, "/api/") || r.Method == "echo_route_not_found" || publicRoutes[key] {
			continue
		}
		_, guarded := perms[key]
		require.True(t, guarded, "%s is neither public nor guarded by a permission", key)
		routes = append(routes, key)
	}
	sort.Strings(routes)
	require.NotEmpty(t, routes)

	for _, route := range routes {
		for _, role := range practice.Roles() {
			allowed := practice.Can(role, perms[route])
			method, path, body, client, couple := request(t, a, tmA, route, role)
			if allowed && perms[route] == practice.ClinicalRecord && role != practice.RoleClinician {
				// The fixture is the clinician's: an owner sees its record only once they open it
				// for an emergency (the client's and the couple's, for the couple routes).
				res := tmA.Browsers[role].Do(method, path, body, nil)
				require.Equal(t, http.StatusNotFound, res.StatusCode, "%s as %s without emergency access", route, role)
				require.Equal(t, "not_found", apptest.ReadError(t, res).Error.Code)
				openEmergency(t, tmA.Browsers[role], "/api/clients/"+client.String())
				openEmergency(t, tmA.Browsers[role], "/api/couples/"+couple.String())
			}
			res := tmA.Browsers[role].Do(method, path, body, nil)
			code, refused := withoutStripe[route]
			if c, ok := notInTheWalk[route]; ok {
				code, refused = c, true
			}
			if refused && allowed {
				require.Equal(t, code, apptest.ReadError(t, res).Error.Code, "%s as %s", route, role)
			} else if allowed {
				require.Less(t, res.StatusCode, 300, "%s as %s", route, role)
				if strings.HasSuffix(route, "/make-owner") {
					giveOwnershipBack(t, a, tmA, path)
				}
			} else if practice.Concealed(perms[route]) {
				require.Equal(t, http.StatusNotFound, res.StatusCode, "%s as %s", route, role)
				require.Equal(t, "not_found", apptest.ReadError(t, res).Error.Code)
			} else {
				require.Equal(t, http.StatusForbidden, res.StatusCode, "%s as %s", route, role)
				require.Equal(t, "forbidden", apptest.ReadError(t, res).Error.Code)
			}
			if !strings.Contains(route, ":id") {
				continue
			}
			_, foreign, _, _, _ := request(t, a, tmB, route, role)
			res = tmA.Browsers[role].Do(method, foreign, body, nil)
			want := http.StatusNotFound
			if !allowed {
				want = http.StatusForbidden
			}
			require.Equal(t, want, res.StatusCode, "%s as %s with another practice's id", route, role)
		}
	}
}

// withoutStripe are the routes whose permitted callers get a refusal from the service, not the
// guard, on a server without Stripe (as here): the billing tests run them against stripe-mock.
var withoutStripe = map[string]string{
	"POST /api/billing/checkout": "billing_unavailable",
	"POST /api/billing/portal":   "no_customer",
}

// notInTheWalk are the routes whose permitted callers are refused on purpose here: closing the
// practice would leave the rest of the walk nothing to do (internal/practicedata closes one).
var notInTheWalk = map[string]string{
	"POST /api/practice/close": "validation_failed",
}

// giveOwnershipBack undoes a transfer made by the matrix walk, so the owner stays the owner.
func giveOwnershipBack(t *testing.T, a *apptest.App, tm *apptest.Team, path string) {
	newOwner := uuid.MustParse(strings.Split(path, "/")[4])
	caller := auth.Caller{Staff: &auth.Staff{UserID: newOwner, PracticeID: tm.ID, Role: practice.RoleOwner}}
	require.NoError(t, team.NewService(a.DB).TransferOwnership(context.Background(), caller, tm.Members[practice.RoleOwner].ID))
}

// openEmergency opens the record at path (a client's or a couple's) to b's owner for an emergency.
func openEmergency(t *testing.T, b *apptest.Browser, path string) {
	res := b.Do("POST", path+"/emergency-access", `{"reason":"`+emergencyReason+`"}`, nil)
	require.Equal(t, http.StatusCreated, res.StatusCode, "%s: %s", path, apptest.ReadBody(t, res))
}

// homeworkID gives the homework routes the record their :id names: a template, an assignment
// (paused, for resume), or a client with a live link (for renew). The client's work is set up
// by their clinician, who treats them.
func homeworkID(t *testing.T, a *apptest.App, tm *apptest.Team, path string, client, id uuid.UUID) uuid.UUID {
	ctx := context.Background()
	clin := tm.Caller(practice.RoleClinician)
	switch {
	case strings.HasPrefix(path, "/api/exercises/templates/"):
		tpl, err := a.LibrarySvc().CreateTemplate(ctx, tm.Caller(practice.RoleOwner), "name-the-win", nil)
		require.NoError(t, err)
		return tpl.ID
	case strings.HasPrefix(path, "/api/assignments/"):
		as := apptest.AssignDaily(t, a, clin, client)
		if strings.HasSuffix(path, "/resume") {
			_, err := a.AssignmentSvc().Pause(ctx, clin, as.ID)
			require.NoError(t, err)
		}
		return as.ID
	case strings.HasPrefix(path, "/api/alerts/"):
		return apptest.RiskAlertFor(t, a, clin, client)
	case strings.HasSuffix(path, "/homework-link/renew"):
		apptest.LinkFor(t, a, clin, client)
	case strings.HasSuffix(path, "/homework-link/send"):
		apptest.AgreeToEmail(t, a, tm.ID, client)
	}
	return id
}

// personalRoutes act on the signed-in person's own account (their sessions, password and
// two-factor sign-in) or finish a log-in; no role in a practice bears on them, so the
// permission matrix test treats them like its public routes. internal/auth's tests cover
// who may reach each one.
var personalRoutes = []string{
	"POST /api/auth/login/two-factor",
	"POST /api/auth/two-factor/setup", "POST /api/auth/two-factor/enable", "POST /api/auth/two-factor/disable",
	"GET /api/auth/sessions", "DELETE /api/auth/sessions/:id", "POST /api/auth/password",
	"POST /api/auth/password-reset", "POST /api/auth/password-reset/confirm",
	"GET /api/auth/practices", "POST /api/auth/switch",
}

func init() {
	for _, r := range personalRoutes {
		publicRoutes[r] = true
	}
}
