package clients_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

func TestClinicianSeesOnlyTheirOwnClients(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "gamma")
	clin := tm.Browsers[practice.RoleClinician]
	admin := tm.Browsers[practice.RoleAdmin]

	res := clin.Do("POST", "/api/clients", `{"name":"Mine Client","time_zone":"Europe/Berlin","mobile":"+49 151 23456789","email":"Mine@Example.com","consent_sms":true}`, nil)
	require.Equal(t, http.StatusCreated, res.StatusCode)
	var mine apptest.ClientOut
	apptest.Decode(t, res, &mine)
	require.Equal(t, "+4915123456789", mine.Mobile, "stored as E.164")
	require.Equal(t, "mine@example.com", mine.Email)
	require.Len(t, mine.Clinicians, 1, "the clinician who adds a client is assigned")

	res = admin.Do("POST", "/api/clients", `{"name":"Other Client","time_zone":"UTC"}`, nil)
	require.Equal(t, http.StatusCreated, res.StatusCode)
	var other apptest.ClientOut
	apptest.Decode(t, res, &other)

	var list struct{ Clients []apptest.ClientOut }
	apptest.Decode(t, clin.Do("GET", "/api/clients", "", nil), &list)
	require.Len(t, list.Clients, 1)
	require.Equal(t, mine.ID, list.Clients[0].ID)
	apptest.Decode(t, admin.Do("GET", "/api/clients", "", nil), &list)
	require.Len(t, list.Clients, 2, "admins see every client")

	// Reaching for a colleague's client: 404, and a trace in the audit trail.
	res = clin.Do("GET", "/api/clients/"+other.ID, "", nil)
	require.Equal(t, http.StatusNotFound, res.StatusCode)
	require.NotContains(t, apptest.ReadError(t, res).Error.Message, "Other Client")
	require.Equal(t, []string{"client.create", audit.ActionDenied}, apptest.AuditActions(t, a, tm.ID, other.ID))

	require.Equal(t, http.StatusOK, clin.Do("GET", "/api/clients/"+mine.ID, "", nil).StatusCode)
	require.Equal(t, []string{"client.create", "client.read"}, apptest.AuditActions(t, a, tm.ID, mine.ID))
}

func TestCouplesShowBothPartnersToTheirClinicians(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "delta")
	other := apptest.SeedTeam(t, a, "epsilon")
	admin := tm.Browsers[practice.RoleAdmin]
	clinicianID := tm.Members[practice.RoleClinician].ID.String()

	var p1, p2, foreign apptest.ClientOut
	apptest.Decode(t, admin.Do("POST", "/api/clients", `{"name":"Dana Hurt","time_zone":"UTC"}`, nil), &p1)
	apptest.Decode(t, admin.Do("POST", "/api/clients", `{"name":"Eli Harm","time_zone":"UTC"}`, nil), &p2)
	apptest.Decode(t, other.Browsers[practice.RoleAdmin].Do("POST", "/api/clients", `{"name":"Far Away","time_zone":"UTC"}`, nil), &foreign)

	bad := []struct{ name, body, field string }{
		{"same client twice", `{"name":"Pair","partners":[{"client_id":"` + p1.ID + `"},{"client_id":"` + p1.ID + `"}]}`, "partners"},
		{"one partner", `{"name":"Pair","partners":[{"client_id":"` + p1.ID + `"}]}`, "partners"},
		{"another practice's client", `{"name":"Pair","partners":[{"client_id":"` + p1.ID + `"},{"client_id":"` + foreign.ID + `"}]}`, "partners.1.client_id"},
		{"unknown trust role", `{"name":"Pair","partners":[{"client_id":"` + p1.ID + `","trust_role":"villain"},{"client_id":"` + p2.ID + `"}]}`, "partners.0.trust_role"},
		{"not a member", `{"name":"Pair","partners":[{"client_id":"` + p1.ID + `"},{"client_id":"` + p2.ID + `"}],"clinician_ids":["` + other.Members[practice.RoleClinician].ID.String() + `"]}`, "clinician_ids"},
	}
	for _, tc := range bad {
		res := admin.Do("POST", "/api/couples", tc.body, nil)
		require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, tc.name)
		require.Contains(t, apptest.ReadError(t, res).Error.Fields, tc.field, tc.name)
	}
	require.Zero(t, a.CountAll(t, "couples"), "nothing written by refused couples")

	res := admin.Do("POST", "/api/couples", `{"name":"Dana and Eli","clinician_ids":["`+clinicianID+`"],"partners":[
		{"client_id":"`+p1.ID+`","trust_role":"hurt"},{"client_id":"`+p2.ID+`","trust_role":"caused_harm"}]}`, nil)
	require.Equal(t, http.StatusCreated, res.StatusCode)
	var couple struct {
		ID       string
		Partners []struct {
			Name      string
			TrustRole string `json:"trust_role"`
		}
	}
	apptest.Decode(t, res, &couple)
	require.Len(t, couple.Partners, 2)

	// The couple's clinician was assigned to neither partner directly, yet sees both.
	clin := tm.Browsers[practice.RoleClinician]
	var list struct{ Clients []apptest.ClientOut }
	apptest.Decode(t, clin.Do("GET", "/api/clients", "", nil), &list)
	require.Len(t, list.Clients, 2)
	require.Equal(t, http.StatusOK, clin.Do("GET", "/api/couples/"+couple.ID, "", nil).StatusCode)
	require.Contains(t, apptest.AuditActions(t, a, tm.ID, p1.ID), "couple.read")
	require.Contains(t, apptest.AuditActions(t, a, tm.ID, p2.ID), "couple.read")
}

func TestBadClientInputIsRefusedAndWritesNothing(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "zeta")
	admin := tm.Browsers[practice.RoleAdmin]
	cases := []struct{ name, body, field string }{
		{"bad email", `{"name":"A B","time_zone":"UTC","email":"nope"}`, "email"},
		{"bad mobile", `{"name":"A B","time_zone":"UTC","mobile":"12345"}`, "mobile"},
		{"mobile without country code", `{"name":"A B","time_zone":"UTC","mobile":"07700 900123"}`, "mobile"},
		{"unknown time zone", `{"name":"A B","time_zone":"Mars/Olympus"}`, "time_zone"},
		{"missing time zone", `{"name":"A B"}`, "time_zone"},
		{"markup in name", `{"name":"<img src=x>","time_zone":"UTC"}`, "name"},
		{"text consent without mobile", `{"name":"A B","time_zone":"UTC","consent_sms":true}`, "consent_sms"},
		{"clinician not an id", `{"name":"A B","time_zone":"UTC","clinician_ids":["x"]}`, "clinician_ids"},
		{"clinician of another practice", `{"name":"A B","time_zone":"UTC","clinician_ids":["` + uuid.NewString() + `"]}`, "clinician_ids"},
	}
	for _, tc := range cases {
		res := admin.Do("POST", "/api/clients", tc.body, nil)
		require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, tc.name)
		require.Contains(t, apptest.ReadError(t, res).Error.Fields, tc.field, tc.name)
	}
	require.Zero(t, a.CountAll(t, "clients"))
	require.Zero(t, a.CountAll(t, "client_clinicians"))
}

func TestArchiveAndEraseClients(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "eta")
	admin, owner := tm.Browsers[practice.RoleAdmin], tm.Browsers[practice.RoleOwner]
	var c apptest.ClientOut
	apptest.Decode(t, admin.Do("POST", "/api/clients", `{"name":"Gone Soon","time_zone":"UTC","email":"gone@example.com"}`, nil), &c)

	require.Equal(t, http.StatusOK, admin.Do("POST", "/api/clients/"+c.ID+"/archive", "", nil).StatusCode)
	var list struct{ Clients []apptest.ClientOut }
	apptest.Decode(t, admin.Do("GET", "/api/clients", "", nil), &list)
	require.Empty(t, list.Clients, "archived clients drop out of the list")
	apptest.Decode(t, admin.Do("GET", "/api/clients?status=archived", "", nil), &list)
	require.Len(t, list.Clients, 1)

	res := admin.Do("DELETE", "/api/clients/"+c.ID, "", nil)
	require.Equal(t, http.StatusForbidden, res.StatusCode, "only the owner erases data")
	require.Equal(t, http.StatusNoContent, owner.Do("DELETE", "/api/clients/"+c.ID, "", nil).StatusCode)
	require.Zero(t, a.CountAll(t, "clients"))
	require.Equal(t, http.StatusNotFound, owner.Do("GET", "/api/clients/"+c.ID, "", nil).StatusCode)

	actions := apptest.AuditActions(t, a, tm.ID, c.ID)
	require.Contains(t, actions, "client.erase")
	var leaked int
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT count(*) FROM audit_events WHERE detail::text LIKE '%gone@example.com%' OR detail::text LIKE '%Gone Soon%'`).Scan(&leaked).Error
	}))
	require.Zero(t, leaked, "the trail keeps the fact, not the data")
}

func TestAuditTrailIsAppendOnlyFilterableAndExportable(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "theta")
	admin := tm.Browsers[practice.RoleAdmin]
	var c apptest.ClientOut
	apptest.Decode(t, admin.Do("POST", "/api/clients", `{"name":"=HYPERLINK(\"x\")","time_zone":"UTC"}`, nil), &c)
	require.Equal(t, http.StatusUnprocessableEntity, admin.Do("GET", "/api/audit?from=yesterday", "", nil).StatusCode)
	apptest.Decode(t, admin.Do("POST", "/api/clients", `{"name":"Audit Me","time_zone":"UTC"}`, nil), &c)
	admin.Do("GET", "/api/clients/"+c.ID, "", nil)

	var events struct {
		Events []struct {
			Action   string
			ClientID string `json:"client_id"`
		}
	}
	apptest.Decode(t, admin.Do("GET", "/api/audit?client_id="+c.ID, "", nil), &events)
	require.Len(t, events.Events, 2)
	require.Equal(t, "client.read", events.Events[0].Action, "newest first")
	apptest.Decode(t, admin.Do("GET", "/api/audit?action=client.read", "", nil), &events)
	require.Len(t, events.Events, 1)

	res := admin.Do("GET", "/api/audit/export?client_id="+c.ID, "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Contains(t, res.Header.Get("Content-Type"), "text/csv")
	raw, _ := io.ReadAll(res.Body)
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	require.Len(t, lines, 3, "header and two events")
	require.True(t, strings.HasPrefix(lines[0], "id,occurred_at,actor_user_id"))

	// The application role can add rows, never change or remove them.
	ctx := context.Background()
	for _, stmt := range []string{`UPDATE audit_events SET action = 'client.nothing'`, `DELETE FROM audit_events`} {
		err := a.DB.InTenant(ctx, db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
			return tx.WithPgx(func(ptx pgx.Tx) error { _, err := ptx.Exec(ctx, stmt); return err })
		})
		require.Error(t, err, stmt)
	}
	// Not even the owner of the table can rewrite history.
	owner, err := pgx.Connect(ctx, a.Env.OwnerURL)
	require.NoError(t, err)
	defer owner.Close(ctx)
	_, err = owner.Exec(ctx, `DELETE FROM audit_events`)
	require.ErrorContains(t, err, "append-only")
}
