package assignments_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/practice"
)

// An assignment keeps the template version it was given.
func TestAssignmentKeepsItsTemplateVersion(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "versions")
	client, _ := tm.Fixture(t, a)
	ctx := context.Background()
	clin := tm.Caller(practice.RoleClinician)
	ex := a.AssignmentSvc()
	tpl, err := a.LibrarySvc().CreateTemplate(ctx, clin, "when-you-are-flooded", nil)
	require.NoError(t, err)
	vs, err := ex.Assign(ctx, clin, assignments.AssignInput{ClientID: client,
		Exercise: &library.Ref{TemplateID: tpl.ID}, Rule: apptest.DailyFrom(apptest.Today())})
	require.NoError(t, err)

	changed := tpl.Definition
	changed.Title = "Calming down, our way"
	changed.Fields = changed.Fields[:1]
	tpl2, err := a.LibrarySvc().UpdateTemplate(ctx, clin, tpl.ID, changed)
	require.NoError(t, err)
	require.Equal(t, 2, tpl2.CurrentVersion)
	require.Len(t, tpl2.Versions, 2)

	got, err := ex.GetAssignment(ctx, clin, vs[0].ID)
	require.NoError(t, err)
	require.Equal(t, 1, *got.TemplateVersion)
	require.Equal(t, tpl.Definition.Title, got.Definition.Title)
	require.Len(t, got.Definition.Fields, len(tpl.Definition.Fields))
}
