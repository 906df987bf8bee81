package homework_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/homework"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/progress"
)

// An ordinary answer takes the pipelined path once the practice's data key has been read, and
// leaves exactly what the transaction path leaves: the answer sealed, its score, its audit row
// and the client's summary marked stale. A replay on that path still answers with the first
// receipt, and a risk item still raises its alert (the transaction path takes both).
func TestPipedAnswersLeaveWhatTheTransactionPathLeaves(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "piped")
	ctx := context.Background()
	client, _ := tm.Fixture(t, a)
	clin := tm.Caller(practice.RoleClinician)
	vs, err := a.AssignmentSvc().Assign(ctx, clin, assignments.AssignInput{ClientID: client,
		Exercise: &library.Ref{Library: "phq-9"}, Rule: apptest.DailyFrom(a.Today().AddDays(-1))})
	require.NoError(t, err)
	phq := vs[0].ID
	daily := apptest.AssignDaily(t, a, clin, client).ID
	_, sess, err := a.LinkSvc().Exchange(ctx, apptest.LinkFor(t, a, clin, client), "192.0.2.10")
	require.NoError(t, err)
	svc := homework.NewService(a.DB, a.Config.Clock())
	raw := func(m map[string]string) map[string]json.RawMessage {
		out := map[string]json.RawMessage{}
		for k, v := range m {
			out[k] = json.RawMessage(`"` + v + `"`)
		}
		return out
	}
	submit := func(id uuid.UUID, day int, answers map[string]json.RawMessage, key uuid.UUID) (*assignments.Response, bool) {
		r, replayed, err := svc.Submit(ctx, sess, homework.Submission{AssignmentID: id, Date: a.Today().AddDays(day),
			Answers: answers, IdempotencyKey: key}, "192.0.2.10", "test")
		require.NoError(t, err)
		return r, replayed
	}

	submit(daily, -1, apptest.DailyAnswers(), uuid.New()) // makes the practice's data key
	submit(daily, 0, apptest.DailyAnswers(), uuid.New())  // reads it, as committed
	require.Zero(t, svc.PipedAnswers(), "the first answers take the transaction path")
	key := uuid.New()
	first, _ := submit(phq, -1, raw(apptest.PHQAnswers("not_at_all")), key)
	require.Equal(t, int64(1), svc.PipedAnswers(), "then the pipelined path")

	again, replayed := submit(phq, -1, raw(apptest.PHQAnswers("not_at_all")), key)
	require.True(t, replayed)
	require.Equal(t, first.ID, again.ID, "a replay gets the first receipt")
	risky, _ := submit(phq, 0, raw(apptest.PHQAnswers("several_days")), uuid.New())
	require.NotNil(t, risky.Crisis, "a risk item brings the crisis support")
	require.Equal(t, int64(1), svc.PipedAnswers(), "the replay and the risk item took the transaction path")

	var sealed, plain, scores, alerts, audits int
	var stale bool
	require.NoError(t, a.DB.InTenant(ctx, db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT
			(SELECT count(*) FROM responses WHERE id = ? AND answers_sealed IS NOT NULL),
			(SELECT count(*) FROM responses WHERE answers IS NOT NULL),
			(SELECT count(*) FROM scores WHERE response_id = ? AND total = 0),
			(SELECT count(*) FROM risk_alerts WHERE client_id = ?),
			(SELECT count(*) FROM audit_events WHERE action = 'response.create' AND subject_id = ? AND detail->>'date' = ?),
			(SELECT stale_after = '-infinity' FROM client_attention WHERE client_id = ?)`,
			first.ID, first.ID, client, phq.String(), a.Today().AddDays(-1).String(), client).Row().
			Scan(&sealed, &plain, &scores, &alerts, &audits, &stale)
	}))
	require.Equal(t, 1, sealed, "the answer is stored sealed")
	require.Zero(t, plain)
	require.Equal(t, 1, scores, "with its score")
	require.Equal(t, 1, alerts, "the risk item's alert, from the transaction path")
	require.Equal(t, 1, audits, "one audit row for the piped answer, none for its replay")
	require.True(t, stale, "the summary is marked stale")

	require.NoError(t, a.DB.InTenant(ctx, db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		got, err := assignments.ResponsesOf(ctx, tx, []uuid.UUID{phq})
		for _, r := range got {
			if r.ID == first.ID {
				require.Equal(t, "not_at_all", r.Answers["q9"], "and opens to what was sent")
				return err
			}
		}
		t.Fatal("the piped answer is not among the assignment's")
		return err
	}))
}

// The usual answer updates its client's summary in its own transaction (progress.OwnAnswer):
// what it leaves equals what a full refresh computes, with no refresh owed, on time or late,
// after missed days. On a row already stale it leaves the row stale, for the refresh.
func TestAnAnswerUpdatesTheSummaryAsARefreshWould(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "answered")
	ctx := context.Background()
	client, _ := tm.Fixture(t, a)
	clin := tm.Caller(practice.RoleClinician)
	spent := apptest.AssignDaily(t, a, clin, client).ID // due at 19:00 from yesterday
	daily := func(from int, hour int) uuid.UUID {
		vs, err := a.AssignmentSvc().Assign(ctx, clin, assignments.AssignInput{ClientID: client,
			Exercise: &library.Ref{Library: "when-you-are-flooded"},
			Rule:     cadence.Rule{Kind: cadence.Daily, Start: a.Today().AddDays(from), At: cadence.Clock{Hour: hour}}})
		require.NoError(t, err)
		return vs[0].ID
	}
	slipped := daily(-4, 9) // the 4th, 3rd and 2nd days back have closed unanswered
	_, sess, err := a.LinkSvc().Exchange(ctx, apptest.LinkFor(t, a, clin, client), "192.0.2.10")
	require.NoError(t, err)
	svc := homework.NewService(a.DB, a.Config.Clock())
	submit := func(id uuid.UUID, day int) {
		_, _, err := svc.Submit(ctx, sess, homework.Submission{AssignmentID: id, Date: a.Today().AddDays(day),
			Answers: apptest.DailyAnswers(), IdempotencyKey: uuid.New()}, "192.0.2.10", "test")
		require.NoError(t, err)
	}
	type row struct {
		Days                     string
		MissedStreak, KeptStreak int
		StaleAfter               string
	}
	read := func() row {
		var r row
		require.NoError(t, a.DB.InTenant(ctx, db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
			return tx.Gorm.Raw(`SELECT days::text AS days, missed_streak, kept_streak, stale_after::text AS stale_after
				FROM client_attention WHERE client_id = ?`, client).Scan(&r).Error
		}))
		return r
	}
	refresh := func() row {
		require.NoError(t, a.DB.InTenant(ctx, db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
			return progress.Refresh(ctx, tx, client, a.Now())
		}))
		return read()
	}
	// answered submits the usual answer on the pipelined path and checks that it left the row
	// as a refresh leaves it, with none owed.
	answered := func(id uuid.UUID, day int) row {
		t.Helper()
		piped := svc.PipedAnswers()
		submit(id, day)
		require.Equal(t, piped+1, svc.PipedAnswers(), "the pipelined path")
		got := read()
		require.NotEqual(t, "-infinity", got.StaleAfter, "no refresh owed")
		want := refresh()
		// The answered occurrence's closing may still be when the row next turns stale: a
		// refresh owed early, never late.
		require.LessOrEqual(t, got.StaleAfter, want.StaleAfter)
		got.StaleAfter = want.StaleAfter
		require.Equal(t, want, got)
		return got
	}

	submit(spent, -1) // the transaction path: makes the practice's data key
	submit(spent, 0)  // and reads it, as committed
	before := refresh()
	require.Equal(t, 0, before.MissedStreak, "three missed, then two done")
	require.Equal(t, 2, before.KeptStreak)
	require.Equal(t, 3, answered(slipped, 0).KeptStreak, "today's")
	require.Equal(t, 4, answered(slipped, -1).KeptStreak, "yesterday's, late")
	require.Equal(t, int64(1), svc.OneTripAnswers(), "the second answer went in one round trip, on what the first read")

	later := daily(-1, 21) // a new assignment marks the row stale
	submit(later, 0)
	require.Equal(t, "-infinity", read().StaleAfter, "an answer on a stale row leaves it to the refresh")
	require.Equal(t, 5, refresh().KeptStreak)
}
