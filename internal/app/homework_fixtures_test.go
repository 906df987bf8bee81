package app

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/exercises"
	"github.com/steadyhq/steady/internal/homework"
)

// The services behind the homework routes, as the app builds them.
func (a *testApp) exerciseSvc() *exercises.Service {
	return exercises.NewService(a.DB, clients.NewService(a.DB), a.Config.now)
}

func (a *testApp) homeworkSvc() *homework.Service {
	return homework.NewService(a.DB, clients.NewService(a.DB), a.Config.now)
}

// dailyFrom is a daily cadence at 19:00 from the given day.
func dailyFrom(d cadence.Date) cadence.Rule {
	return cadence.Rule{Kind: cadence.Daily, Start: d, At: cadence.Clock{Hour: 19}}
}

// testNow is the clock a test app runs on unless its test injects another (a fixed instant
// for fixtures counted by hand, a stepping clock for expiries). Tests read dates from the same
// clock as the server: today() for the default one, a.today() for any app.
func testNow() time.Time { return time.Now() }

// clearOfMidnight waits, when a test starts in the last minutes of a UTC day, until the new
// day begins, so a test that reads today() agrees with the server on the date however long it
// runs. It waits on the clock itself, at most a few minutes, once a day.
func clearOfMidnight(t testing.TB) {
	for {
		now := testNow().UTC()
		left := now.Truncate(24 * time.Hour).Add(24 * time.Hour).Sub(now)
		if left > 5*time.Minute {
			return
		}
		t.Logf("waiting %s for the UTC day to turn", left.Round(time.Second))
		time.Sleep(left + time.Second)
	}
}

// today is the date, in UTC, on the default test clock.
func today() cadence.Date { return cadence.DateOf(testNow(), time.UTC) }

// today is the date, in UTC, on the app's own clock.
func (a *testApp) today() cadence.Date { return cadence.DateOf(a.Config.now(), time.UTC) }

// assignDaily gives the client a daily library exercise from yesterday that is not trust-repair
// work, so it needs no safety screen.
func assignDaily(t testing.TB, a *testApp, caller auth.Caller, clientID uuid.UUID) exercises.AssignmentView {
	vs, err := a.exerciseSvc().Assign(context.Background(), caller, exercises.AssignInput{ClientID: clientID,
		Exercise: &exercises.ExerciseRef{Library: "when-you-are-flooded"}, Rule: dailyFrom(a.today().AddDays(-1))})
	require.NoError(t, err)
	require.Len(t, vs, 1)
	return vs[0]
}

// linkFor makes a homework link and returns its token.
func linkFor(t testing.TB, a *testApp, caller auth.Caller, clientID uuid.UUID) string {
	url := ""
	token, _, err := a.homeworkSvc().CreateLink(context.Background(), caller, clientID)
	require.NoError(t, err)
	url = token
	return url
}

// seedHomework fills every homework table for the practice: a template, a safety screen, an
// assignment with an answer, a journal entry, a link and a client session.
func seedHomework(t *testing.T, a *testApp, owner auth.Caller, clientID, coupleID uuid.UUID) {
	ctx := context.Background()
	ex := a.exerciseSvc()
	_, err := ex.CreateTemplate(ctx, owner, "consistency-log", nil)
	require.NoError(t, err)
	_, _, err = ex.RecordScreen(ctx, owner, coupleID, exercises.Screen{Decision: "proceed"})
	require.NoError(t, err)
	as := assignDaily(t, a, owner, clientID)
	token := linkFor(t, a, owner, clientID)
	_, sess, err := a.homeworkSvc().Exchange(ctx, token, "192.0.2.9")
	require.NoError(t, err)
	_, _, err = ex.Submit(ctx, sess, exercises.Submission{AssignmentID: as.ID, Date: a.today(),
		Answers: dailyAnswers(), IdempotencyKey: uuid.New()}, "192.0.2.9", "test")
	require.NoError(t, err)
	_, _, err = checkins.NewService(a.DB, clients.NewService(a.DB), nil).Write(ctx, sess, "A calmer day.", uuid.New(), "192.0.2.9", "test")
	require.NoError(t, err)
	riskAlertFor(t, a, owner, clientID) // a score and a risk alert
	seedReminderRows(t, a, owner, clientID, as.ID)
}

// seedReminderRows gives the client a reminder choice and a sent reminder with its token.
func seedReminderRows(t *testing.T, a *testApp, owner auth.Caller, clientID, assignmentID uuid.UUID) {
	delivery := uuid.New()
	require.NoError(t, a.DB.InTenant(context.Background(), owner.Scope(), func(tx *db.Tx) error {
		g := tx.Gorm
		if err := g.Exec(`INSERT INTO reminder_preferences (practice_id, client_id, preferred_at) VALUES (?, ?, '18:30')`,
			owner.PracticeID, clientID).Error; err != nil {
			return err
		}
		return g.Exec(`INSERT INTO reminder_deliveries (practice_id, id, client_id, assignment_id, occurrence_date, kind,
			channel, status, token_hash, link_id) SELECT practice_id, ?, client_id, ?, ?, 'reminder', 'email', 'sent',
			sha256(gen_random_uuid()::text::bytea), id FROM homework_links WHERE client_id = ? AND revoked_at IS NULL`,
			delivery, assignmentID, a.today().UTC(), clientID).Error
	}))
}

// clientBrowser opens a homework link the way the page does: a tap exchanges the token.
func clientBrowser(t testing.TB, a *testApp, token string) *browser {
	b := a.browser(t)
	res := b.do("POST", "/api/homework/session", `{"token":"`+token+`"}`, nil)
	require.Equal(t, http.StatusOK, res.StatusCode, readBody(t, res))
	return b
}

func readBody(t testing.TB, res *http.Response) string {
	var sb strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := res.Body.Read(buf)
		sb.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return sb.String()
}

// dailyAnswers answers the required fields of assignDaily's exercise, and one optional field.
func dailyAnswers() map[string]json.RawMessage {
	return map[string]json.RawMessage{"flooded": json.RawMessage(`true`), "signs": json.RawMessage(`["heart"]`),
		"helped": json.RawMessage(`"A walk round the block"`)}
}
