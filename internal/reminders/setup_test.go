package reminders_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/practice"
)

// The reminders tests' setup bundle: an app, a practice with a member of each role, and a
// client to remind. The fixture's methods in reminders_test.go drive the service under test
// (schedule, dispatch, send) as its periodic jobs do.

// reminderFixture is a client with an email address, a live homework link and a daily
// exercise due at 19:00 London time.
type reminderFixture struct {
	a          *apptest.App
	tm         *apptest.Team
	caller     auth.Caller
	client     uuid.UUID
	assignment uuid.UUID
	practice   uuid.UUID
}

func newReminderFixture(t *testing.T) *reminderFixture {
	a := apptest.New(t)
	tm := apptest.SeedTeam(t, a, "reminders")
	f := &reminderFixture{a: a, tm: tm, caller: tm.Caller(practice.RoleClinician), practice: tm.ID}
	c, err := clients.NewService(a.DB).Create(context.Background(), f.caller, clients.Input{Name: "Robin Reed",
		PreferredName: "Robin", Email: "robin@example.com", ConsentEmail: true, TimeZone: "Europe/London"})
	require.NoError(t, err)
	f.client = c.ID
	apptest.LinkFor(t, a, f.caller, f.client)
	f.assignment = apptest.AssignDaily(t, a, f.caller, f.client).ID
	return f
}
