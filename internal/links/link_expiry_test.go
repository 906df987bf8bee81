package links_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/practice"
)

// expiryWorld is a clocked app with a team and a client of its clinician.
type expiryWorld struct {
	a      *apptest.App
	clk    *apptest.Clock
	tm     *apptest.Team
	client uuid.UUID
}

func newExpiryWorld(t *testing.T, name string) *expiryWorld {
	t.Helper()
	a, clk := apptest.NewClocked(t)
	tm := apptest.SeedTeam(t, a, name)
	client, _ := tm.Fixture(t, a)
	return &expiryWorld{a: a, clk: clk, tm: tm, client: client}
}

// clinician signs the client's clinician in afresh: over days a staff session ends.
func (w *expiryWorld) clinician(t *testing.T) *apptest.Browser {
	t.Helper()
	m := w.tm.Members[practice.RoleClinician]
	b := w.a.Browser(t)
	require.Equal(t, http.StatusOK, b.PostJSON("/api/auth/login", map[string]string{"email": m.Email, "password": m.Password}).StatusCode)
	return b
}

type expiryLinkOut struct {
	Status    string     `json:"status"`
	CreatedAt *time.Time `json:"created_at"`
	ExpiresAt *time.Time `json:"expires_at"`
}

// newLink makes the client a link through the staff route and returns its token, checking it
// lasts links.LinkTTL on the injected clock.
func (w *expiryWorld) newLink(t *testing.T) string {
	t.Helper()
	res := w.clinician(t).Do("POST", "/api/clients/"+w.client.String()+"/homework-link", "", nil)
	var out struct {
		Link expiryLinkOut `json:"link"`
		URL  string        `json:"url"`
	}
	require.Equal(t, http.StatusCreated, res.StatusCode)
	apptest.Decode(t, res, &out)
	require.Equal(t, "active", out.Link.Status)
	require.True(t, out.Link.CreatedAt.Equal(w.clk.Now()), "made on the injected clock")
	require.True(t, out.Link.ExpiresAt.Equal(w.clk.Now().Add(links.LinkTTL)), "lasts LinkTTL")
	return tokenOf(out.URL)
}

// linkStatus is the link as the client's clinician sees it.
func (w *expiryWorld) linkStatus(t *testing.T) string {
	t.Helper()
	res := w.clinician(t).Do("GET", "/api/clients/"+w.client.String()+"/homework-link", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	var out expiryLinkOut
	apptest.Decode(t, res, &out)
	return out.Status
}

// open taps the link in a fresh browser and returns the browser and the answer.
func (w *expiryWorld) open(t *testing.T, token string) (*apptest.Browser, *http.Response) {
	t.Helper()
	b := w.a.Browser(t)
	return b, b.Do("POST", "/api/homework/session", `{"token":"`+token+`"}`, nil)
}

// openSession taps the link and returns the client's browser and the session cookie it got,
// checking the cookie lasts as long as the session may.
func (w *expiryWorld) openSession(t *testing.T, token string) (*apptest.Browser, *http.Cookie) {
	t.Helper()
	b, res := w.open(t, token)
	require.Equal(t, http.StatusOK, res.StatusCode, apptest.ReadBody(t, res))
	ck := apptest.CookieNamed(res, "steady_client")
	require.NotNil(t, ck)
	require.Equal(t, int(links.SessionMaxAge.Seconds()), ck.MaxAge, "the cookie lasts the session's absolute lifetime")
	return b, ck
}

// clientMe is the status of GET /api/homework/me.
func clientMe(b *apptest.Browser) int { return b.Do("GET", "/api/homework/me", "", nil).StatusCode }

// requireClientSignedOut requires the 401 of a client session that has ended.
func requireClientSignedOut(t *testing.T, b *apptest.Browser, msg string) {
	t.Helper()
	res := b.Do("GET", "/api/homework/me", "", nil)
	require.Equal(t, http.StatusUnauthorized, res.StatusCode, msg)
	require.Equal(t, "client_unauthenticated", apptest.ReadError(t, res).Error.Code, msg)
}

// replayClientCookie presents a client session cookie saved earlier from a browser of its own.
func (w *expiryWorld) replayClientCookie(t *testing.T, ck *http.Cookie) int {
	t.Helper()
	b := w.a.Browser(t)
	u, err := url.Parse(w.a.HTTP.URL)
	require.NoError(t, err)
	b.Client.Jar.SetCookies(u, []*http.Cookie{{Name: ck.Name, Value: ck.Value, Path: "/"}})
	return clientMe(b)
}

// clientSessionRows counts the session rows of a cookie: stored, and live by the idle and
// absolute rule every client request applies.
func (w *expiryWorld) clientSessionRows(t *testing.T, ck *http.Cookie) (live, stored int) {
	t.Helper()
	now := w.clk.Now()
	require.NoError(t, w.a.DB.InTenant(context.Background(), db.Scope{PracticeID: w.tm.ID}, func(tx *db.Tx) error {
		hash := db.Bytes(links.HashToken(ck.Value))
		if err := tx.Gorm.Raw(`SELECT count(*) FROM client_sessions WHERE token_hash = ?`, hash).Row().Scan(&stored); err != nil {
			return err
		}
		return tx.Gorm.Raw(`SELECT count(*) FROM client_sessions WHERE token_hash = ? AND expires_at > ? AND last_seen_at > ?`,
			hash, now, now.Add(-links.SessionIdle)).Row().Scan(&live)
	}))
	return live, stored
}

// A homework link opens in the last second of its links.LinkTTL; from the instant it ends a
// tap answers 404 link_inactive (the neutral answer of a wrong token), the session opened a
// second before ends with its link, and the clinician sees the link as expired.
func TestHomeworkLinkExpiry(t *testing.T) {
	t.Parallel()
	w := newExpiryWorld(t, "link-expiry")
	token := w.newLink(t)

	w.clk.Advance(links.LinkTTL - time.Second)
	b, _ := w.openSession(t, token)
	require.Equal(t, http.StatusOK, clientMe(b), "opened in the last second of the link's life")
	require.Equal(t, "active", w.linkStatus(t))

	for _, when := range []string{"the instant LinkTTL ends", "a second after"} {
		w.clk.Advance(time.Second)
		_, res := w.open(t, token)
		require.Equal(t, http.StatusNotFound, res.StatusCode, when)
		require.Equal(t, "link_inactive", apptest.ReadError(t, res).Error.Code, when)
	}
	requireClientSignedOut(t, b, "a session ends with its link, however young")
	require.Equal(t, "expired", w.linkStatus(t))

	// A new link is the way back.
	b, _ = w.openSession(t, w.newLink(t))
	require.Equal(t, http.StatusOK, clientMe(b))
}

// A client session ends an hour (links.SessionIdle) after its last use: 59 minutes idle is
// fine and each use slides the window, an hour and a second after the last use it answers
// 401, the cookie saved earlier no longer works, the sweep on this clock deletes its row, and
// the link itself still opens a new session.
func TestClientSessionIdleExpiry(t *testing.T) {
	t.Parallel()
	w := newExpiryWorld(t, "client-idle")
	token := w.newLink(t)
	b, ck := w.openSession(t, token)
	opened := w.clk.Now()

	w.clk.Advance(links.SessionIdle - time.Minute)
	require.Equal(t, http.StatusOK, clientMe(b), "59 minutes idle: still open")
	w.clk.Advance(links.SessionIdle - time.Minute)
	require.Equal(t, http.StatusOK, clientMe(b), "the use at 59 minutes slid the idle window")
	require.Greater(t, w.clk.Now().Sub(opened), links.SessionIdle, "past the first window: only sliding explains the 200")
	w.clk.Advance(links.SessionIdle - time.Second)
	require.Equal(t, http.StatusOK, clientMe(b), "59m59s idle: still open")

	w.clk.Advance(links.SessionIdle + time.Second)
	requireClientSignedOut(t, b, "an hour and a second after the last use the session has ended")
	require.Equal(t, http.StatusUnauthorized, w.replayClientCookie(t, ck), "the cookie set at the tap no longer works")
	live, stored := w.clientSessionRows(t, ck)
	require.Zero(t, live)
	require.Equal(t, 1, stored, "the ended row waits for the sweep")
	require.NoError(t, w.a.DB.InGlobal(context.Background(), func(tx *db.Tx) error {
		return links.SweepSessions(context.Background(), tx, w.clk.Now())
	}))
	_, stored = w.clientSessionRows(t, ck)
	require.Zero(t, stored, "the idle session's row is gone")

	again, _ := w.openSession(t, token)
	require.Equal(t, http.StatusOK, clientMe(again), "the link outlives its sessions")
}

// A client session ends eight hours (links.SessionMaxAge) after the tap however busy it is:
// used every 20 minutes it works until the last second, and a second after it answers 401.
func TestClientSessionAbsoluteExpiry(t *testing.T) {
	t.Parallel()
	w := newExpiryWorld(t, "client-absolute")
	token := w.newLink(t)
	b, ck := w.openSession(t, token)
	opened := w.clk.Now()

	const step = 20 * time.Minute
	for w.clk.Now().Add(step).Before(opened.Add(links.SessionMaxAge)) { // 7h40m of use
		w.clk.Advance(step)
		require.Equal(t, http.StatusOK, clientMe(b), "active at %s", w.clk.Now().Sub(opened))
	}
	require.Equal(t, opened.Add(links.SessionMaxAge-step), w.clk.Now())
	w.clk.Advance(step - time.Second)
	require.Equal(t, http.StatusOK, clientMe(b), "the last second of the eight hours")
	lastUse := w.clk.Now()

	w.clk.Advance(2 * time.Second)
	require.Less(t, w.clk.Now().Sub(lastUse), links.SessionIdle, "never idle")
	requireClientSignedOut(t, b, "eight hours after the tap the session has ended")
	require.Equal(t, http.StatusUnauthorized, w.replayClientCookie(t, ck), "the cookie set at the tap no longer works")
	live, _ := w.clientSessionRows(t, ck)
	require.Zero(t, live)

	again, _ := w.openSession(t, token)
	require.Equal(t, http.StatusOK, clientMe(again), "a new tap on the link opens a new session")
}

// Past entries stay open links.PINVerifiedFor after the PIN, counted from its entry however
// busy the session is: in the last second they open, at the instant the window ends they ask
// for the PIN again, though the session itself lives on.
func TestClientPINWindowExpiry(t *testing.T) {
	t.Parallel()
	w := newExpiryWorld(t, "pin-window")
	b, _ := w.openSession(t, w.newLink(t))
	history := func() *http.Response { return b.Do("GET", "/api/homework/history", "", nil) }
	require.Equal(t, http.StatusForbidden, history().StatusCode, "the practice asks for a PIN by default")
	require.Equal(t, http.StatusOK, b.Do("POST", "/api/homework/pin", `{"pin":"4826"}`, nil).StatusCode)
	entered := w.clk.Now()

	w.clk.Advance(links.PINVerifiedFor / 2)
	require.Equal(t, http.StatusOK, history().StatusCode)
	w.clk.Advance(links.PINVerifiedFor/2 - time.Second)
	require.Equal(t, http.StatusOK, history().StatusCode, "the last second of the PIN's window")

	w.clk.Advance(time.Second)
	require.Equal(t, entered.Add(links.PINVerifiedFor), w.clk.Now())
	res := history()
	require.Equal(t, http.StatusForbidden, res.StatusCode, "using the session did not extend the PIN's window")
	require.Equal(t, "pin_required", apptest.ReadError(t, res).Error.Code)
	var me struct {
		PIN struct{ Required, Set, Verified bool } `json:"pin"`
	}
	apptest.Decode(t, b.Do("GET", "/api/homework/me", "", nil), &me)
	require.True(t, me.PIN.Set)
	require.False(t, me.PIN.Verified, "the session lives on, asking for the PIN")

	require.Equal(t, http.StatusOK, b.Do("POST", "/api/homework/pin/verify", `{"pin":"4826"}`, nil).StatusCode)
	require.Equal(t, http.StatusOK, history().StatusCode, "entering it again opens another window")
}

// A client request writes the session's last use only when it is a minute old or more: the
// idle limit needs no finer grain, and a write on every answer would cost a round trip.
func TestClientSessionTouchedAtMostOnceAMinute(t *testing.T) {
	t.Parallel()
	w := newExpiryWorld(t, "client-touch")
	b, ck := w.openSession(t, w.newLink(t))
	opened := w.clk.Now()
	lastSeen := func() time.Time {
		var at time.Time
		require.NoError(t, w.a.DB.InTenant(context.Background(), db.Scope{PracticeID: w.tm.ID}, func(tx *db.Tx) error {
			return tx.Gorm.Raw(`SELECT last_seen_at FROM client_sessions WHERE token_hash = ?`,
				db.Bytes(links.HashToken(ck.Value))).Row().Scan(&at)
		}))
		return at
	}
	w.clk.Advance(time.Minute - time.Second)
	require.Equal(t, http.StatusOK, clientMe(b))
	require.WithinDuration(t, opened, lastSeen(), time.Millisecond, "59 seconds after the last write: not written")
	w.clk.Advance(time.Second)
	require.Equal(t, http.StatusOK, clientMe(b))
	require.WithinDuration(t, w.clk.Now(), lastSeen(), time.Millisecond, "a minute after: written")
}
