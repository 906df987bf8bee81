package auth_test

import (
	"crypto/sha256"
	"io"
	"mime/quotedprintable"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/stretchr/testify/require"
)

var resetLink = regexp.MustCompile(`http://localhost:8080/reset-password\?token=([A-Za-z0-9_-]{43})`)

// resetTokenFromMailbox waits for the reset email to email in the dev mailbox and returns the
// token its link carries.
func resetTokenFromMailbox(t *testing.T, a *apptest.App, email string) string {
	t.Helper()
	b := a.Browser(t)
	var token string
	apptest.WaitFor(t, "the reset email", func() bool {
		var box struct {
			Messages []struct{ To, Subject, Text string }
		}
		apptest.Decode(t, b.Do("GET", "/api/dev/mailbox", "", nil), &box)
		for _, m := range box.Messages {
			if m.To == email && m.Subject == "Reset your Steady password" {
				require.Contains(t, m.Text, "works once, for one hour")
				token = resetLink.FindStringSubmatch(m.Text)[1]
				return true
			}
		}
		return false
	})
	return token
}

func confirmReset(b *apptest.Browser, token, password string) *http.Response {
	return b.PostJSON("/api/auth/password-reset/confirm", map[string]string{"token": token, "new_password": password})
}

func TestPasswordResetByEmail(t *testing.T) {
	t.Parallel()
	a, clk := apptest.NewClocked(t)
	apptest.StartWorkers(t, a)
	owner, _ := a.SignedUp(t, "forgot@example.com")
	secret, _ := apptest.Enrol(t, owner, clk)

	anon := a.Browser(t)
	res := anon.PostJSON("/api/auth/password-reset", map[string]string{"email": " Forgot@Example.com"})
	require.Equal(t, http.StatusAccepted, res.StatusCode)
	body, _ := io.ReadAll(res.Body)
	require.Empty(t, body)
	token := resetTokenFromMailbox(t, a, "forgot@example.com")

	// Only the token's SHA-256 is stored, and the raw token is nowhere in the database.
	sum := sha256.Sum256([]byte(token))
	require.Equal(t, 1, a.CountRows(t, `SELECT count(*) FROM password_resets WHERE token_hash = $1
		AND expires_at - created_at = interval '1 hour' AND used_at IS NULL`, sum[:]))
	require.Zero(t, a.CountRows(t, `SELECT count(*) FROM password_resets WHERE token_hash = convert_to($1, 'UTF8')`, token))
	require.Zero(t, a.CountRows(t, `SELECT count(*) FROM river_job WHERE args::text LIKE '%' || $1 || '%'`, token))

	res = confirmReset(anon, token, "short")
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.NotEmpty(t, apptest.ReadError(t, res).Error.Fields["new_password"])
	require.Equal(t, 1, a.CountRows(t, `SELECT count(*) FROM password_resets WHERE used_at IS NULL`), "a refused password uses nothing up")

	require.Equal(t, http.StatusNoContent, confirmReset(anon, token, "my new password 2026").StatusCode)
	status, _ := owner.Me()
	require.Equal(t, http.StatusUnauthorized, status, "a reset ends every session")
	require.Equal(t, http.StatusUnauthorized, a.Browser(t).PostJSON("/api/auth/login", apptest.LoginBody("forgot@example.com")).StatusCode)

	// The link works once.
	res = confirmReset(anon, token, "someone else's password")
	require.Equal(t, http.StatusBadRequest, res.StatusCode)
	e := apptest.ReadError(t, res)
	require.Equal(t, "reset_token_used", e.Error.Code)
	require.NotEmpty(t, e.Error.Fields["token"])

	// Two-factor stays on: the new password alone does not sign in.
	b := a.Browser(t)
	res = b.PostJSON("/api/auth/login", map[string]string{"email": "forgot@example.com", "password": "my new password 2026"})
	require.Equal(t, http.StatusOK, res.StatusCode)
	var challenge map[string]any
	apptest.Decode(t, res, &challenge)
	require.Equal(t, true, challenge["two_factor_required"])
	clk.Advance(30 * time.Second)
	require.Equal(t, http.StatusOK, b.PostJSON("/api/auth/login/two-factor", map[string]string{"code": apptest.TOTPCode(t, secret, clk.Now())}).StatusCode)
}

func TestPasswordResetLinkExpiresAfterAnHour(t *testing.T) {
	t.Parallel()
	a, clk := apptest.NewClocked(t)
	apptest.StartWorkers(t, a)
	a.SignedUp(t, "late@example.com")
	anon := a.Browser(t)
	require.Equal(t, http.StatusAccepted, anon.PostJSON("/api/auth/password-reset", map[string]string{"email": "late@example.com"}).StatusCode)
	token := resetTokenFromMailbox(t, a, "late@example.com")

	clk.Advance(time.Hour)
	res := confirmReset(anon, token, "my new password 2026")
	require.Equal(t, http.StatusBadRequest, res.StatusCode)
	e := apptest.ReadError(t, res)
	require.Equal(t, "reset_token_expired", e.Error.Code)
	require.Contains(t, e.Error.Message, "one hour")
	require.Equal(t, 1, a.CountRows(t, `SELECT count(*) FROM password_resets WHERE used_at IS NULL`))
	require.Equal(t, http.StatusOK, a.Browser(t).PostJSON("/api/auth/login", apptest.LoginBody("late@example.com")).StatusCode,
		"the old password still works")
}

// A request for an address without an account answers exactly like one with, and sends nothing.
func TestPasswordResetForAnUnknownEmailSendsNothing(t *testing.T) {
	t.Parallel()
	sink := apptest.NewSMTPSink(t)
	a := apptest.New(t, func(c *app.Config) { c.SMTPHost = "127.0.0.1"; c.SMTPPort = sink.Port })
	a.SignedUp(t, "known@example.com")
	anon := a.Browser(t)
	known := anon.PostJSON("/api/auth/password-reset", map[string]string{"email": "known@example.com"})
	unknown := anon.PostJSON("/api/auth/password-reset", map[string]string{"email": "nobody@example.com"})
	require.Equal(t, http.StatusAccepted, known.StatusCode)
	require.Equal(t, known.StatusCode, unknown.StatusCode)
	kb, _ := io.ReadAll(known.Body)
	ub, _ := io.ReadAll(unknown.Body)
	require.Equal(t, kb, ub)

	apptest.StartWorkers(t, a)
	apptest.WaitFor(t, "both reset jobs", func() bool {
		return a.CountRows(t, `SELECT count(*) FROM river_job WHERE kind = 'password_reset_email' AND state = 'completed'`) == 2
	})
	var resets []apptest.SunkMessage
	for _, m := range sink.Messages() {
		if strings.Contains(m.Data, "Subject: Reset your Steady password") {
			resets = append(resets, m)
		}
	}
	require.Len(t, resets, 1, "only the known address gets an email")
	require.Equal(t, []string{"known@example.com"}, resets[0].To)
	require.Equal(t, 1, a.CountRows(t, `SELECT count(*) FROM password_resets`))

	// The link in the real email works.
	text, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(resets[0].Data)))
	require.NoError(t, err)
	m := resetLink.FindStringSubmatch(string(text))
	require.NotNil(t, m, "the email carries the reset link")
	require.Equal(t, http.StatusNoContent, confirmReset(anon, m[1], "my new password 2026").StatusCode)
}

// Every kind of bad reset input gets a clear 4xx, and nothing is written.
func TestBadPasswordResetInputIsRefusedAndWritesNothing(t *testing.T) {
	t.Parallel()
	a, _ := apptest.NewClocked(t) // a still clock: the hourly windows cannot roll over mid-test
	a.SignedUp(t, "victim@example.com")
	b := a.Browser(t)
	cases := []struct {
		name, path, body string
		status           int
		code, field      string
	}{
		{"not an email", "/api/auth/password-reset", `{"email":"not-an-email"}`, 422, "validation_failed", "email"},
		{"empty email", "/api/auth/password-reset", `{"email":""}`, 422, "validation_failed", "email"},
		{"unknown field", "/api/auth/password-reset", `{"email":"victim@example.com","admin":true}`, 400, "unknown_field", "admin"},
		{"email of the wrong type", "/api/auth/password-reset", `{"email":["victim@example.com"]}`, 400, "wrong_type", "email"},
		{"empty body", "/api/auth/password-reset", ``, 400, "empty_body", ""},
		{"unknown token", "/api/auth/password-reset/confirm", `{"token":"` + strings.Repeat("A", 43) + `","new_password":"my new password 2026"}`, 400, "reset_token_invalid", "token"},
		{"missing token", "/api/auth/password-reset/confirm", `{"new_password":"my new password 2026"}`, 422, "validation_failed", "token"},
		{"short password", "/api/auth/password-reset/confirm", `{"token":"abc","new_password":"short"}`, 422, "validation_failed", "new_password"},
		{"token of the wrong type", "/api/auth/password-reset/confirm", `{"token":42,"new_password":"my new password 2026"}`, 400, "wrong_type", "token"},
	}
	for _, tc := range cases {
		res := b.Do("POST", tc.path, tc.body, nil)
		require.Equal(t, tc.status, res.StatusCode, tc.name)
		e := apptest.ReadError(t, res)
		require.Equal(t, tc.code, e.Error.Code, tc.name)
		if tc.field != "" {
			require.NotEmpty(t, e.Error.Fields[tc.field], tc.name)
		}
	}
	require.Zero(t, a.CountRows(t, `SELECT count(*) FROM river_job WHERE kind = 'password_reset_email'`))
	require.Zero(t, a.CountRows(t, `SELECT count(*) FROM password_resets`))

	// Rate limits: five requests per address asked for, then 429, and no job for the refused one.
	for i := 0; i < 5; i++ {
		require.Equal(t, http.StatusAccepted, b.PostJSON("/api/auth/password-reset", map[string]string{"email": "victim@example.com"}).StatusCode)
	}
	res := b.PostJSON("/api/auth/password-reset", map[string]string{"email": "victim@example.com"})
	require.Equal(t, http.StatusTooManyRequests, res.StatusCode)
	require.NotEmpty(t, res.Header.Get("Retry-After"))
	// ... and twenty per client address, whatever the addresses asked for.
	for i := 0; i < 15; i++ {
		require.Equal(t, http.StatusAccepted, b.PostJSON("/api/auth/password-reset",
			map[string]string{"email": "someone" + string(rune('a'+i)) + "@example.com"}).StatusCode, i)
	}
	res = b.PostJSON("/api/auth/password-reset", map[string]string{"email": "one-more@example.com"})
	require.Equal(t, http.StatusTooManyRequests, res.StatusCode)
	require.Equal(t, 20, a.CountRows(t, `SELECT count(*) FROM river_job WHERE kind = 'password_reset_email'`))
}

// Two simultaneous confirmations of one link: exactly one sets the password.
func TestPasswordResetLinkCannotBeUsedTwiceAtOnce(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	apptest.StartWorkers(t, a)
	a.SignedUp(t, "race@example.com")
	require.Equal(t, http.StatusAccepted, a.Browser(t).PostJSON("/api/auth/password-reset", map[string]string{"email": "race@example.com"}).StatusCode)
	token := resetTokenFromMailbox(t, a, "race@example.com")
	codes := make(chan int, 2)
	for _, pw := range []string{"first harp meadow lantern", "second harp meadow lantern"} {
		b := a.Browser(t) // made here: require may not stop the test from another goroutine
		req, err := http.NewRequest("POST", a.HTTP.URL+"/api/auth/password-reset/confirm",
			strings.NewReader(`{"token":"`+token+`","new_password":"`+pw+`"}`))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", b.CSRF)
		go func() {
			res, err := b.Client.Do(req)
			if err != nil {
				codes <- 0
				return
			}
			res.Body.Close()
			codes <- res.StatusCode
		}()
	}
	got := []int{<-codes, <-codes}
	require.ElementsMatch(t, []int{http.StatusNoContent, http.StatusBadRequest}, got)
	a.AsOwner(t, nil, func(tx pgx.Tx) {
		var used int
		require.NoError(t, tx.QueryRow(t.Context(), `SELECT count(*) FROM password_resets WHERE used_at IS NOT NULL`).Scan(&used))
		require.Equal(t, 1, used)
	})
}
