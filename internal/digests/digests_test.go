package digests_test

import (
	"context"
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/digests"
	"github.com/steadyhq/steady/internal/homework"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/safety"
)

// world is a practice on a clock the test moves, with the digest service on the same clock.
type world struct {
	a   *apptest.App
	clk *apptest.Clock
	tm  *apptest.Team
	svc *digests.Service
}

func newWorld(t *testing.T) *world {
	a, clk := apptest.NewClocked(t)
	tm := apptest.SeedTeam(t, a, "digests")
	return &world{a: a, clk: clk, tm: tm, svc: digests.NewService(a.DB, a.Mailer, "https://steady.example", clk.Now)}
}

// dispatch runs the dispatcher once at the clock's time.
func (w *world) dispatch(t *testing.T) int {
	t.Helper()
	n, err := w.svc.Dispatch(context.Background())
	require.NoError(t, err)
	return n
}

// toNextSend moves the clock just past the earliest next send time.
func (w *world) toNextSend(t *testing.T) {
	t.Helper()
	var next time.Time
	for _, r := range practice.Roles() {
		s, err := w.svc.GetSettings(context.Background(), w.tm.Caller(r))
		require.NoError(t, err)
		if n := s.NextSend(w.clk.Now()); next.IsZero() || n.Before(next) {
			next = n
		}
	}
	w.clk.Advance(next.Sub(w.clk.Now()) + time.Minute)
}

// Every member gets one digest a week: the dispatcher first works out when, then makes each
// digest once, however often it runs, and again the next week.
func TestOneDigestPerPersonPerWeek(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	require.Zero(t, w.dispatch(t), "the first run only works out when each digest is due")
	require.Zero(t, w.dispatch(t))
	w.toNextSend(t)
	require.Equal(t, 3, w.dispatch(t), "one for each member")
	require.Zero(t, w.dispatch(t), "made once")
	w.clk.Advance(7 * 24 * time.Hour)
	require.Equal(t, 3, w.dispatch(t), "and again a week later")
	for _, r := range practice.Roles() {
		list, err := w.svc.List(context.Background(), w.tm.Caller(r))
		require.NoError(t, err)
		require.Len(t, list, 2, r)
		require.Equal(t, 7, int(list[0].Week.Sub(list[1].Week).Hours()/24))
	}
}

// Dispatchers racing each other (replicas, a retried job) still make each digest once.
func TestRacingDispatchersMakeEachDigestOnce(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.dispatch(t)
	w.toNextSend(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := w.svc.Dispatch(context.Background())
			require.NoError(t, err)
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	require.Equal(t, 3, total)
	require.Equal(t, 3, apptest.TenantRows(t, w.a, w.tm.ID, "digests"))
	require.Equal(t, 3, w.a.CountRows(t, `SELECT count(*) FROM river_job WHERE kind = 'digest_email'`))
}

// A run out of time stops between digests with the rest left due, having made at least one,
// so runs whose every attempt is short (a slow cluster, a busy machine) still get through.
func TestADispatchOutOfTimeLeavesTheRestDue(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.dispatch(t)
	w.toNextSend(t)
	over := time.Now().Add(-time.Second) // the slice has already ended
	for i, wantLeft := range []bool{true, true, false} {
		n, left, err := w.svc.DispatchUntil(context.Background(), over)
		require.NoError(t, err)
		require.Equal(t, 1, n, "run %d makes one digest", i)
		require.Equal(t, wantLeft, left, "run %d", i)
	}
	require.Zero(t, w.dispatch(t), "each made once")
	require.Equal(t, 3, apptest.TenantRows(t, w.a, w.tm.ID, "digests"))
}

// Bad settings name their field and change nothing; good ones move the next digest.
func TestDigestSettings(t *testing.T) {
	t.Parallel()
	a, tm := apptest.Practice(t, "settings")
	b := tm.Browsers[practice.RoleClinician]
	var got struct {
		Weekday  string
		Hour     int
		TimeZone string `json:"time_zone"`
		Email    bool
	}
	apptest.Decode(t, b.Do("GET", "/api/digests/settings", "", nil), &got)
	require.Equal(t, "monday", got.Weekday)
	require.Equal(t, 8, got.Hour)
	require.True(t, got.Email)

	res := b.Do("PUT", "/api/digests/settings", `{"weekday":"funday","hour":24,"time_zone":"Mars/Olympus","email":true}`, nil)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	fields := apptest.ReadError(t, res).Error.Fields
	for _, f := range []string{"weekday", "hour", "time_zone"} {
		require.Contains(t, fields, f)
	}
	apptest.Decode(t, b.Do("GET", "/api/digests/settings", "", nil), &got)
	require.Equal(t, "monday", got.Weekday, "nothing changed")

	res = b.Do("PUT", "/api/digests/settings", `{"weekday":"friday","hour":17,"time_zone":"America/New_York","email":false}`, nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	apptest.Decode(t, b.Do("GET", "/api/digests/settings", "", nil), &got)
	require.Equal(t, "friday", got.Weekday)
	require.Equal(t, 17, got.Hour)
	require.False(t, got.Email)
	require.Equal(t, 1, apptest.AuditCount(t, a, tm.ID, `action = 'digests.settings'`))
}

// The email says how many need attention and links to the page, with no client's name; its
// one-click unsubscribe turns the emails off (a GET of the page changes nothing), and the next
// week's digest is still made, without an email.
func TestDigestEmailAndUnsubscribe(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	client, _ := w.tm.Fixture(t, w.a)
	apptest.RiskAlertFor(t, w.a, w.tm.Caller(practice.RoleClinician), client)
	w.dispatch(t)
	w.toNextSend(t)
	require.Equal(t, 3, w.dispatch(t))
	apptest.StartWorkers(t, w.a)
	email := w.tm.Members[practice.RoleClinician].Email
	var text string
	apptest.WaitFor(t, "the clinician's digest email", func() bool {
		return w.a.DB.Pool.QueryRow(context.Background(), `SELECT text_body FROM dev_messages
			WHERE recipient = $1 AND subject = 'Your week in Steady: 1 client needs attention'`, email).Scan(&text) == nil
	})
	require.NotContains(t, text, "Jo Client")
	require.Contains(t, text, "/app/digests/")
	token := regexp.MustCompile(`/digests/unsubscribe/([A-Za-z0-9_-]{43})`).FindStringSubmatch(text)
	require.Len(t, token, 2)

	anon := w.a.Browser(t)
	require.Equal(t, http.StatusOK, anon.Do("GET", "/digests/unsubscribe/"+token[1], "", nil).StatusCode)
	s, err := w.svc.GetSettings(context.Background(), w.tm.Caller(practice.RoleClinician))
	require.NoError(t, err)
	require.True(t, s.Email, "opening the page changes nothing")
	for range 2 {
		require.Equal(t, http.StatusOK, anon.Do("POST", "/digests/unsubscribe/"+token[1], "", nil).StatusCode)
	}
	s, err = w.svc.GetSettings(context.Background(), w.tm.Caller(practice.RoleClinician))
	require.NoError(t, err)
	require.False(t, s.Email)
	require.Equal(t, 1, apptest.AuditCount(t, w.a, w.tm.ID, `action = 'digests.unsubscribe'`))
	w.clk.Advance(7 * 24 * time.Hour)
	require.Equal(t, 3, w.dispatch(t), "the digest is still made")
	require.Equal(t, 5, w.a.CountRows(t, `SELECT count(*) FROM river_job WHERE kind = 'digest_email'`),
		"but no email for the clinician who turned it off")
	require.Equal(t, http.StatusNotFound, anon.Do("POST", "/digests/unsubscribe/"+uuid.NewString()+"1234567", "", nil).StatusCode)
}

// The clinician's digest puts the couple on one line with both partners, and the partner with
// an open risk alert under attention; the owner's has the practice's week too.
func TestDigestContent(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	client, couple := w.tm.Fixture(t, w.a)
	raised := w.clk.Now()
	apptest.RiskAlertFor(t, w.a, w.tm.Caller(practice.RoleClinician), client)
	w.dispatch(t)
	w.toNextSend(t)
	require.Equal(t, 3, w.dispatch(t))

	mine := digestOf(t, w, practice.RoleClinician)
	c := mine.Content.Caseload
	require.NotNil(t, c)
	require.Equal(t, 2, c.Clients)
	require.Len(t, c.Lines, 1, "the couple is one line")
	require.Equal(t, "couple", c.Lines[0].Kind)
	require.Equal(t, couple, c.Lines[0].ID)
	require.Len(t, c.Lines[0].Partners, 2)
	require.Len(t, c.Attention, 1)
	require.Contains(t, c.Attention[0].Reasons, "Jo Client: 1 open risk alert")
	require.Contains(t, c.Attention[0].Reasons, "no safety screen recorded yet", "the couple's, not a partner's")
	require.Equal(t, 1, mine.Attention)
	require.Nil(t, mine.Content.Practice, "a clinician sees only their own caseload")

	ours := digestOf(t, w, practice.RoleOwner)
	require.Nil(t, ours.Content.Caseload, "the owner has no clients of their own")
	p := ours.Content.Practice
	require.NotNil(t, p)
	require.Equal(t, 3, p.Seats)
	require.Zero(t, p.Unassigned)
	require.Len(t, p.Clinicians, 1)
	require.Equal(t, 2, p.Clinicians[0].Clients)
	require.Equal(t, 1, p.AlertsOpen)
	// The alert counts as raised in the period unless it was raised on the send day itself.
	day, want := cadence.DateOf(raised, time.UTC), 0
	if !day.Before(cadence.DateOf(ours.PeriodStart, time.UTC)) && !day.After(cadence.DateOf(ours.PeriodEnd, time.UTC)) {
		want = 1
	}
	require.Equal(t, want, p.AlertsRaised)
}

// digestOf reads the member's latest digest.
func digestOf(t *testing.T, w *world, r practice.Role) *digests.Digest {
	t.Helper()
	list, err := w.svc.List(context.Background(), w.tm.Caller(r))
	require.NoError(t, err)
	require.NotEmpty(t, list)
	d, err := w.svc.Get(context.Background(), w.tm.Caller(r), list[0].ID)
	require.NoError(t, err)
	return d
}

// Choosing a day and hour that passed within the last two hours makes this week's digest at
// once (a person who picks "today at 9" at 9:20 expects it today), once.
func TestAJustPassedHourIsMadeNow(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.dispatch(t)
	loc, err := cadence.Location("Europe/London")
	require.NoError(t, err)
	slot := w.clk.Now().Add(-30 * time.Minute).In(loc)
	in := digests.SettingsInput{Weekday: digests.Weekdays[slot.Weekday()], Hour: slot.Hour(), TimeZone: "Europe/London", Email: true}
	_, err = w.svc.UpdateSettings(context.Background(), w.tm.Caller(practice.RoleClinician), in)
	require.NoError(t, err)
	require.Equal(t, 1, w.dispatch(t), "the clinician's, at once")
	_, err = w.svc.UpdateSettings(context.Background(), w.tm.Caller(practice.RoleClinician), in)
	require.NoError(t, err)
	require.Zero(t, w.dispatch(t), "and not twice in a week")
}

// A week's wins and adherence, counted by hand: one partner did every task of the week (one
// of them late, which still counts), so the couple's line shows the win under that partner's
// name and 3 of 3 done, and the caseload's totals are the same.
func TestDigestWinsAndAdherence(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	client, couple := w.tm.Fixture(t, w.a)
	clin := w.tm.Caller(practice.RoleClinician)
	as := apptest.AssignDaily(t, w.a, clin, client) // from yesterday
	ctx := context.Background()
	_, _, err := w.a.SafetySvc().RecordScreen(ctx, clin, couple, safety.Screen{Decision: "proceed"})
	require.NoError(t, err) // so nothing calls for a look
	_, sess, err := w.a.LinkSvc().Exchange(ctx, apptest.LinkFor(t, w.a, clin, client), "192.0.2.40")
	require.NoError(t, err)
	answers := homework.NewService(w.a.DB, w.clk.Now)
	answer := func(day cadence.Date) {
		_, _, err := answers.Submit(ctx, sess, homework.Submission{AssignmentID: as.ID, Date: day,
			Answers: apptest.DailyAnswers(), IdempotencyKey: uuid.New()}, "192.0.2.40", "test")
		require.NoError(t, err)
	}
	answer(w.a.Today().AddDays(-1)) // late
	answer(w.a.Today())             // on the day
	w.clk.Advance(24 * time.Hour)
	answer(w.a.Today())
	// The digest made at the start of the next day looks back on these three days and more.
	at := w.clk.Now().Add(24 * time.Hour).Truncate(24 * time.Hour).Add(time.Hour)
	id, err := w.svc.MakeAt(ctx, w.tm.ID, clin.UserID, at)
	require.NoError(t, err)
	d, err := w.svc.Get(ctx, clin, id)
	require.NoError(t, err)
	c := d.Content.Caseload
	require.NotNil(t, c)
	require.Equal(t, 3, c.Due)
	require.Equal(t, 3, c.Done)
	require.Len(t, c.Lines, 1)
	require.Equal(t, 3, c.Lines[0].Due)
	require.Equal(t, 3, c.Lines[0].Done)
	require.Len(t, c.Wins, 1)
	require.Contains(t, c.Wins[0].Reasons, "Jo Client: did every task this week (3 of 3)")
	require.Empty(t, c.Attention)
}
