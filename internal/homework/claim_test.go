package homework_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/links"
)

// The answer checks the client's session inside its own transaction, from a claim this
// process remembers: a live session's answer is stored, with the session's last use written
// in the same commit once it is a minute old; a session that has ended since it was
// remembered (its link revoked) is refused as no session, and nothing is written. Over HTTP
// the route answers 201, then 401.
func TestAnswerChecksTheSessionInItsOwnTransaction(t *testing.T) {
	t.Parallel()
	l := withLink(t, "claim", 2, "192.0.2.11")
	a, ctx, client, clin, token, sess, svc := l.a, context.Background(), l.client, l.clin, l.token, l.sess, l.svc
	daily, other, clock := l.ids[0], l.ids[1], a.Config.Clock()
	answer := func(claim *links.Claim, id uuid.UUID, day int) error {
		_, _, err := l.answer(claim, id, day, uuid.New())
		return err
	}
	// The first answers make and read the practice's data key (the transaction path); the
	// claim is read whole the first time.
	require.NoError(t, answer(links.Checked(sess), daily, -1))
	require.NoError(t, answer(links.Checked(sess), other, -1))
	ls := a.LinkSvc()
	_, err := ls.ClaimOf(ctx, token)
	require.NoError(t, err)
	claim, err := ls.ClaimOf(ctx, token) // from memory now: not checked
	require.NoError(t, err)

	seen := func() (at time.Time) {
		require.NoError(t, a.DB.InTenant(ctx, db.Scope{PracticeID: sess.PracticeID}, func(tx *db.Tx) error {
			return tx.Gorm.Raw(`SELECT last_seen_at FROM client_sessions WHERE client_id = ?`, client).Row().Scan(&at)
		}))
		return at
	}
	require.NoError(t, a.DB.InTenant(ctx, db.Scope{PracticeID: sess.PracticeID}, func(tx *db.Tx) error {
		return tx.Gorm.Exec(`UPDATE client_sessions SET last_seen_at = ? WHERE client_id = ?`,
			clock().Add(-5*time.Minute), client).Error
	}))
	piped := svc.PipedAnswers()
	require.NoError(t, answer(claim, daily, 0))
	require.Equal(t, piped+1, svc.PipedAnswers(), "the answer took the pipelined path, checking the claim there")
	require.WithinDuration(t, clock(), seen(), time.Second, "the session's last use is written with the answer")

	require.NoError(t, ls.RevokeLink(ctx, clin, client))
	responses, events := a.CountAll(t, "responses"), a.CountAll(t, "audit_events")
	stale, err := ls.ClaimOf(ctx, token)
	require.NoError(t, err, "the claim still comes from memory")
	require.ErrorIs(t, answer(stale, other, 0), links.ErrNoSession)
	require.Equal(t, piped+1, svc.PipedAnswers())
	require.Equal(t, responses, a.CountAll(t, "responses"), "nothing stored")
	require.Equal(t, events, a.CountAll(t, "audit_events"), "nothing recorded")

	// Over HTTP: a live session's answer is taken, a revoked one's refused.
	b := apptest.ClientBrowser(t, a, apptest.LinkFor(t, a, clin, client))
	post := func(day int) int {
		raw, err := json.Marshal(map[string]any{"assignment_id": other, "date": a.Today().AddDays(day).String(),
			"answers": apptest.DailyAnswers(), "idempotency_key": uuid.New()})
		require.NoError(t, err)
		return b.Do("POST", "/api/homework/responses", string(raw), nil).StatusCode
	}
	require.Equal(t, http.StatusCreated, post(0))
	require.NoError(t, ls.RevokeLink(ctx, clin, client))
	require.Equal(t, http.StatusUnauthorized, post(0))
}
