package auth_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"image/png"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/db"
)

func TestTwoFactorEnrolmentAndLogin(t *testing.T) {
	t.Parallel()
	a, clk, b, me := setup(t, "totp@example.com")
	_, before := b.Me()
	require.False(t, before.TwoFactorEnabled)

	res := b.Do("POST", "/api/auth/two-factor/setup", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "no-store", res.Header.Get("Cache-Control"))
	var setup apptest.SetupOut
	apptest.Decode(t, res, &setup)
	require.True(t, strings.HasPrefix(setup.OTPAuthURL, "otpauth://totp/Steady:totp@example.com?"), setup.OTPAuthURL)
	require.Contains(t, setup.OTPAuthURL, "secret="+setup.Secret)
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(setup.QR, "data:image/png;base64,"))
	require.NoError(t, err)
	img, err := png.Decode(bytes.NewReader(raw))
	require.NoError(t, err, "the QR code is a PNG")
	require.Equal(t, 240, img.Bounds().Dx())

	// The secret is stored sealed, and is not in force until a code confirms it.
	a.AsOwner(t, []string{"users"}, func(tx pgx.Tx) {
		var sealed []byte
		var enabled *time.Time
		require.NoError(t, tx.QueryRow(t.Context(), `SELECT totp_secret, totp_enabled_at FROM users WHERE id = $1`,
			me.User.ID).Scan(&sealed, &enabled))
		require.NotEmpty(t, sealed)
		require.False(t, bytes.Contains(sealed, []byte(setup.Secret)), "the secret must not be stored in the clear")
		require.Nil(t, enabled)
	})

	res = b.PostJSON("/api/auth/two-factor/enable", map[string]string{"code": "000000"})
	require.Equal(t, http.StatusBadRequest, res.StatusCode)
	require.Equal(t, "invalid_code", apptest.ReadError(t, res).Error.Code)
	require.Zero(t, a.CountAll(t, "recovery_codes"), "a wrong code writes nothing")

	code := apptest.TOTPCode(t, setup.Secret, clk.Now())
	res = b.PostJSON("/api/auth/two-factor/enable", map[string]string{"code": code})
	require.Equal(t, http.StatusOK, res.StatusCode)
	var codes struct {
		RecoveryCodes []string `json:"recovery_codes"`
	}
	apptest.Decode(t, res, &codes)
	require.Len(t, codes.RecoveryCodes, 10)
	_, after := b.Me()
	require.True(t, after.TwoFactorEnabled)

	// Log in again: the password earns a challenge, not a session.
	require.Equal(t, http.StatusNoContent, b.Do("POST", "/api/auth/logout", "", nil).StatusCode)
	res = b.PostJSON("/api/auth/login", apptest.LoginBody("totp@example.com"))
	require.Equal(t, http.StatusOK, res.StatusCode)
	var challenge map[string]any
	apptest.Decode(t, res, &challenge)
	require.Equal(t, map[string]any{"two_factor_required": true}, challenge)
	ck := sessionCookie(res)
	require.True(t, ck == nil || ck.MaxAge < 0, "no session before the code (only the old one cleared)")
	pending := apptest.CookieNamed(res, "steady_2fa")
	require.NotNil(t, pending)
	require.True(t, pending.HttpOnly)
	require.Equal(t, 300, pending.MaxAge)
	require.Equal(t, 1, a.CountRows(t, `SELECT count(*) FROM two_factor_challenges WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, pending.Value),
		"the pending log-in is stored as the SHA-256 of its token")
	status, _ := b.Me()
	require.Equal(t, http.StatusUnauthorized, status)

	// The code that enabled two-factor was spent; the next step's code finishes the log-in.
	res = b.PostJSON("/api/auth/login/two-factor", map[string]string{"code": code})
	require.Equal(t, http.StatusBadRequest, res.StatusCode)
	require.Equal(t, "invalid_code", apptest.ReadError(t, res).Error.Code)
	clk.Advance(30 * time.Second)
	csrfBefore := b.CSRF
	res = b.PostJSON("/api/auth/login/two-factor", map[string]string{"code": apptest.TOTPCode(t, setup.Secret, clk.Now())})
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.NotNil(t, sessionCookie(res))
	require.NotEqual(t, csrfBefore, b.CSRF, "the CSRF token rotates at log-in")
	var signedIn apptest.MeOut
	apptest.Decode(t, res, &signedIn)
	require.Equal(t, "totp@example.com", signedIn.User.Email)
	require.True(t, signedIn.TwoFactorEnabled)
	status, _ = b.Me()
	require.Equal(t, http.StatusOK, status)
	require.Zero(t, a.CountRows(t, `SELECT count(*) FROM two_factor_challenges`), "the challenge is used up")

	// A replay of the finished challenge has nothing to finish.
	res = b.Do("POST", "/api/auth/login/two-factor", `{"code":"123456"}`,
		map[string]string{"Cookie": "steady_2fa=" + pending.Value + "; steady_csrf=" + b.CSRF})
	require.Equal(t, http.StatusUnauthorized, res.StatusCode)
	require.Equal(t, "login_expired", apptest.ReadError(t, res).Error.Code)
}

func TestTwoFactorChallengeLastsFiveMinutes(t *testing.T) {
	t.Parallel()
	a, clk, b, _ := setup(t, "slow@example.com")
	secret, _ := apptest.Enrol(t, b, clk)
	b2 := a.Browser(t)
	require.Equal(t, http.StatusOK, b2.PostJSON("/api/auth/login", apptest.LoginBody("slow@example.com")).StatusCode)
	clk.Advance(5*time.Minute + time.Second)
	res := b2.PostJSON("/api/auth/login/two-factor", map[string]string{"code": apptest.TOTPCode(t, secret, clk.Now())})
	require.Equal(t, http.StatusUnauthorized, res.StatusCode)
	e := apptest.ReadError(t, res)
	require.Equal(t, "login_expired", e.Error.Code)
	require.Contains(t, e.Error.Message, "email and password again")
	require.Equal(t, 1, a.CountRows(t, `SELECT count(*) FROM sessions`), "only the enrolling browser's session")
}

func TestRecoveryCodesWorkOnceAndAreStoredHashed(t *testing.T) {
	t.Parallel()
	a, clk, b, me := setup(t, "lostphone@example.com")
	_, codes := apptest.Enrol(t, b, clk)
	uid := uuid.MustParse(me.User.ID)

	a.AsOwner(t, []string{"recovery_codes"}, func(tx pgx.Tx) {
		rows, err := tx.Query(t.Context(), `SELECT code_hash FROM recovery_codes WHERE user_id = $1`, uid)
		require.NoError(t, err)
		hashes, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
		require.NoError(t, err)
		require.Len(t, hashes, 10)
		for _, c := range codes {
			plain := strings.ReplaceAll(c, "-", "")
			sum := sha256.Sum256(append(uid[:], plain...))
			require.Contains(t, hashes, sum[:], "only SHA-256(user id, code) is stored")
			for _, h := range hashes {
				require.False(t, bytes.Contains(h, []byte(plain)))
			}
		}
	})

	login := func(code string) *http.Response {
		br := a.Browser(t)
		require.Equal(t, http.StatusOK, br.PostJSON("/api/auth/login", apptest.LoginBody("lostphone@example.com")).StatusCode)
		return br.PostJSON("/api/auth/login/two-factor", map[string]string{"code": code})
	}
	// Typed loosely (upper case, spaces for dashes) it still works, once.
	res := login(strings.ToUpper(strings.ReplaceAll(codes[3], "-", " ")))
	require.Equal(t, http.StatusOK, res.StatusCode)
	res = login(codes[3])
	require.Equal(t, http.StatusBadRequest, res.StatusCode)
	require.Equal(t, "invalid_code", apptest.ReadError(t, res).Error.Code)
	require.Equal(t, http.StatusOK, login(codes[4]).StatusCode, "the other codes still work")
	a.AsOwner(t, []string{"recovery_codes"}, func(tx pgx.Tx) {
		var used int
		require.NoError(t, tx.QueryRow(t.Context(), `SELECT count(*) FROM recovery_codes WHERE used_at IS NOT NULL`).Scan(&used))
		require.Equal(t, 2, used)
	})
}

func TestWrongTwoFactorCodesAreRateLimited(t *testing.T) {
	t.Parallel()
	a, clk, b, _ := setup(t, "guessed@example.com")
	secret, _ := apptest.Enrol(t, b, clk)
	clk.Advance(15 * time.Minute) // a fresh window: enrolling used one attempt

	attacker := a.Browser(t)
	require.Equal(t, http.StatusOK, attacker.PostJSON("/api/auth/login", apptest.LoginBody("guessed@example.com")).StatusCode)
	for i := 0; i < 5; i++ {
		res := attacker.PostJSON("/api/auth/login/two-factor", map[string]string{"code": "00000" + string(rune('0'+i))})
		require.Equal(t, http.StatusBadRequest, res.StatusCode, "attempt %d", i)
	}
	res := attacker.PostJSON("/api/auth/login/two-factor", map[string]string{"code": apptest.TOTPCode(t, secret, clk.Now())})
	require.Equal(t, http.StatusTooManyRequests, res.StatusCode, "even the right code is refused over the limit")
	require.NotEmpty(t, res.Header.Get("Retry-After"))
	require.Equal(t, "rate_limited", apptest.ReadError(t, res).Error.Code)
	require.Equal(t, 1, a.CountRows(t, `SELECT count(*) FROM sessions`), "no session was made")

	// The limit is per person: a new window lets them in.
	clk.Advance(15 * time.Minute)
	owner := a.Browser(t)
	require.Equal(t, http.StatusOK, owner.PostJSON("/api/auth/login", apptest.LoginBody("guessed@example.com")).StatusCode)
	res = owner.PostJSON("/api/auth/login/two-factor", map[string]string{"code": apptest.TOTPCode(t, secret, clk.Now())})
	require.Equal(t, http.StatusOK, res.StatusCode)
}

// A practice that requires two-factor sends members without it to enrol before anything else.
func TestPracticeCanRequireTwoFactor(t *testing.T) {
	t.Parallel()
	a, clk, b, me := setup(t, "strict@example.com")
	setRequired(t, a, me.Practice.ID, true)

	status, m := b.Me()
	require.Equal(t, http.StatusOK, status, "me stays open so the web app can send the person to enrol")
	require.True(t, m.TwoFactorRequired)
	require.False(t, m.TwoFactorEnabled)
	for _, path := range []string{"/api/auth/sessions", "/api/clients", "/api/team/members"} {
		res := b.Do("GET", path, "", nil)
		require.Equal(t, http.StatusForbidden, res.StatusCode, path)
		require.Equal(t, "two_factor_enrolment_required", apptest.ReadError(t, res).Error.Code, path)
	}
	res := b.PostJSON("/api/auth/password", map[string]string{"current_password": "long enough password", "new_password": "another long password"})
	require.Equal(t, http.StatusForbidden, res.StatusCode)
	require.Equal(t, http.StatusOK, b.Do("GET", "/api/auth/csrf", "", nil).StatusCode)

	secret, _ := apptest.Enrol(t, b, clk)
	for _, path := range []string{"/api/auth/sessions", "/api/clients", "/api/team/members"} {
		require.Equal(t, http.StatusOK, b.Do("GET", path, "", nil).StatusCode, path)
	}
	status, m = b.Me()
	require.Equal(t, http.StatusOK, status)
	require.True(t, m.TwoFactorEnabled && m.TwoFactorRequired)

	clk.Advance(30 * time.Second)
	res = b.PostJSON("/api/auth/two-factor/disable", map[string]string{"password": "long enough password",
		"code": apptest.TOTPCode(t, secret, clk.Now())})
	require.Equal(t, http.StatusConflict, res.StatusCode)
	require.Equal(t, "two_factor_required_by_practice", apptest.ReadError(t, res).Error.Code)

	// Turning the rule off again lets members through without two-factor.
	setRequired(t, a, me.Practice.ID, false)
	other, _ := a.SignedUp(t, "relaxed@example.com")
	require.Equal(t, http.StatusOK, other.Do("GET", "/api/auth/sessions", "", nil).StatusCode)
	require.Equal(t, http.StatusNoContent, b.Do("POST", "/api/auth/logout", "", nil).StatusCode)
}

func setRequired(t *testing.T, a *apptest.App, practiceID string, on bool) {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), a.Env.OwnerURL)
	require.NoError(t, err)
	defer conn.Close(t.Context())
	err = pgx.BeginFunc(t.Context(), conn, func(tx pgx.Tx) error {
		if err := db.SetTenant(t.Context(), tx, db.Scope{PracticeID: uuid.MustParse(practiceID)}); err != nil {
			return err
		}
		tag, err := tx.Exec(t.Context(), `UPDATE practices SET require_two_factor = $1 WHERE id = $2`, on, practiceID)
		require.Equal(t, int64(1), tag.RowsAffected())
		return err
	})
	require.NoError(t, err)
}

func TestDisableTwoFactorNeedsPasswordAndCode(t *testing.T) {
	t.Parallel()
	a, clk, b, _ := setup(t, "offagain@example.com")
	secret, codes := apptest.Enrol(t, b, clk)
	clk.Advance(30 * time.Second)

	res := b.PostJSON("/api/auth/two-factor/disable", map[string]string{"password": "not my password", "code": apptest.TOTPCode(t, secret, clk.Now())})
	require.Equal(t, http.StatusForbidden, res.StatusCode)
	e := apptest.ReadError(t, res)
	require.Equal(t, "wrong_password", e.Error.Code)
	require.Contains(t, e.Error.Fields, "password")
	res = b.PostJSON("/api/auth/two-factor/disable", map[string]string{"password": "long enough password", "code": "999999"})
	require.Equal(t, http.StatusBadRequest, res.StatusCode)
	require.Equal(t, "invalid_code", apptest.ReadError(t, res).Error.Code)
	_, m := b.Me()
	require.True(t, m.TwoFactorEnabled, "failed attempts change nothing")
	require.Equal(t, 10, a.CountAll(t, "recovery_codes"))

	res = b.PostJSON("/api/auth/two-factor/disable", map[string]string{"password": "long enough password", "code": codes[0]})
	require.Equal(t, http.StatusNoContent, res.StatusCode, "a recovery code will do")
	_, m = b.Me()
	require.False(t, m.TwoFactorEnabled)
	require.Zero(t, a.CountAll(t, "recovery_codes"))
	a.AsOwner(t, []string{"users"}, func(tx pgx.Tx) {
		var withSecret int
		require.NoError(t, tx.QueryRow(t.Context(), `SELECT count(*) FROM users WHERE totp_secret IS NOT NULL`).Scan(&withSecret))
		require.Zero(t, withSecret)
	})
	res = a.Browser(t).PostJSON("/api/auth/login", apptest.LoginBody("offagain@example.com"))
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.NotNil(t, sessionCookie(res), "without two-factor the password is enough again")
}

// Every kind of bad two-factor input gets a clear 4xx, and nothing is written.
func TestBadTwoFactorInputIsRefusedAndWritesNothing(t *testing.T) {
	t.Parallel()
	a, clk, b, _ := setup(t, "careful@example.com")
	fresh, _ := a.SignedUp(t, "fresh@example.com")
	cases := []struct {
		name        string
		b           *apptest.Browser
		path, body  string
		status      int
		code, field string
	}{
		{"enable before set-up", b, "/api/auth/two-factor/enable", `{"code":"123456"}`, 409, "two_factor_not_set_up", ""},
		{"disable when off", b, "/api/auth/two-factor/disable", `{"password":"long enough password","code":"123456"}`, 409, "two_factor_not_enabled", ""},
		{"code without a pending log-in", fresh, "/api/auth/login/two-factor", `{"code":"123456"}`, 401, "login_expired", ""},
		{"malformed JSON", b, "/api/auth/two-factor/enable", `{"code":`, 400, "malformed_json", ""},
		{"unknown field", b, "/api/auth/two-factor/enable", `{"code":"123456","secret":"x"}`, 400, "unknown_field", "secret"},
		{"code of the wrong type", b, "/api/auth/login/two-factor", `{"code":123456}`, 400, "wrong_type", "code"},
		{"empty code", b, "/api/auth/two-factor/enable", `{"code":""}`, 422, "validation_failed", "code"},
		{"overlong code", b, "/api/auth/login/two-factor", `{"code":"` + strings.Repeat("1", 65) + `"}`, 422, "validation_failed", "code"},
		{"missing password", b, "/api/auth/two-factor/disable", `{"code":"123456"}`, 422, "validation_failed", "password"},
		{"no session", a.Browser(t), "/api/auth/two-factor/setup", ``, 401, "unauthenticated", ""},
	}
	for _, tc := range cases {
		res := tc.b.Do("POST", tc.path, tc.body, nil)
		require.Equal(t, tc.status, res.StatusCode, tc.name)
		e := apptest.ReadError(t, res)
		require.Equal(t, tc.code, e.Error.Code, tc.name)
		if tc.field != "" {
			require.NotEmpty(t, e.Error.Fields[tc.field], tc.name)
		}
	}
	a.AsOwner(t, []string{"users"}, func(tx pgx.Tx) {
		var touched int
		require.NoError(t, tx.QueryRow(t.Context(), `SELECT count(*) FROM users
			WHERE totp_secret IS NOT NULL OR totp_enabled_at IS NOT NULL OR totp_last_step IS NOT NULL`).Scan(&touched))
		require.Zero(t, touched)
	})
	require.Zero(t, a.CountAll(t, "recovery_codes"))
	require.Zero(t, a.CountRows(t, `SELECT count(*) FROM two_factor_challenges`))

	// Once on, setting up again is refused and leaves the secret alone.
	secret, _ := apptest.Enrol(t, b, clk)
	res := b.Do("POST", "/api/auth/two-factor/setup", "", nil)
	require.Equal(t, http.StatusConflict, res.StatusCode)
	require.Equal(t, "two_factor_enabled", apptest.ReadError(t, res).Error.Code)
	clk.Advance(30 * time.Second)
	br := a.Browser(t)
	require.Equal(t, http.StatusOK, br.PostJSON("/api/auth/login", apptest.LoginBody("careful@example.com")).StatusCode)
	require.Equal(t, http.StatusOK, br.PostJSON("/api/auth/login/two-factor", map[string]string{"code": apptest.TOTPCode(t, secret, clk.Now())}).StatusCode)
}
