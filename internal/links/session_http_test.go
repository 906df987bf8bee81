package links_test

import (
	"context"
	"crypto/sha256"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// A link's token is stored only as its hash, opening the page changes nothing, and wrong,
// revoked and expired tokens get the same neutral answer.
func TestHomeworkLinkSecurity(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "links")
	client, _ := tm.Fixture(t, a)
	clin := tm.Caller(practice.RoleClinician)
	token := apptest.LinkFor(t, a, clin, client)

	var stored []byte
	var used *time.Time
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT token_hash, last_used_at FROM homework_links WHERE client_id = ?`, client).Row().Scan(&stored, &used)
	}))
	sum := sha256.Sum256([]byte(token))
	require.Equal(t, sum[:], stored, "only the SHA-256 of the token is stored")
	require.Nil(t, used)

	b := a.Browser(t)
	res := b.Do("GET", "/h/"+token, "", nil) // what a mail scanner does
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "no-store", res.Header.Get("Cache-Control"))
	require.Equal(t, http.StatusUnauthorized, b.Do("GET", "/api/homework/me", "", nil).StatusCode, "opening the page opened no session")

	neutral := func(tok string) apptest.APIError {
		res := a.Browser(t).Do("POST", "/api/homework/session", `{"token":"`+tok+`"}`, nil)
		require.Equal(t, http.StatusNotFound, res.StatusCode)
		return apptest.ReadError(t, res)
	}
	wrong := neutral("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	require.Equal(t, "link_inactive", wrong.Error.Code)

	cb := apptest.ClientBrowser(t, a, token)
	require.Equal(t, http.StatusOK, cb.Do("GET", "/api/homework/me", "", nil).StatusCode)
	require.NoError(t, a.LinkSvc().RevokeLink(context.Background(), clin, client))
	require.Equal(t, wrong, neutral(token), "a revoked link answers exactly like a wrong one")
	require.Equal(t, http.StatusUnauthorized, cb.Do("GET", "/api/homework/me", "", nil).StatusCode, "revoking ended the session")

	fresh := apptest.LinkFor(t, a, clin, client)
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Exec(`UPDATE homework_links SET expires_at = ? WHERE revoked_at IS NULL`, a.Now().Add(-time.Second)).Error
	}))
	require.Equal(t, wrong, neutral(fresh), "an expired link answers exactly like a wrong one")
}

func TestHomeworkLinkGuessesAreRateLimited(t *testing.T) {
	t.Parallel()
	a, _ := apptest.NewClocked(t) // a still clock: the 15-minute window cannot roll over mid-test
	b := a.Browser(t)
	last := 0
	for i := 0; i < 21; i++ {
		res := b.Do("POST", "/api/homework/session", `{"token":"`+uuid.NewString()+`"}`, nil)
		last = res.StatusCode
	}
	require.Equal(t, http.StatusTooManyRequests, last)
}

// Past entries need the PIN; wrong PINs are refused and rate limited.
func TestHistoryNeedsThePIN(t *testing.T) {
	t.Parallel()
	a, _ := apptest.NewClocked(t) // a still clock: the PIN's 15-minute window cannot roll over mid-test
	tm := apptest.SeedTeam(t, a, "pin")
	client, _ := tm.Fixture(t, a)
	clin := tm.Caller(practice.RoleClinician)
	token := apptest.LinkFor(t, a, clin, client)
	b := apptest.ClientBrowser(t, a, token)
	res := b.Do("GET", "/api/homework/history", "", nil)
	require.Equal(t, http.StatusForbidden, res.StatusCode)
	require.Equal(t, "pin_required", apptest.ReadError(t, res).Error.Code)
	require.Equal(t, http.StatusUnprocessableEntity, b.Do("POST", "/api/homework/pin", `{"pin":"12a4"}`, nil).StatusCode)
	for pin, why := range map[string]string{"1234": "sequence", "0000": "one digit", "2580": "keypad", "1212": "pattern"} {
		res := b.Do("POST", "/api/homework/pin", `{"pin":"`+pin+`"}`, nil)
		require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, pin)
		require.Contains(t, apptest.ReadError(t, res).Error.Fields["pin"], why, pin)
	}
	require.Equal(t, http.StatusOK, b.Do("POST", "/api/homework/pin", `{"pin":"4826"}`, nil).StatusCode)
	require.Equal(t, http.StatusOK, b.Do("GET", "/api/homework/history", "", nil).StatusCode)

	other := apptest.ClientBrowser(t, a, token) // a second device: the PIN is asked again
	require.Equal(t, http.StatusForbidden, other.Do("GET", "/api/homework/history", "", nil).StatusCode)
	require.Equal(t, "wrong_pin", apptest.ReadError(t, other.Do("POST", "/api/homework/pin/verify", `{"pin":"1111"}`, nil)).Error.Code)
	require.Equal(t, http.StatusOK, other.Do("POST", "/api/homework/pin/verify", `{"pin":"4826"}`, nil).StatusCode)
	for i := 0; i < 3; i++ {
		other.Do("POST", "/api/homework/pin/verify", `{"pin":"0000"}`, nil)
	}
	require.Equal(t, http.StatusTooManyRequests, other.Do("POST", "/api/homework/pin/verify", `{"pin":"4826"}`, nil).StatusCode)
}

// A practice may turn the PIN off; a settings change that leaves the field out keeps it.
func TestPracticeMayTurnThePINOff(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "nopin")
	client, _ := tm.Fixture(t, a)
	owner := tm.Browsers[practice.RoleOwner]
	settings := `{"name":"No PIN Practice","time_zone":"Europe/London","reminder_window_start":"08:00",
		"reminder_window_end":"20:00","quiet_hours_start":"21:00","quiet_hours_end":"08:00"`
	res := owner.Do("PATCH", "/api/practice", settings+`,"homework_pin_required":false}`, nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	res = owner.Do("PATCH", "/api/practice", settings+`}`, nil)
	var st struct {
		HomeworkPINRequired bool `json:"homework_pin_required"`
	}
	apptest.Decode(t, res, &st)
	require.False(t, st.HomeworkPINRequired, "left out, the rule stays as it was")

	b := apptest.ClientBrowser(t, a, apptest.LinkFor(t, a, tm.Caller(practice.RoleClinician), client))
	var me struct {
		PIN struct{ Required, Set, Verified bool } `json:"pin"`
	}
	apptest.Decode(t, b.Do("GET", "/api/homework/me", "", nil), &me)
	require.False(t, me.PIN.Required)
	require.True(t, me.PIN.Verified)
	require.Equal(t, http.StatusOK, b.Do("GET", "/api/homework/history", "", nil).StatusCode)
}
