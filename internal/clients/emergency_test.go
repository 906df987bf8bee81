package clients_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/practice"
)

// A client's and a couple's clinical record, as the GET routes that read it.
var (
	clientRecord = []string{"/assignments", "/journal", "/progress", "/export", "/report", "/reminders", "/homework-link"}
	coupleRecord = []string{"/assignments", "/progress", "/safety-screens"}
)

const (
	reason       = "Risk alert overnight and the clinician is on leave."
	reasonBody   = `{"reason":"` + reason + `"}`
	emailSubject = "Steady: emergency access to a client of yours"
)

// recordStatuses is the status of each of a record's routes (paths under base) for b.
func recordStatuses(b *apptest.Browser, base string, paths []string) map[string]int {
	out := map[string]int{}
	for _, p := range paths {
		res := b.Do("GET", base+p, "", nil)
		res.Body.Close()
		out[p] = res.StatusCode
	}
	return out
}

// all is every path with the same status.
func all(paths []string, status int) map[string]int {
	out := map[string]int{}
	for _, p := range paths {
		out[p] = status
	}
	return out
}

// sight is how a client's or couple's page answers about the record.
type sight struct {
	RecordAccess    string  `json:"record_access"`
	EmergencyAccess *grant  `json:"emergency_access"`
	EmergencyGrants []grant `json:"emergency_grants"`
}

type grant struct {
	ID       string
	Reason   string
	OpenedBy struct{ Name string } `json:"opened_by"`
	Opened   time.Time             `json:"opened_at"`
	Expires  time.Time             `json:"expires_at"`
	Ended    *time.Time            `json:"ended_at"`
}

func pageOf(t *testing.T, b *apptest.Browser, path string) sight {
	var s sight
	res := b.Do("GET", path, "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	apptest.Decode(t, res, &s)
	return s
}

// alertCount is how many alerts GET /api/alerts shows b.
func alertCount(t *testing.T, b *apptest.Browser) int {
	var out struct{ Alerts []struct{ ID string } }
	apptest.Decode(t, b.Do("GET", "/api/alerts", "", nil), &out)
	return len(out.Alerts)
}

// logIn signs the member in again on a new browser: after hours on the test clock, the old
// session has idled out.
func logIn(t *testing.T, a *apptest.App, tm *apptest.Team, r practice.Role) *apptest.Browser {
	b := a.Browser(t)
	res := b.PostJSON("/api/auth/login", apptest.LoginBody(tm.Members[r].Email))
	require.Equal(t, http.StatusOK, res.StatusCode)
	return b
}

func TestOwnerSeesAnUnassignedRecordOnlyUnderAnEmergencyGrant(t *testing.T) {
	t.Parallel()
	a, clk := apptest.NewClocked(t)
	tm := apptest.SeedTeam(t, a, "omicron")
	client, couple := tm.Fixture(t, a)
	apptest.RiskAlertFor(t, a, tm.Caller(practice.RoleClinician), client)
	owner, admin, clin := tm.Browsers[practice.RoleOwner], tm.Browsers[practice.RoleAdmin], tm.Browsers[practice.RoleClinician]
	base := "/api/clients/" + client.String()

	// The roster stays the owner's: the client is listed and their page opens, without the record.
	var list struct{ Clients []apptest.ClientOut }
	apptest.Decode(t, owner.Do("GET", "/api/clients", "", nil), &list)
	require.Len(t, list.Clients, 2)
	page := pageOf(t, owner, base)
	require.Equal(t, clients.AccessNone, page.RecordAccess)
	require.Empty(t, page.EmergencyGrants, "the grants on a record are for those who see it")
	require.Equal(t, all(clientRecord, http.StatusNotFound), recordStatuses(owner, base, clientRecord))
	require.Zero(t, alertCount(t, owner), "nor the client's alerts")
	require.Contains(t, apptest.AuditActions(t, a, tm.ID, client.String()), audit.ActionDenied)

	// Admins never see clinical content and cannot break glass; nor can clinicians.
	require.Equal(t, all(clientRecord, http.StatusForbidden), recordStatuses(admin, base, clientRecord))
	require.Zero(t, alertCount(t, admin))
	require.Equal(t, clients.AccessNone, pageOf(t, admin, base).RecordAccess)
	for _, r := range []practice.Role{practice.RoleAdmin, practice.RoleClinician} {
		res := tm.Browsers[r].Do("POST", base+"/emergency-access", reasonBody, nil)
		require.Equal(t, http.StatusForbidden, res.StatusCode, r)
	}

	// A reason is required, of 20 to 2000 characters: otherwise 422 naming it, and nothing written.
	for _, body := range []string{`{}`, `{"reason":"too short"}`, `{"reason":"` + strings.Repeat(" ", 30) + `"}`,
		`{"reason":"` + strings.Repeat("x", 2001) + `"}`} {
		res := owner.Do("POST", base+"/emergency-access", body, nil)
		require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, body)
		require.Contains(t, apptest.ReadError(t, res).Error.Fields, "reason", body)
	}
	require.Zero(t, a.CountAll(t, "emergency_grants"))
	require.Zero(t, apptest.AuditCount(t, a, tm.ID, `action LIKE 'emergency_access.%'`))
	require.Zero(t, a.CountRows(t, `SELECT count(*) FROM river_job WHERE kind = 'emergency_access_email'`))

	// With a reason: four hours from now, on the app's clock.
	res := owner.Do("POST", base+"/emergency-access", reasonBody, nil)
	require.Equal(t, http.StatusCreated, res.StatusCode)
	var g grant
	apptest.Decode(t, res, &g)
	require.Equal(t, reason, g.Reason)
	require.WithinDuration(t, clk.Now(), g.Opened, time.Millisecond)
	require.Equal(t, clients.EmergencyAccessFor, g.Expires.Sub(g.Opened))
	require.Equal(t, 4*time.Hour, clients.EmergencyAccessFor)

	require.Equal(t, all(clientRecord, http.StatusOK), recordStatuses(owner, base, clientRecord))
	require.Equal(t, 1, alertCount(t, owner))
	page = pageOf(t, owner, base)
	require.Equal(t, clients.AccessEmergency, page.RecordAccess)
	require.Equal(t, g.ID, page.EmergencyAccess.ID)
	require.Equal(t, reason, page.EmergencyAccess.Reason)
	res = owner.Do("POST", base+"/emergency-access", reasonBody, nil)
	require.Equal(t, http.StatusConflict, res.StatusCode, "one grant at a time")
	require.Equal(t, "emergency_access_open", apptest.ReadError(t, res).Error.Code)

	// Audited: the grant with its reason, and every use beside the route's usual row.
	actions := apptest.AuditActions(t, a, tm.ID, client.String())
	require.Contains(t, actions, "emergency_access.open")
	require.Contains(t, actions, "journal.read")
	require.Equal(t, 1, apptest.AuditCount(t, a, tm.ID,
		`action = 'emergency_access.open' AND detail->>'reason' = '`+reason+`' AND detail->>'grant_id' = '`+g.ID+`'`))
	require.GreaterOrEqual(t, apptest.AuditCount(t, a, tm.ID,
		`action = 'emergency_access.use' AND client_id = '`+client.String()+`' AND detail->>'grant_id' = '`+g.ID+`'`), len(clientRecord))

	// The clinician sees it on the client's page; a grant on a partner does not open the couple.
	page = pageOf(t, clin, base)
	require.Equal(t, clients.AccessClinician, page.RecordAccess)
	require.Len(t, page.EmergencyGrants, 1)
	require.Equal(t, "Pat owner", page.EmergencyGrants[0].OpenedBy.Name)
	require.Equal(t, reason, page.EmergencyGrants[0].Reason)
	require.Equal(t, all(coupleRecord, http.StatusNotFound), recordStatuses(owner, "/api/couples/"+couple.String(), coupleRecord))

	// The clinician is emailed once: who, when, until when and why, and nothing about the client.
	apptest.StartWorkers(t, a)
	to := tm.Members[practice.RoleClinician].Email
	var text string
	apptest.WaitFor(t, "the emergency access email", func() bool {
		return a.DB.Pool.QueryRow(context.Background(), `SELECT text_body FROM dev_messages
			WHERE recipient = $1 AND subject = $2`, to, emailSubject).Scan(&text) == nil
	})
	require.Contains(t, text, "Pat owner")
	require.Contains(t, text, reason)
	require.Contains(t, text, "/app/clients/"+client.String())
	require.NotContains(t, text, "Jo Client")
	require.Equal(t, 1, a.CountRows(t, `SELECT count(*) FROM dev_messages WHERE subject = $1`, emailSubject))

	// Once the grant has run out on the app's clock, the record is closed again.
	clk.Advance(clients.EmergencyAccessFor + time.Second)
	owner = logIn(t, a, tm, practice.RoleOwner)
	require.Equal(t, all(clientRecord, http.StatusNotFound), recordStatuses(owner, base, clientRecord))
	require.Zero(t, alertCount(t, owner))
	require.Equal(t, clients.AccessNone, pageOf(t, owner, base).RecordAccess)
	require.Equal(t, 1, a.CountRows(t, `SELECT count(*) FROM dev_messages WHERE subject = $1`, emailSubject))
}

func TestOwnerEndsEmergencyAccessEarly(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "pi")
	client, _ := tm.Fixture(t, a)
	owner := tm.Browsers[practice.RoleOwner]
	base := "/api/clients/" + client.String()

	require.Equal(t, http.StatusCreated, owner.Do("POST", base+"/emergency-access", reasonBody, nil).StatusCode)
	require.Equal(t, http.StatusOK, owner.Do("GET", base+"/journal", "", nil).StatusCode)
	require.Equal(t, http.StatusNoContent, owner.Do("DELETE", base+"/emergency-access", "", nil).StatusCode)
	require.Equal(t, all(clientRecord, http.StatusNotFound), recordStatuses(owner, base, clientRecord))
	require.Contains(t, apptest.AuditActions(t, a, tm.ID, client.String()), "emergency_access.end")

	// Ending again ends nothing; the clinician's page shows when it ended.
	require.Equal(t, http.StatusNoContent, owner.Do("DELETE", base+"/emergency-access", "", nil).StatusCode)
	require.Equal(t, 1, apptest.AuditCount(t, a, tm.ID, `action = 'emergency_access.end'`))
	page := pageOf(t, tm.Browsers[practice.RoleClinician], base)
	require.Len(t, page.EmergencyGrants, 1)
	require.NotNil(t, page.EmergencyGrants[0].Ended)

	// Another emergency is another grant, with its own reason.
	require.Equal(t, http.StatusCreated, owner.Do("POST", base+"/emergency-access", reasonBody, nil).StatusCode)
	require.Equal(t, 2, a.CountAll(t, "emergency_grants"))
}

func TestCoupleEmergencyAccessOpensBothPartners(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "rho")
	_, couple := tm.Fixture(t, a)
	owner := tm.Browsers[practice.RoleOwner]
	base := "/api/couples/" + couple.String()
	var k apptest.CoupleOut
	apptest.Decode(t, owner.Do("GET", base, "", nil), &k)
	require.Equal(t, all(coupleRecord, http.StatusNotFound), recordStatuses(owner, base, coupleRecord))

	res := owner.Do("POST", base+"/emergency-access", reasonBody, nil)
	require.Equal(t, http.StatusCreated, res.StatusCode)
	require.Equal(t, all(coupleRecord, http.StatusOK), recordStatuses(owner, base, coupleRecord))
	require.Equal(t, clients.AccessEmergency, pageOf(t, owner, base).RecordAccess)
	for _, p := range k.Partners {
		partner := "/api/clients/" + p.ClientID
		require.Equal(t, all(clientRecord, http.StatusOK), recordStatuses(owner, partner, clientRecord), p.Name)
		require.Equal(t, clients.AccessEmergency, pageOf(t, owner, partner).RecordAccess)
		require.Contains(t, apptest.AuditActions(t, a, tm.ID, p.ClientID), "emergency_access.open", "a row per partner")
	}
	require.Len(t, pageOf(t, tm.Browsers[practice.RoleClinician], base).EmergencyGrants, 1)

	// The clinician treats the couple and both partners: still one email.
	apptest.StartWorkers(t, a)
	apptest.WaitFor(t, "the emergency access email", func() bool {
		return a.CountRows(t, `SELECT count(*) FROM dev_messages WHERE subject = $1`, emailSubject) > 0
	})
	time.Sleep(200 * time.Millisecond)
	require.Equal(t, 1, a.CountRows(t, `SELECT count(*) FROM dev_messages WHERE subject = $1 AND recipient = $2`,
		emailSubject, tm.Members[practice.RoleClinician].Email))
	require.Equal(t, 1, a.CountRows(t, `SELECT count(*) FROM dev_messages WHERE subject = $1`, emailSubject))
}

func TestEmergencyAccessStaysInItsPractice(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "sigma")
	other := apptest.SeedTeam(t, a, "tau")
	client, couple := other.Fixture(t, a)
	owner := tm.Browsers[practice.RoleOwner]
	for _, path := range []string{"/api/clients/" + client.String(), "/api/couples/" + couple.String()} {
		res := owner.Do("POST", path+"/emergency-access", reasonBody, nil)
		require.Equal(t, http.StatusNotFound, res.StatusCode, path)
		require.Equal(t, http.StatusNotFound, owner.Do("DELETE", path+"/emergency-access", "", nil).StatusCode, path)
	}
	require.Zero(t, a.CountAll(t, "emergency_grants"))
	require.Zero(t, a.CountRows(t, `SELECT count(*) FROM river_job WHERE kind = 'emergency_access_email'`))
	require.Zero(t, apptest.AuditCount(t, a, other.ID, `action <> 'client.create' AND action <> 'couple.create'`),
		"the other practice's trail learns nothing")

	// The owner's own clinician's client: a grant where the owner already treats them is refused.
	mine, _ := tm.Fixture(t, a)
	owner.Do("PATCH", "/api/clients/"+mine.String(), `{"name":"Jo Client","time_zone":"UTC","clinician_ids":["`+
		tm.Members[practice.RoleOwner].ID.String()+`"]}`, nil)
	res := owner.Do("POST", "/api/clients/"+mine.String()+"/emergency-access", reasonBody, nil)
	require.Equal(t, http.StatusConflict, res.StatusCode)
	require.Equal(t, "emergency_access_not_needed", apptest.ReadError(t, res).Error.Code)
	require.Zero(t, a.CountAll(t, "emergency_grants"))
}
