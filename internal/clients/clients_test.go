package clients_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/stretchr/testify/require"
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

func TestCoupleWithBothPartnersNewIsOneRequest(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "kappa")
	clin := tm.Browsers[practice.RoleClinician]

	res := clin.Do("POST", "/api/couples", `{"name":"Rae and Lou","partners":[
		{"new_client":{"name":"Rae Hurt","preferred_name":"Rae","time_zone":"Europe/London","email":"Rae@Example.com","consent_email":true},"trust_role":"hurt"},
		{"new_client":{"name":"Lou Harm","time_zone":"Europe/Paris","mobile":"+44 7911 123456","consent_sms":true},"trust_role":"caused_harm"}]}`, nil)
	require.Equal(t, http.StatusCreated, res.StatusCode)
	var k apptest.CoupleOut
	apptest.Decode(t, res, &k)
	require.Equal(t, "Rae and Lou", k.Name)
	rae, role := k.Partner(t, "Rae Hurt")
	require.Equal(t, "hurt", role)
	lou, role := k.Partner(t, "Lou Harm")
	require.Equal(t, "caused_harm", role)

	// Each new client is a full record, cleaned like any other, and the clinician who added
	// them sees them (assigned directly, not only through the couple).
	var c apptest.ClientOut
	apptest.Decode(t, clin.Do("GET", "/api/clients/"+rae, "", nil), &c)
	require.Equal(t, "rae@example.com", c.Email)
	require.Len(t, c.Clinicians, 1)
	require.Equal(t, tm.Members[practice.RoleClinician].ID.String(), c.Clinicians[0].UserID)
	apptest.Decode(t, clin.Do("GET", "/api/clients/"+lou, "", nil), &c)
	require.Equal(t, "+447911123456", c.Mobile)
	require.Len(t, k.Clinicians, 1, "the clinician who adds a couple is assigned to it")

	// Every creation is in the trail: each client, then the couple once per partner.
	require.Equal(t, []string{"client.create", "couple.create", "client.read"}, apptest.AuditActions(t, a, tm.ID, rae))
	require.Equal(t, []string{"client.create", "couple.create", "client.read"}, apptest.AuditActions(t, a, tm.ID, lou))
}

func TestCoupleOfAnExistingAndANewClient(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "lambda")
	admin := tm.Browsers[practice.RoleAdmin]
	clinicianID := tm.Members[practice.RoleClinician].ID.String()
	var sam apptest.ClientOut
	apptest.Decode(t, admin.Do("POST", "/api/clients", `{"name":"Sam Existing","time_zone":"UTC"}`, nil), &sam)

	res := admin.Do("POST", "/api/couples", `{"name":"Sam and Alex","clinician_ids":["`+clinicianID+`"],"partners":[
		{"client_id":"`+sam.ID+`","trust_role":"hurt"},
		{"new_client":{"name":"Alex New","time_zone":"America/New_York"}}]}`, nil)
	require.Equal(t, http.StatusCreated, res.StatusCode)
	var k apptest.CoupleOut
	apptest.Decode(t, res, &k)
	id, _ := k.Partner(t, "Sam Existing")
	require.Equal(t, sam.ID, id)
	alex, role := k.Partner(t, "Alex New")
	require.Equal(t, "unspecified", role, "a trust role left out is unspecified")

	// An admin assigns nobody by themself: the new partner takes the couple's clinician.
	var c apptest.ClientOut
	apptest.Decode(t, admin.Do("GET", "/api/clients/"+alex, "", nil), &c)
	require.Len(t, c.Clinicians, 1)
	require.Equal(t, clinicianID, c.Clinicians[0].UserID)
	require.Equal(t, 2, a.CountAll(t, "clients"))
}

func TestCoupleWithABadNewPartnerWritesNothing(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "mu")
	admin := tm.Browsers[practice.RoleAdmin]
	var sam apptest.ClientOut
	apptest.Decode(t, admin.Do("POST", "/api/clients", `{"name":"Sam Existing","time_zone":"UTC"}`, nil), &sam)
	good := `{"new_client":{"name":"Rae Good","time_zone":"UTC"}}`

	cases := []struct {
		name, partners string
		fields         []string
	}{
		{"bad email and time zone in partner 2", good + `,{"new_client":{"name":"Lou Bad","time_zone":"Mars/Base","email":"nope"}}`,
			[]string{"partners.1.new_client.email", "partners.1.new_client.time_zone"}},
		{"a name with markup in partner 1", `{"new_client":{"name":"<b>Rae</b>","time_zone":"UTC"}},{"client_id":"` + sam.ID + `"}`,
			[]string{"partners.0.new_client.name"}},
		{"text consent without a mobile", `{"client_id":"` + sam.ID + `"},{"new_client":{"name":"Lou","time_zone":"UTC","consent_sms":true}}`,
			[]string{"partners.1.new_client.consent_sms"}},
		{"a clinician who is not a member", `{"client_id":"` + sam.ID + `"},{"new_client":{"name":"Lou","time_zone":"UTC","clinician_ids":["` + uuid.NewString() + `"]}}`,
			[]string{"partners.1.new_client.clinician_ids"}},
		{"an unknown trust role", good + `,{"client_id":"` + sam.ID + `","trust_role":"villain"}`, []string{"partners.1.trust_role"}},
		{"both an existing and a new client", good + `,{"client_id":"` + sam.ID + `","new_client":{"name":"Lou","time_zone":"UTC"}}`,
			[]string{"partners.1"}},
		{"neither", good + `,{"trust_role":"hurt"}`, []string{"partners.1.client_id"}},
		{"a malformed id", good + `,{"client_id":"sam"}`, []string{"partners.1.client_id"}},
		{"a client who does not exist", good + `,{"client_id":"` + uuid.NewString() + `"}`, []string{"partners.1.client_id"}},
		{"one partner", good, []string{"partners"}},
	}
	for _, tc := range cases {
		res := admin.Do("POST", "/api/couples", `{"name":"Pair","partners":[`+tc.partners+`]}`, nil)
		require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, tc.name)
		fields := apptest.ReadError(t, res).Error.Fields
		for _, f := range tc.fields {
			require.Contains(t, fields, f, tc.name)
		}
	}
	// A good couple name is still needed, and is named as such.
	res := admin.Do("POST", "/api/couples", `{"name":"","partners":[`+good+`,{"client_id":"`+sam.ID+`"}]}`, nil)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, apptest.ReadError(t, res).Error.Fields, "name")

	require.Equal(t, 1, a.CountAll(t, "clients"), "no partner was created: only Sam, from before")
	require.Zero(t, a.CountAll(t, "client_clinicians"), "nobody was assigned")
	require.Equal(t, 1, a.CountAll(t, "client_time_zones"))
	require.Zero(t, a.CountAll(t, "couples"))
	require.Zero(t, a.CountAll(t, "couple_partners"))
}

func TestCoupleCannotPairAClientTheCallerMayNotSee(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "nu")
	other := apptest.SeedTeam(t, a, "xi")
	admin, clin := tm.Browsers[practice.RoleAdmin], tm.Browsers[practice.RoleClinician]
	var mine, colleagues, foreign apptest.ClientOut
	apptest.Decode(t, clin.Do("POST", "/api/clients", `{"name":"Mine Client","time_zone":"UTC"}`, nil), &mine)
	apptest.Decode(t, admin.Do("POST", "/api/clients", `{"name":"Colleague Client","time_zone":"UTC"}`, nil), &colleagues)
	apptest.Decode(t, other.Browsers[practice.RoleAdmin].Do("POST", "/api/clients", `{"name":"Far Away","time_zone":"UTC"}`, nil), &foreign)

	for _, tc := range []struct {
		name string
		b    *apptest.Browser
		id   string
	}{
		{"a colleague's client", clin, colleagues.ID},
		{"another practice's client", admin, foreign.ID},
	} {
		res := tc.b.Do("POST", "/api/couples", `{"name":"Pair","partners":[
			{"new_client":{"name":"Never Made","time_zone":"UTC"}},{"client_id":"`+tc.id+`"}]}`, nil)
		require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, tc.name)
		e := apptest.ReadError(t, res)
		require.Equal(t, "is not one of your clients", e.Error.Fields["partners.1.client_id"], tc.name)
		require.NotContains(t, e.Error.Message+e.Error.Fields["partners.1.client_id"], "Colleague", tc.name)
		require.NotContains(t, e.Error.Message+e.Error.Fields["partners.1.client_id"], "Far Away", tc.name)
	}
	// An archived client of one's own is named as such: the caller may see them.
	admin.Do("POST", "/api/clients/"+colleagues.ID+"/archive", "", nil)
	res := admin.Do("POST", "/api/couples", `{"name":"Pair","partners":[{"client_id":"`+mine.ID+`"},{"client_id":"`+colleagues.ID+`"}]}`, nil)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, apptest.ReadError(t, res).Error.Fields["partners.1.client_id"], "archived")

	require.Zero(t, a.CountAll(t, "couples"))
	require.Equal(t, 3, a.CountAll(t, "clients"), "the new partners of refused couples were never made")
	// The reach for the colleague's client is in the trail, as any other reach would be.
	require.Contains(t, apptest.AuditActions(t, a, tm.ID, colleagues.ID), audit.ActionDenied)
	var foreignRows int
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: other.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT count(*) FROM audit_events WHERE client_id = ? AND action <> 'client.create'`, foreign.ID).Scan(&foreignRows).Error
	}))
	require.Zero(t, foreignRows, "another practice's trail learns nothing of the attempt")
}
