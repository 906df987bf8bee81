package assignments_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// The clinician's assignment list shows each answer, so Window opens the sealed answers;
// progress and the caseload summary only count what was done, so ClientWindow reads when each
// occurrence was answered and opens none.
func TestClientWindowOpensNoAnswer(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "window")
	client, _ := tm.Fixture(t, a)
	clinician := tm.Caller(practice.RoleClinician) // the client's own clinician
	apptest.RiskAlertFor(t, a, clinician, client)  // today's PHQ-9, answered
	now := a.Config.Clock()()
	from, to := now.Add(-24*time.Hour), now.Add(24*time.Hour)

	var listed, counted []assignments.AssignmentView
	require.NoError(t, a.DB.InTenant(context.Background(), clinician.Scope(), func(tx *db.Tx) (err error) {
		counted, err = assignments.ClientWindow(context.Background(), tx, client, now, from, to)
		if err != nil {
			return err
		}
		require.Len(t, counted, 1)
		listed, err = assignments.Window(context.Background(), tx, []uuid.UUID{counted[0].ID}, now, from, to)
		return err
	}))
	answered := func(vs []assignments.AssignmentView) *assignments.Response {
		for _, o := range vs[0].Occurrences {
			if o.Response != nil {
				return o.Response
			}
		}
		return nil
	}
	require.NotNil(t, answered(listed))
	require.Equal(t, "several_days", answered(listed).Answers["q9"], "the list shows the answer")
	require.NotNil(t, answered(counted), "the count sees the answer given")
	require.Equal(t, answered(listed).SubmittedAt, answered(counted).SubmittedAt)
	require.Nil(t, answered(counted).Answers, "and opens none")
	require.Nil(t, answered(counted).AnswersSealed)
}

// Load keeps an answered assignment's parsed definition: the second read, which takes it from
// what was kept, gives the same one, and another practice still cannot load the assignment.
// A window read first, which reads the definition as text and parses it once per text, gives
// the same definition as Load.
func TestLoadKeepsTheDefinitionWithinThePractice(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "definitions")
	client, _ := tm.Fixture(t, a)
	clinician := tm.Caller(practice.RoleClinician)
	v := apptest.AssignDaily(t, a, clinician, client)
	load := func(practiceID uuid.UUID) (*assignments.Assignment, error) {
		var got *assignments.Assignment
		err := a.DB.InTenant(context.Background(), db.Scope{PracticeID: practiceID}, func(tx *db.Tx) (err error) {
			got, err = assignments.Load(context.Background(), tx, v.ID)
			return err
		})
		return got, err
	}
	var windowed []assignments.AssignmentView
	assignments.ForgetDefinitions() // as in a process that has read none yet
	require.NoError(t, a.DB.InTenant(context.Background(), clinician.Scope(), func(tx *db.Tx) (err error) {
		now := a.Config.Clock()()
		windowed, err = assignments.Window(context.Background(), tx, []uuid.UUID{v.ID}, now, now, now.Add(time.Hour))
		return err
	}))
	require.Len(t, windowed, 1)
	first, err := load(tm.ID)
	require.NoError(t, err)
	require.Equal(t, windowed[0].Definition, first.Definition)
	again, err := load(tm.ID)
	require.NoError(t, err)
	require.Equal(t, first.Definition, again.Definition)
	require.NotEmpty(t, again.Definition.Fields)
	require.Equal(t, v.Title, again.Title)
	_, err = load(uuid.New())
	require.ErrorIs(t, err, assignments.ErrNotFound, "row-level security still decides")
}
