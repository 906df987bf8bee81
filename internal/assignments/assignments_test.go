package assignments_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/stretchr/testify/require"
)

// batchBody asks for the library exercises slugs, each weekly on Thursdays, for one client
// (or couple: key "couple_id").
func batchBody(key string, id uuid.UUID, start string, slugs ...string) string {
	refs := make([]map[string]string, len(slugs))
	for i, s := range slugs {
		refs[i] = map[string]string{"library": s}
	}
	raw, _ := json.Marshal(map[string]any{key: id, "exercises": refs,
		"cadence": map[string]any{"kind": "weekly", "start": start, "weekdays": []string{"thu"}, "at": "18:30"}})
	return string(raw)
}

type batchAnswer struct {
	Assignments []struct {
		ID          uuid.UUID `json:"id"`
		ClientID    uuid.UUID `json:"client_id"`
		GroupID     uuid.UUID `json:"group_id"`
		LibrarySlug string    `json:"library_slug"`
		Cadence     struct {
			Kind     string   `json:"kind"`
			Start    string   `json:"start"`
			Weekdays []string `json:"weekdays"`
			At       string   `json:"at"`
		} `json:"cadence"`
		Reminders struct {
			Channel string `json:"channel"`
			Nudge   bool   `json:"nudge"`
		} `json:"reminders"`
	} `json:"assignments"`
}

// PHQ-9 and GAD-7 weekly in one request: two assignments on the one cadence, each audited and
// with the reminders a single assignment gets.
func TestAssignSeveralMeasuresOnOneCadence(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "batch")
	client, _ := tm.Fixture(t, a)
	b := tm.Browsers[practice.RoleClinician]
	start := a.Today().String()

	res := b.Do("POST", "/api/assignments", batchBody("client_id", client, start, "phq-9", "gad-7"), nil)
	require.Equal(t, http.StatusCreated, res.StatusCode)
	var got batchAnswer
	apptest.Decode(t, res, &got)
	require.Len(t, got.Assignments, 2)
	require.Equal(t, "phq-9", got.Assignments[0].LibrarySlug, "in the order asked")
	require.Equal(t, "gad-7", got.Assignments[1].LibrarySlug)
	for _, as := range got.Assignments {
		require.Equal(t, client, as.ClientID)
		require.Equal(t, "weekly", as.Cadence.Kind)
		require.Equal(t, start, as.Cadence.Start)
		require.Equal(t, []string{"thu"}, as.Cadence.Weekdays)
		require.Equal(t, "18:30", as.Cadence.At)
		require.Equal(t, "email", as.Reminders.Channel)
		require.True(t, as.Reminders.Nudge)
	}
	require.NotEqual(t, got.Assignments[0].GroupID, got.Assignments[1].GroupID, "each exercise is its own assignment")
	require.Equal(t, 2, apptest.TenantRows(t, a, tm.ID, "assignments"))
	require.Equal(t, 2, apptest.AuditCount(t, a, tm.ID, `action = 'assignment.create'`))
}

// All or nothing: when one of several cannot be assigned, none is, and the answer names it.
func TestAssignSeveralIsAllOrNothing(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "batchnone")
	client, couple := tm.Fixture(t, a)
	b := tm.Browsers[practice.RoleClinician]
	start := a.Today().String()
	refused := func(res *http.Response, status int, code, field string) {
		t.Helper()
		require.Equal(t, status, res.StatusCode)
		e := apptest.ReadError(t, res)
		require.Equal(t, code, e.Error.Code)
		if field != "" {
			require.Contains(t, e.Error.Fields, field)
		}
	}

	// A measure the client already has running is refused, by name; the other is not made.
	res := b.Do("POST", "/api/assignments", batchBody("client_id", client, start, "phq-9"), nil)
	require.Equal(t, http.StatusCreated, res.StatusCode)
	var phq batchAnswer
	apptest.Decode(t, res, &phq)
	res = b.Do("POST", "/api/assignments", batchBody("client_id", client, start, "gad-7", "phq-9"), nil)
	require.Equal(t, http.StatusConflict, res.StatusCode)
	e := apptest.ReadError(t, res)
	require.Equal(t, "measure_already_assigned", e.Error.Code)
	require.Contains(t, e.Error.Fields, "exercises.1")
	require.Contains(t, e.Error.Message, "PHQ-9")
	require.Equal(t, 1, apptest.TenantRows(t, a, tm.ID, "assignments"), "the GAD-7 was not made either")

	// The single route keeps the same rule.
	refused(b.Do("POST", "/api/assignments", `{"client_id":"`+client.String()+`","exercise":{"library":"phq-9"},`+
		`"cadence":{"kind":"daily","start":"`+start+`","at":"19:00"}}`, nil), http.StatusConflict, "measure_already_assigned", "")

	// Stopped, it no longer counts.
	require.Equal(t, http.StatusOK, b.Do("POST", "/api/assignments/"+phq.Assignments[0].ID.String()+"/stop", "", nil).StatusCode)
	require.Equal(t, http.StatusCreated, b.Do("POST", "/api/assignments", batchBody("client_id", client, start, "gad-7", "phq-9"), nil).StatusCode)
	require.Equal(t, 3, apptest.TenantRows(t, a, tm.ID, "assignments"))

	// The same exercise twice, or a name not in the library: nothing is made, the item is named.
	refused(b.Do("POST", "/api/assignments", batchBody("client_id", client, start, "pcl-5", "pcl-5"), nil),
		http.StatusUnprocessableEntity, "validation_failed", "exercises.1")
	refused(b.Do("POST", "/api/assignments", batchBody("client_id", client, start, "pcl-5", "no-such-thing"), nil),
		http.StatusUnprocessableEntity, "validation_failed", "exercises.1.library")
	refused(b.Do("POST", "/api/assignments", `{"client_id":"`+client.String()+`","exercises":[],`+
		`"cadence":{"kind":"daily","start":"`+start+`","at":"19:00"}}`, nil), http.StatusUnprocessableEntity, "validation_failed", "exercises")

	// For a couple, the safety hold applies to each item: trust-repair work without a screen
	// is refused and names the item, and the check-in before it is not made.
	refused(b.Do("POST", "/api/assignments", batchBody("couple_id", couple, start, "trust-safety-check-in", "listen-reflect-allow"), nil),
		http.StatusConflict, "safety_screen_required", "exercises.1")
	require.Equal(t, 3, apptest.TenantRows(t, a, tm.ID, "assignments"))

	// An archived client gets nothing.
	_, err := clients.NewService(a.DB).SetArchived(context.Background(), tm.Caller(practice.RoleClinician), client, true)
	require.NoError(t, err)
	res = b.Do("POST", "/api/assignments", batchBody("client_id", client, start, "pcl-5"), nil)
	require.Equal(t, http.StatusConflict, res.StatusCode)
	require.Equal(t, "archived", apptest.ReadError(t, res).Error.Code)
	require.Equal(t, 3, apptest.TenantRows(t, a, tm.ID, "assignments"))
	require.Equal(t, 3, apptest.AuditCount(t, a, tm.ID, `action = 'assignment.create'`))
}

// Only members who may see the client assign to them, several at once as one.
func TestAssignSeveralNeedsTheClient(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "batchperm")
	client, _ := tm.Fixture(t, a)
	stranger := auth.Caller{Staff: &auth.Staff{UserID: tm.NewMember(t, a), PracticeID: tm.ID, Role: practice.RoleClinician}}
	_, err := a.AssignmentSvc().Assign(context.Background(), stranger, assignments.AssignInput{ClientID: client,
		Exercises: []library.Ref{{Library: "phq-9"}, {Library: "gad-7"}}, Rule: apptest.DailyFrom(a.Today())})
	require.ErrorIs(t, err, clients.ErrNotFound)
	require.Zero(t, apptest.TenantRows(t, a, tm.ID, "assignments"))

	// Another practice's member gets the same answer over HTTP.
	other := apptest.SeedTeam(t, a, "batchother")
	res := other.Browsers[practice.RoleOwner].Do("POST", "/api/assignments", batchBody("client_id", client, a.Today().String(), "phq-9", "gad-7"), nil)
	require.Equal(t, http.StatusNotFound, res.StatusCode)
	require.Zero(t, apptest.TenantRows(t, a, tm.ID, "assignments"))
}

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
