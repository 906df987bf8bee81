package app_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/homework"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/reminders"
)

// The demo practice on a real Citus cluster (scripts/test-citus.sh has migrated, distributed
// and seeded DATABASE_URL): a clinician signs in and reads the caseload over HTTP; a client
// opens a link and submits homework, whose job River works; the reminder due next is
// dispatched and sent. Skipped unless STEADY_CITUS_SMOKE is set. Dates come from the demo
// (made from the clock when it ran), so the test holds on any day.
func TestDemoOnCitus(t *testing.T) {
	if os.Getenv("STEADY_CITUS_SMOKE") == "" {
		t.Skip("runs on the Citus cluster of make test-citus")
	}
	ctx := context.Background()
	cfg, err := app.LoadConfig()
	require.NoError(t, err)
	a, err := app.Build(ctx, cfg, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer a.DB.Close()
	srv := httptest.NewServer(a.Server.Echo)
	defer srv.Close()
	require.NoError(t, a.River.Start(ctx))
	defer func() { _ = a.River.Stop(context.WithoutCancel(ctx)) }()

	clin := apptest.BrowserAt(t, srv.URL)
	res := clin.PostJSON("/api/auth/login", map[string]string{"email": app.DemoMembers[2].Email, "password": app.DemoPassword})
	require.Equal(t, http.StatusOK, res.StatusCode)
	var caseload struct {
		Total   int `json:"total"`
		Entries []struct {
			ClientID uuid.UUID `json:"client_id"`
		} `json:"entries"`
	}
	apptest.Decode(t, clin.Do("GET", "/api/caseload", "", nil), &caseload)
	require.NotZero(t, caseload.Total, "the demo clinician's clients, read across the shards")
	t.Logf("citus_caseload: %d clients", caseload.Total)

	// Homework: a PHQ-9 for the demo's first client, answered through a link with the risk
	// item above zero, which raises an alert and queues its email in the same transaction.
	var now time.Time
	require.NoError(t, a.DB.Pool.QueryRow(ctx, `SELECT now()`).Scan(&now))
	today := cadence.DateOf(now, time.UTC)
	m := app.DemoMembers[2]
	caller := auth.Caller{Staff: &auth.Staff{UserID: m.ID, PracticeID: app.DemoPractice.ID, Role: m.Role}}
	client := app.DemoClients[0].ID
	cs := clients.NewService(a.DB)
	vs, err := assignments.NewService(a.DB, cs, nil).Assign(ctx, caller, assignments.AssignInput{ClientID: client,
		Exercise: &library.Ref{Library: "phq-9"}, Rule: apptest.DailyFrom(today)})
	require.NoError(t, err)
	ls := links.NewService(a.DB, cs, nil)
	token, _, err := ls.CreateLink(ctx, caller, client)
	require.NoError(t, err)
	_, sess, err := ls.Exchange(ctx, token, "192.0.2.60")
	require.NoError(t, err)
	answers := map[string]json.RawMessage{}
	for k, v := range apptest.PHQAnswers("several_days") {
		answers[k] = json.RawMessage(`"` + v + `"`)
	}
	before := countJobs(t, a, "AND kind = 'risk_alert'")
	_, _, err = homework.NewService(a.DB, nil).Submit(ctx, sess, homework.Submission{AssignmentID: vs[0].ID,
		Date: today, Answers: answers, IdempotencyKey: uuid.New()}, "192.0.2.60", "smoke")
	require.NoError(t, err)
	require.Equal(t, before+1, countJobs(t, a, "AND kind = 'risk_alert'"), "the submit queued the alert's email with it")
	apptest.WaitFor(t, "River to work every job", func() bool { return countJobs(t, a, "AND state NOT IN ('completed', 'scheduled')") == 0 })

	// The reminder due next, dispatched at its time and sent once.
	var next time.Time
	require.NoError(t, a.DB.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT min(next_fire_at) FROM reminder_schedules WHERE next_fire_at > ?`, now).Row().Scan(&next)
	}))
	n, err := reminders.Dispatch(ctx, a.DB, a.Key, next.Add(time.Second))
	require.NoError(t, err)
	require.Positive(t, n)
	t.Logf("citus_reminders: %d dispatched", n)
	apptest.WaitFor(t, "the reminder to be sent", func() bool { return countJobs(t, a, "AND kind = 'reminder_send' AND state = 'completed'") > 0 })
}

func countJobs(t *testing.T, a *app.App, where string) int {
	var n int
	require.NoError(t, a.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE true `+where).Scan(&n))
	return n
}
