package apptest

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/homework"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/safety"
)

// The services behind the homework routes, built the way the app builds them, on its clock.

// AssignmentSvc is the assignments service.
func (a *App) AssignmentSvc() *assignments.Service {
	return assignments.NewService(a.DB, clients.NewService(a.DB), a.Config.Clock())
}

// LibrarySvc is the exercise library service.
func (a *App) LibrarySvc() *library.Service { return library.NewService(a.DB, a.Config.Clock()) }

// SafetySvc is the safety-screen service.
func (a *App) SafetySvc() *safety.Service {
	return safety.NewService(a.DB, clients.NewService(a.DB), assignments.HoldTrustRepair, a.Config.Clock())
}

// AnswerSvc is the service that takes a client's answers.
func (a *App) AnswerSvc() *homework.Service { return homework.NewService(a.DB, a.Config.Clock()) }

// LinkSvc is the homework-link service.
func (a *App) LinkSvc() *links.Service {
	return links.NewService(a.DB, clients.NewService(a.DB), a.Config.Clock())
}

// DailyFrom is a daily cadence at 19:00 from the given day.
func DailyFrom(d cadence.Date) cadence.Rule {
	return cadence.Rule{Kind: cadence.Daily, Start: d, At: cadence.Clock{Hour: 19}}
}

// AssignDaily gives the client a daily library exercise from yesterday that is not trust-repair
// work, so it needs no safety screen.
func AssignDaily(t testing.TB, a *App, caller auth.Caller, clientID uuid.UUID) assignments.AssignmentView {
	vs, err := a.AssignmentSvc().Assign(context.Background(), caller, assignments.AssignInput{ClientID: clientID,
		Exercise: &library.Ref{Library: "when-you-are-flooded"}, Rule: DailyFrom(a.Today().AddDays(-1))})
	require.NoError(t, err)
	require.Len(t, vs, 1)
	return vs[0]
}

// DailyAnswers answers the required fields of AssignDaily's exercise, and one optional field.
func DailyAnswers() map[string]json.RawMessage {
	return map[string]json.RawMessage{"flooded": json.RawMessage(`true`), "signs": json.RawMessage(`["heart"]`),
		"helped": json.RawMessage(`"A walk round the block"`)}
}

// LinkFor makes a homework link and returns its token.
func LinkFor(t testing.TB, a *App, caller auth.Caller, clientID uuid.UUID) string {
	token, _, err := a.LinkSvc().CreateLink(context.Background(), caller, clientID)
	require.NoError(t, err)
	return token
}

// ClientBrowser opens a homework link the way the page does: a tap exchanges the token.
func ClientBrowser(t testing.TB, a *App, token string) *Browser {
	b := a.Browser(t)
	res := b.Do("POST", "/api/homework/session", `{"token":"`+token+`"}`, nil)
	require.Equal(t, http.StatusOK, res.StatusCode, ReadBody(t, res))
	return b
}

// SeedHomework fills every homework table for the practice: a template, a safety screen, an
// assignment with an answer, a journal entry, a link and a client session.
func SeedHomework(t *testing.T, a *App, owner auth.Caller, clientID, coupleID uuid.UUID) {
	ctx := context.Background()
	_, err := a.LibrarySvc().CreateTemplate(ctx, owner, "consistency-log", nil)
	require.NoError(t, err)
	_, _, err = a.SafetySvc().RecordScreen(ctx, owner, coupleID, safety.Screen{Decision: "proceed"})
	require.NoError(t, err)
	as := AssignDaily(t, a, owner, clientID)
	token := LinkFor(t, a, owner, clientID)
	_, sess, err := a.LinkSvc().Exchange(ctx, token, "192.0.2.9")
	require.NoError(t, err)
	_, _, err = a.AnswerSvc().Submit(ctx, sess, homework.Submission{AssignmentID: as.ID, Date: a.Today(),
		Answers: DailyAnswers(), IdempotencyKey: uuid.New()}, "192.0.2.9", "test")
	require.NoError(t, err)
	_, _, err = checkins.NewService(a.DB, clients.NewService(a.DB), nil).Write(ctx, sess, "A calmer day.", uuid.New(), "192.0.2.9", "test")
	require.NoError(t, err)
	RiskAlertFor(t, a, owner, clientID) // a score and a risk alert
	SeedReminderRows(t, a, owner, clientID, as.ID)
}

// SeedReminderRows gives the client a reminder choice and a sent reminder with its token.
func SeedReminderRows(t *testing.T, a *App, owner auth.Caller, clientID, assignmentID uuid.UUID) {
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
			delivery, assignmentID, a.Today().UTC(), clientID).Error
	}))
}

// PHQAnswers answers every PHQ-9 item "not at all" but item 9.
func PHQAnswers(item9 string) map[string]string {
	out := map[string]string{}
	for _, it := range checkins.PHQ9.Items {
		out[it.Key] = "not_at_all"
	}
	out["q9"] = item9
	return out
}

// SubmitPHQ sends today's answers to a PHQ-9 assignment from the client's browser.
func SubmitPHQ(t *testing.T, b *Browser, assignment uuid.UUID, answers map[string]string) *http.Response {
	raw, _ := json.Marshal(map[string]any{"assignment_id": assignment, "date": Today().String(), "answers": answers,
		"idempotency_key": uuid.New()})
	return b.Do("POST", "/api/homework/responses", string(raw), nil)
}

// AssignPHQ gives the client a daily PHQ-9 from today, set by the team's clinician.
func AssignPHQ(t *testing.T, a *App, tm *Team, client uuid.UUID) uuid.UUID {
	vs, err := a.AssignmentSvc().Assign(context.Background(), tm.Caller(practice.RoleClinician), assignments.AssignInput{
		ClientID: client, Exercise: &library.Ref{Library: "phq-9"}, Rule: DailyFrom(Today())})
	require.NoError(t, err)
	return vs[0].ID
}

// RiskAlertFor makes the client answer a PHQ-9 with item 9 above zero and returns the alert's id.
func RiskAlertFor(t *testing.T, a *App, caller auth.Caller, client uuid.UUID) uuid.UUID {
	ctx := context.Background()
	vs, err := a.AssignmentSvc().Assign(ctx, caller, assignments.AssignInput{ClientID: client,
		Exercise: &library.Ref{Library: "phq-9"}, Rule: DailyFrom(a.Today())})
	require.NoError(t, err)
	_, sess, err := a.LinkSvc().Exchange(ctx, LinkFor(t, a, caller, client), "192.0.2.10")
	require.NoError(t, err)
	answers := map[string]json.RawMessage{}
	for k, v := range PHQAnswers("several_days") {
		answers[k] = json.RawMessage(`"` + v + `"`)
	}
	_, _, err = a.AnswerSvc().Submit(ctx, sess, homework.Submission{AssignmentID: vs[0].ID, Date: a.Today(),
		Answers: answers, IdempotencyKey: uuid.New()}, "192.0.2.10", "test")
	require.NoError(t, err)
	var id uuid.UUID
	require.NoError(t, a.DB.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT id FROM risk_alerts WHERE client_id = ? ORDER BY created_at DESC LIMIT 1`, client).Row().Scan(&id)
	}))
	return id
}
