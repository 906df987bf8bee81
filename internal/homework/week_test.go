package homework_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/homework"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/practice"
)

// "Your week" counts the client's own last seven days, counted by hand here: the daily task
// (AssignDaily starts it the day before) missed that first day, done on the next two, missed on
// the third, and still open on the last two (not counted); it lists what was done and says a
// line that fits.
// Their partner's week, read through the partner's own session, shows none of it; without the
// PIN it is refused like the history.
func TestYourWeekIsTheClientsOwn(t *testing.T) {
	t.Parallel()
	a, clk := apptest.NewClocked(t)
	tm := apptest.SeedTeam(t, a, "week")
	clin := tm.Caller(practice.RoleClinician)
	one, couple := tm.Fixture(t, a)
	ctx := context.Background()
	var two uuid.UUID // one's partner
	require.NoError(t, a.DB.InTenant(ctx, db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT client_id FROM couple_partners WHERE couple_id = ? AND client_id <> ?`, couple, one).Row().Scan(&two)
	}))
	as := apptest.AssignDaily(t, a, clin, one)
	session := func(client uuid.UUID) *links.Session {
		_, sess, err := a.LinkSvc().Exchange(ctx, apptest.LinkFor(t, a, clin, client), "192.0.2.20")
		require.NoError(t, err)
		sess.PINVerified = true
		return sess
	}
	mine, theirs := session(one), session(two)
	svc := homework.NewService(a.DB, clk.Now)
	for day := range 4 { // days 0 and 1 done, 2 and 3 left
		if day < 2 {
			_, _, err := svc.Submit(ctx, mine, homework.Submission{AssignmentID: as.ID, Date: a.Today(),
				Answers: apptest.DailyAnswers(), IdempotencyKey: uuid.New()}, "192.0.2.20", "test")
			require.NoError(t, err)
		}
		clk.Advance(24 * time.Hour)
	}
	// Now day 4: day -1 and day 2 have closed unanswered (missed), days 3 and 4 are still open.
	w, err := svc.YourWeek(ctx, mine)
	require.NoError(t, err)
	require.Equal(t, 4, w.Due)
	require.Equal(t, 2, w.Done)
	require.Len(t, w.Completed, 2)
	require.Equal(t, a.Today(), w.To)
	require.Equal(t, a.Today().AddDays(-6), w.From)
	require.Contains(t, w.Line, "most days")
	require.Empty(t, w.Trends)

	other, err := svc.YourWeek(ctx, theirs)
	require.NoError(t, err)
	require.Zero(t, other.Due)
	require.Empty(t, other.Completed, "nothing of the other client's")
	require.Contains(t, other.Line, "quiet week")

	mine.PINVerified = false
	_, err = svc.YourWeek(ctx, mine)
	require.ErrorIs(t, err, links.ErrPINRequired)
}
