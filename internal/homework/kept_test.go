package homework_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/homework"
	"github.com/steadyhq/steady/internal/links"
)

// An answer to an assignment answered before goes in one round trip, on what the first answer
// read, and leaves what the two-trip path leaves. Whatever changed since (the assignment
// stopped, the session ended, the client's time zone) is found in that same transaction before
// anything is written: the answer is then judged on a fresh read, as if nothing had been kept.
func TestKeptAnswersGoInOneTripUntilSomethingChanges(t *testing.T) {
	t.Parallel()
	l := withLink(t, "kept", 6, "192.0.2.12")
	a, tm, ctx, svc, answer := l.a, l.tm, context.Background(), l.svc, l.answer
	client, clin, token, sess := l.client, l.clin, l.token, l.sess
	first, kept, stopped, touched, ended, moved := l.ids[0], l.ids[1], l.ids[2], l.ids[3], l.ids[4], l.ids[5]
	checked := links.Checked(sess)
	for _, day := range []int{-1, 0} { // the practice's data key is made, then read as committed
		_, _, err := answer(checked, first, day, uuid.New())
		require.NoError(t, err)
	}
	for _, id := range []uuid.UUID{kept, stopped, touched, ended, moved} {
		_, _, err := answer(checked, id, -1, uuid.New())
		require.NoError(t, err)
	}
	require.Equal(t, int64(5), svc.PipedAnswers(), "each first answer read its assignment")
	require.Zero(t, svc.OneTripAnswers())

	// Nothing changed: one round trip, and what it leaves is what the first answer left.
	key := uuid.New()
	r, _, err := answer(checked, kept, 0, key)
	require.NoError(t, err)
	require.Equal(t, int64(1), svc.OneTripAnswers(), "the second answer went in one round trip")
	again, replayed, err := answer(checked, kept, 0, key)
	require.NoError(t, err)
	require.True(t, replayed, "a replay on that path still gets the first receipt")
	require.Equal(t, r.ID, again.ID)
	var sealed, audits int
	require.NoError(t, a.DB.InTenant(ctx, db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT
			(SELECT count(*) FROM responses WHERE assignment_id = ? AND answers_sealed IS NOT NULL),
			(SELECT count(*) FROM audit_events WHERE action = 'response.create' AND subject_id = ?)`,
			kept, kept.String()).Row().Scan(&sealed, &audits)
	}))
	require.Equal(t, 2, sealed, "both answers stored sealed")
	require.Equal(t, 2, audits, "one audit row each, none for the replay")

	// Stopped since: refused, as a fresh read refuses it, with nothing written.
	_, err = a.AssignmentSvc().Stop(ctx, clin, stopped)
	require.NoError(t, err)
	responses := a.CountAll(t, "responses")
	_, _, err = answer(checked, stopped, 0, uuid.New())
	require.ErrorIs(t, err, homework.ErrStopped)
	require.Equal(t, responses, a.CountAll(t, "responses"))

	// A claim from memory, not checked yet, is checked in that one round trip, and the
	// session's last use written there when it is a minute old.
	ls := a.LinkSvc()
	for range 2 { // the first read is whole; the second claim comes from memory, unchecked
		_, err = ls.ClaimOf(ctx, token)
		require.NoError(t, err)
	}
	claim, err := ls.ClaimOf(ctx, token)
	require.NoError(t, err)
	clock := a.Config.Clock()
	seen := func(at *time.Time) error {
		return a.DB.InTenant(ctx, db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
			if at != nil {
				return tx.Gorm.Exec(`UPDATE client_sessions SET last_seen_at = ? WHERE client_id = ?`, *at, client).Error
			}
			var last time.Time
			if err := tx.Gorm.Raw(`SELECT last_seen_at FROM client_sessions WHERE client_id = ?`, client).Row().Scan(&last); err != nil {
				return err
			}
			require.WithinDuration(t, clock(), last, time.Second, "the session's last use is written with the answer")
			return nil
		})
	}
	long := clock().Add(-5 * time.Minute)
	require.NoError(t, seen(&long))
	_, _, err = answer(claim, touched, 0, uuid.New())
	require.NoError(t, err)
	require.Equal(t, int64(2), svc.OneTripAnswers())
	require.NoError(t, seen(nil))

	// The session ended since (its link revoked), with its claim still in memory: refused as no
	// session, nothing written.
	require.NoError(t, ls.RevokeLink(ctx, clin, client))
	responses, events := a.CountAll(t, "responses"), a.CountAll(t, "audit_events")
	_, _, err = answer(claim, ended, 0, uuid.New())
	require.ErrorIs(t, err, links.ErrNoSession)
	require.Equal(t, responses, a.CountAll(t, "responses"), "nothing stored")
	require.Equal(t, events, a.CountAll(t, "audit_events"), "nothing recorded")
	require.Equal(t, int64(2), svc.OneTripAnswers())

	// The client's zone moved since: the answer is taken after a fresh read (on a new link).
	cs := clients.NewService(a.DB)
	_, err = cs.Update(ctx, clin, client, clients.Input{Name: "Jo Client", TimeZone: "Europe/London",
		ClinicianIDs: []uuid.UUID{clin.UserID}})
	require.NoError(t, err)
	piped := svc.PipedAnswers()
	_, sess, err = a.LinkSvc().Exchange(ctx, apptest.LinkFor(t, a, clin, client), "192.0.2.12")
	require.NoError(t, err)
	_, _, err = answer(links.Checked(sess), moved, 0, uuid.New())
	require.NoError(t, err)
	require.Equal(t, piped+1, svc.PipedAnswers(), "taken by the two-trip path")
	require.Equal(t, int64(2), svc.OneTripAnswers(), "not on what was kept")
}

// The homework page comes before an answer, and keeps what it read: the first answer to each
// of its tasks goes in one round trip. One changed since the page was read is judged on a
// fresh read, with nothing written.
func TestTheHomeworkPageKeepsWhatItsAnswersNeed(t *testing.T) {
	t.Parallel()
	l := withLink(t, "kept-page", 3, "192.0.2.13")
	a, tm, ctx, svc := l.a, l.tm, context.Background(), l.svc
	first, shown, stopped := l.ids[0], l.ids[1], l.ids[2]
	answer := func(id uuid.UUID, key uuid.UUID) error {
		_, _, err := l.answer(links.Checked(l.sess), id, 0, key)
		return err
	}
	require.NoError(t, answer(first, uuid.New())) // the practice's data key is made, then kept
	open, _, err := svc.Today(ctx, l.sess)
	require.NoError(t, err)
	require.NotEmpty(t, open)
	require.Zero(t, svc.OneTripAnswers())

	key := uuid.New()
	require.NoError(t, answer(shown, key))
	require.Equal(t, int64(1), svc.OneTripAnswers(), "the first answer after the page went in one round trip")
	var stored int
	require.NoError(t, a.DB.InTenant(ctx, db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT count(*) FROM responses WHERE assignment_id = ? AND idempotency_key = ?
			AND answers_sealed IS NOT NULL`, shown, key).Row().Scan(&stored)
	}))
	require.Equal(t, 1, stored)

	_, err = a.AssignmentSvc().Stop(ctx, l.clin, stopped)
	require.NoError(t, err)
	responses := a.CountAll(t, "responses")
	require.ErrorIs(t, answer(stopped, uuid.New()), homework.ErrStopped)
	require.Equal(t, responses, a.CountAll(t, "responses"), "nothing stored")
	require.Equal(t, int64(1), svc.OneTripAnswers(), "not on what the page kept")
}
