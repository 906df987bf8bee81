package apptest

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/practice"
)

// Team is a practice with one member of each role, each signed in.
type Team struct {
	ID       uuid.UUID
	Members  map[practice.Role]auth.SeedMember
	Browsers map[practice.Role]*Browser
}

// SeedTeam makes the practice name with a member of every role and signs each one in.
func SeedTeam(t testing.TB, a *App, name string) *Team {
	t.Helper()
	tm := &Team{ID: uuid.New(), Members: map[practice.Role]auth.SeedMember{}, Browsers: map[practice.Role]*Browser{}}
	var ms []auth.SeedMember
	for _, r := range practice.Roles() {
		m := auth.SeedMember{ID: uuid.New(), Email: string(r) + "@" + name + ".example.com", Name: "Pat " + string(r),
			Password: "long enough password", Role: r}
		tm.Members[r] = m
		ms = append(ms, m)
	}
	require.NoError(t, auth.SeedPractice(context.Background(), a.DB, practice.Practice{ID: tm.ID, Name: name}, ms))
	for _, m := range ms {
		b := a.Browser(t)
		res := b.PostJSON("/api/auth/login", map[string]string{"email": m.Email, "password": m.Password})
		if res.StatusCode != http.StatusOK {
			_, _, err := a.Auth.Login(context.Background(), m.Email, m.Password, "", auth.Client{IP: "192.0.2.9"})
			t.Fatalf("log in %s: %d: %v", m.Email, res.StatusCode, err)
		}
		tm.Browsers[m.Role] = b
	}
	return tm
}

// Caller is the member of role r as the services see them.
func (tm *Team) Caller(r practice.Role) auth.Caller {
	return auth.Caller{Staff: &auth.Staff{UserID: tm.Members[r].ID, PracticeID: tm.ID, Role: r}}
}

// Fixture makes a client and a couple assigned to the team's clinician.
func (tm *Team) Fixture(t testing.TB, a *App) (client, couple uuid.UUID) {
	return tm.FixtureOf(t, a, practice.RoleClinician)
}

// FixtureOf makes a client and a couple (of that client and another) added by the member of
// role r and assigned to them: their clinical record is theirs to see (an admin's never is).
func (tm *Team) FixtureOf(t testing.TB, a *App, r practice.Role) (client, couple uuid.UUID) {
	ctx := context.Background()
	svc := clients.NewService(a.DB)
	who := tm.Caller(r)
	mine := []uuid.UUID{who.UserID}
	var ids []uuid.UUID
	for i := 0; i < 2; i++ {
		d, err := svc.Create(ctx, who, clients.Input{Name: "Jo Client", TimeZone: "UTC", ClinicianIDs: mine})
		require.NoError(t, err)
		ids = append(ids, d.ID)
	}
	k, err := svc.CreateCouple(ctx, who, clients.CoupleInput{Name: "Jo and Kim", ClinicianIDs: mine,
		Partners: []clients.Partner{{ClientID: ids[0], TrustRole: "unspecified"}, {ClientID: ids[1], TrustRole: "unspecified"}}})
	require.NoError(t, err)
	return ids[0], k.ID
}

// NewMember adds a clinician to the team.
func (tm *Team) NewMember(t *testing.T, a *App) uuid.UUID {
	m := auth.SeedMember{ID: uuid.New(), Email: uuid.NewString() + "@example.com", Name: "New Member",
		Password: "long enough password", Role: practice.RoleClinician}
	require.NoError(t, auth.SeedPractice(context.Background(), a.DB, practice.Practice{ID: tm.ID, Name: "unchanged"}, []auth.SeedMember{m}))
	return m.ID
}

// ColleagueBrowser signs in a second clinician of the practice, assigned to nobody.
func ColleagueBrowser(t *testing.T, a *App, tm *Team) *Browser {
	m := auth.SeedMember{ID: uuid.New(), Email: uuid.NewString() + "@example.com", Name: "Other Clinician",
		Password: "long enough password", Role: practice.RoleClinician}
	require.NoError(t, auth.SeedPractice(context.Background(), a.DB, practice.Practice{ID: tm.ID, Name: "unchanged"},
		[]auth.SeedMember{m}))
	b := a.Browser(t)
	res := b.PostJSON("/api/auth/login", map[string]string{"email": m.Email, "password": m.Password})
	require.Equal(t, http.StatusOK, res.StatusCode)
	return b
}

// AuditActionsAll lists the actions of the practice's audit trail, as its owner reads it.
func AuditActionsAll(t *testing.T, a *App, tm *Team) []string {
	var actions []string
	b := tm.Browsers[practice.RoleOwner]
	var out struct{ Events []struct{ Action string } }
	Decode(t, b.Do("GET", "/api/audit?limit=500", "", nil), &out)
	for _, e := range out.Events {
		actions = append(actions, e.Action)
	}
	return actions
}

// Practice is where most domain tests start: Steady on a database of its own, every answer
// checked against the OpenAPI document, and the practice name with a member of each role,
// each signed in.
func Practice(t *testing.T, name string) (*App, *Team) {
	t.Helper()
	a := New(t)
	return a, SeedTeam(t, a, name)
}
