package restoredrill

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/homework"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/safety"
)

// The clinical text the dump test writes, each with words found nowhere else.
const (
	journalText = "Journal: the lighthouse marmalade evening went better than I feared"
	answerText  = "Answer: we walked the quiet heron canal and nobody raised their voice"
	screenText  = "Screen note: no fear reported, both partners want the saffron work"
	alertText   = "Alert note: phoned the client, a safety plan with the violet helpline"
	plainText   = "Journal written before sealing: the copper kettle morning"
)

// TestDumpRevealsNoClinicalText writes a journal entry, a free-text answer, a safety-screen
// note and an alert note through the services, reads each back through the app, and then
// finds none of them in a plain-text pg_dump of the database; a journal entry stored plain
// before sealing is sealed by the worker's seal_stored job, and then is not there either.
func TestDumpRevealsNoClinicalText(t *testing.T) {
	a, tm := apptest.Practice(t, "sealed")
	ctx := context.Background()
	client, couple := tm.Fixture(t, a)
	clin := tm.Caller(practice.RoleClinician)
	journals := checkins.NewService(a.DB, clients.NewService(a.DB), a.Config.Clock())

	_, _, err := a.SafetySvc().RecordScreen(ctx, clin, couple, safety.Screen{Decision: "proceed", Note: screenText})
	require.NoError(t, err)
	as := apptest.AssignDaily(t, a, clin, client)
	_, sess, err := a.LinkSvc().Exchange(ctx, apptest.LinkFor(t, a, clin, client), "192.0.2.9")
	require.NoError(t, err)
	answers := apptest.DailyAnswers()
	answers["helped"] = json.RawMessage(strconv.Quote(answerText))
	_, _, err = a.AnswerSvc().Submit(ctx, sess, homework.Submission{AssignmentID: as.ID, Date: a.Today(),
		Answers: answers, IdempotencyKey: uuid.New()}, "192.0.2.9", "test")
	require.NoError(t, err)
	_, _, err = journals.Write(ctx, sess, journalText, uuid.New(), "192.0.2.9", "test")
	require.NoError(t, err)
	alert := apptest.RiskAlertFor(t, a, clin, client)
	_, err = journals.Resolve(ctx, clin, alert, alertText)
	require.NoError(t, err)
	plainID := writePlainJournal(t, a, tm.ID, client)

	// Every word reads back through the app, the plain entry too.
	entries, err := journals.ForClinician(ctx, clin, client)
	require.NoError(t, err)
	require.ElementsMatch(t, []string{journalText, plainText}, []string{entries[0].Body, entries[1].Body})
	screens, err := a.SafetySvc().Screens(ctx, clin, couple)
	require.NoError(t, err)
	require.Equal(t, screenText, screens[0].Note)
	alerts, err := journals.Alerts(ctx, clin, client)
	require.NoError(t, err)
	require.Equal(t, alertText, alerts[0].Note)
	require.NotNil(t, alerts[0].Answer, "the answer that raised the alert opens too")
	require.Equal(t, "Several days", alerts[0].Answer.Label)
	view, err := a.AssignmentSvc().GetAssignment(ctx, clin, as.ID)
	require.NoError(t, err)
	require.Equal(t, answerText, answeredText(view.Occurrences))

	dump := plainDump(t, a)
	require.Contains(t, dump, "Pat clinician", "the dump holds the practice's plain rows (the check can fail)")
	require.Contains(t, dump, plainText, "before the seal_stored job seals it, the old entry is plain")
	for _, text := range []string{journalText, answerText, screenText, alertText} {
		require.NotContains(t, dump, text)
	}

	// The worker's seal_stored job seals it as the app role, and again finds nothing to do.
	n, err := app.SealStored(ctx, a.DB)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	n, err = app.SealStored(ctx, a.DB)
	require.NoError(t, err)
	require.Zero(t, n)
	require.NotContains(t, plainDump(t, a), plainText)
	entries, err = journals.ForClinician(ctx, clin, client)
	require.NoError(t, err)
	require.Contains(t, []string{entries[0].Body, entries[1].Body}, plainText, "entry %s reads the same once sealed", plainID)
}

// writePlainJournal stores a journal entry as Steady did before sealing (migration 0020).
func writePlainJournal(t *testing.T, a *apptest.App, practiceID, client uuid.UUID) uuid.UUID {
	id := uuid.New()
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: practiceID}, func(tx *db.Tx) error {
		return tx.Gorm.Exec(`INSERT INTO journal_entries (practice_id, id, client_id, body, idempotency_key, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, practiceID, id, client, plainText, uuid.New(), a.Now().Add(-1)).Error
	}))
	return id
}

// answeredText is the "helped" answer among an assignment's occurrences.
func answeredText(occurrences []assignments.OccurrenceView) string {
	for _, o := range occurrences {
		if o.Response != nil {
			if s, ok := o.Response.Answers["helped"].(string); ok {
				return s
			}
		}
	}
	return ""
}

// plainDump is a plain-text pg_dump of the database, taken as backups are: what a stolen
// backup would show.
func plainDump(t *testing.T, a *apptest.App) string {
	text, _ := dumpSource(t, a, func(t *testing.T, dsn string) string {
		file := filepath.Join(t.TempDir(), "steady.sql")
		runPG(t, pgTool(t, dsn, "pg_dump"), dsn, "--format=plain", "--file="+file)
		raw, err := os.ReadFile(file)
		require.NoError(t, err)
		return string(raw)
	})
	return text
}
