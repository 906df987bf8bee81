package clients_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

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
