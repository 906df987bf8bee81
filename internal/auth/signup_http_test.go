package auth_test

import (
	"crypto/sha256"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
)

var signupLinkURL = regexp.MustCompile(`http://localhost:8080/signup/confirm\?token=([A-Za-z0-9_-]{43})`)

type mailboxMessage struct{ To, Subject, Text, HTML string }

// mailTo waits for an email with subject to reach email in the dev mailbox and returns it.
func mailTo(t *testing.T, a *apptest.App, email, subject string) mailboxMessage {
	t.Helper()
	b := a.Browser(t)
	var found mailboxMessage
	apptest.WaitFor(t, subject+" to "+email, func() bool {
		var box struct{ Messages []mailboxMessage }
		apptest.Decode(t, b.Do("GET", "/api/dev/mailbox", "", nil), &box)
		for _, m := range box.Messages {
			if m.To == email && m.Subject == subject {
				found = m
				return true
			}
		}
		return false
	})
	return found
}

// mailCount counts the messages in the dev mailbox to email.
func mailCount(t *testing.T, a *apptest.App, email string) int {
	t.Helper()
	return a.CountRows(t, `SELECT count(*) FROM dev_messages WHERE recipient = $1`, email)
}

func startSignup(t *testing.T, b *apptest.Browser, body map[string]string) string {
	t.Helper()
	res := b.PostJSON("/api/auth/signup", body)
	require.Equal(t, http.StatusAccepted, res.StatusCode)
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return string(raw)
}

func confirmSignup(b *apptest.Browser, token string) *http.Response {
	return b.PostJSON("/api/auth/signup/confirm", map[string]string{"token": token})
}

// A sign-up makes nothing until the link in its email is confirmed: then the practice, its
// owner and a session, all at once, and the link is used up.
func TestSignupFinishesFromTheEmailedLink(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	apptest.StartWorkers(t, a)
	b := a.Browser(t)
	body := startSignup(t, b, apptest.SignupBody(" New.Owner@Example.com"))
	require.Contains(t, body, "Check your email")
	require.Zero(t, a.CountAll(t, "practices"), "nothing exists before the address is proven")
	require.Zero(t, a.CountAll(t, "users"))

	m := mailTo(t, a, "new.owner@example.com", "Finish setting up your Steady practice")
	require.Contains(t, m.Text, "Harbour Practice")
	require.Contains(t, m.Text, "works once, for 24 hours")
	token := signupLinkURL.FindStringSubmatch(m.Text)[1]

	// Only the token's SHA-256 is stored, and the raw token is nowhere in the database.
	sum := sha256.Sum256([]byte(token))
	require.Equal(t, 1, a.CountRows(t, `SELECT count(*) FROM pending_signups WHERE token_hash = $1
		AND expires_at - created_at = interval '24 hours' AND used_at IS NULL`, sum[:]))
	require.Zero(t, a.CountRows(t, `SELECT count(*) FROM pending_signups WHERE token_hash = convert_to($1, 'UTF8')`, token))
	require.Zero(t, a.CountRows(t, `SELECT count(*) FROM river_job WHERE args::text LIKE '%' || $1 || '%'`, token))

	// Opening the link (a mail scanner, say) is a GET of the page: it signs nobody in.
	res := b.Do("GET", "/signup/confirm?token="+token, "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Nil(t, sessionCookie(res))
	require.Zero(t, a.CountAll(t, "practices"))

	res = confirmSignup(b, token)
	require.Equal(t, http.StatusCreated, res.StatusCode)
	require.NotNil(t, sessionCookie(res))
	var me struct {
		User     struct{ Email string }
		Practice struct{ ID, Name string }
		Role     string
	}
	apptest.Decode(t, res, &me)
	require.Equal(t, "new.owner@example.com", me.User.Email)
	require.Equal(t, "Harbour Practice", me.Practice.Name)
	require.Equal(t, "owner", me.Role)
	b.RefreshCSRF()
	status, _ := b.Me()
	require.Equal(t, http.StatusOK, status, "the owner is signed in")
	require.Equal(t, 1, a.CountAll(t, "practices"))
	require.Equal(t, 1, a.CountRows(t, `SELECT count(*) FROM pending_signups WHERE used_at IS NOT NULL AND password_hash = ''`),
		"the link is used up and the pending sign-up keeps no password")
	mailTo(t, a, "new.owner@example.com", "Welcome to Steady")
	require.Equal(t, 1, apptest.AuditCount(t, a, uuid.MustParse(me.Practice.ID), "action = 'account.signup'"),
		"the practice's audit trail starts with its sign-up")
	require.Equal(t, http.StatusOK, a.Browser(t).PostJSON("/api/auth/login", apptest.LoginBody("new.owner@example.com")).StatusCode)

	// The link works once.
	res = confirmSignup(a.Browser(t), token)
	require.Equal(t, http.StatusBadRequest, res.StatusCode)
	e := apptest.ReadError(t, res)
	require.Equal(t, "signup_token_used", e.Error.Code)
	require.NotEmpty(t, e.Error.Fields["token"])
	require.Equal(t, 1, a.CountAll(t, "practices"))
}

// Signing up with an address that has an account answers exactly as for a new one; the
// email tells the owner, and nothing of the account changes.
func TestSignupAnswersAlikeForAnAddressWithAnAccount(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	apptest.StartWorkers(t, a)
	a.SignedUp(t, "taken@example.com")

	known := apptest.SignupBody("Taken@Example.com")
	known["practice_name"], known["password"] = "Someone Else's Practice", "an intruder's own passphrase"
	fresh := apptest.SignupBody("fresh@example.com")
	require.Equal(t, startSignup(t, a.Browser(t), fresh), startSignup(t, a.Browser(t), known),
		"the same answer for a known address and a new one")

	m := mailTo(t, a, "taken@example.com", "You already have a Steady account")
	require.Contains(t, m.Text, "http://localhost:8080/login")
	require.Contains(t, m.Text, "http://localhost:8080/forgot-password")
	require.NotContains(t, m.Text, "Someone Else's Practice", "nothing the form said is repeated to the owner")
	require.False(t, signupLinkURL.MatchString(m.Text), "no link that could finish a sign-up")
	mailTo(t, a, "fresh@example.com", "Finish setting up your Steady practice")
	mailTo(t, a, "taken@example.com", "Welcome to Steady")
	apptest.WaitFor(t, "the known address's pending sign-up to go", func() bool {
		return a.CountRows(t, `SELECT count(*) FROM pending_signups WHERE email = 'taken@example.com' AND used_at IS NULL`) == 0
	})
	require.Equal(t, 2, mailCount(t, a, "taken@example.com"), "the welcome email and one note")
	require.Equal(t, 1, a.CountAll(t, "practices"), "no second practice")
	require.Equal(t, http.StatusOK, a.Browser(t).PostJSON("/api/auth/login", apptest.LoginBody("taken@example.com")).StatusCode,
		"the owner's password is as it was")
}

// A bad link, an expired one and a used one are each refused by name, and create nothing.
func TestSignupLinksThatDoNotWork(t *testing.T) {
	t.Parallel()
	a, clk := apptest.NewClocked(t)
	apptest.StartWorkers(t, a)
	b := a.Browser(t)

	res := confirmSignup(b, strings.Repeat("A", 43))
	require.Equal(t, http.StatusBadRequest, res.StatusCode)
	require.Equal(t, "signup_token_invalid", apptest.ReadError(t, res).Error.Code)
	res = confirmSignup(b, "")
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, apptest.ReadError(t, res).Error.Fields, "token")

	startSignup(t, b, apptest.SignupBody("late@example.com"))
	token := signupLinkURL.FindStringSubmatch(mailTo(t, a, "late@example.com", "Finish setting up your Steady practice").Text)[1]
	clk.Advance(24 * time.Hour)
	res = confirmSignup(b, token)
	require.Equal(t, http.StatusBadRequest, res.StatusCode)
	e := apptest.ReadError(t, res)
	require.Equal(t, "signup_token_expired", e.Error.Code)
	require.Contains(t, e.Error.Message, "24 hours")
	require.Zero(t, a.CountAll(t, "practices"))
	require.Zero(t, a.CountAll(t, "users"))
}

// Signing up twice before confirming sends two links; the first confirmed wins and the other
// link stops working, so one address never gets two accounts.
func TestSigningUpTwiceMakesOneAccount(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	b := a.Browser(t)
	first := a.SignUp(t, b, apptest.SignupBody("twice@example.com"))
	require.Equal(t, http.StatusCreated, first.StatusCode)
	require.Zero(t, a.CountRows(t, `SELECT count(*) FROM pending_signups WHERE used_at IS NULL`))

	second := startSignup(t, a.Browser(t), apptest.SignupBody("twice@example.com"))
	require.Contains(t, second, "Check your email", "the same answer as for anyone")
	require.Equal(t, 1, a.CountAll(t, "users"))
}

// Sign-ups count per client address and per address signed up: nobody can fill an inbox.
func TestSignupIsRateLimitedPerEmailAddress(t *testing.T) {
	t.Parallel()
	a, _ := apptest.NewClocked(t)
	for i := 0; i < 5; i++ {
		startSignup(t, a.Browser(t), apptest.SignupBody("flood@example.com"))
	}
	res := a.Browser(t).PostJSON("/api/auth/signup", apptest.SignupBody("flood@example.com"))
	require.Equal(t, http.StatusTooManyRequests, res.StatusCode)
	require.NotEmpty(t, res.Header.Get("Retry-After"))
	require.Equal(t, 5, a.CountRows(t, `SELECT count(*) FROM river_job WHERE kind = 'signup_email'`))
}

// Every way of choosing a password refuses a weak one with a reason naming the field, and
// writes nothing: sign-up, changing it, resetting it, and joining from an invitation.
func TestWeakPasswordsAreRefusedWhereverOneIsChosen(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	apptest.StartWorkers(t, a)

	body := apptest.SignupBody("weak@example.com")
	for password, reason := range map[string]string{
		"aaaaaaaaaaaa":               "repeated characters",
		"password1234":               "commonly used passwords",
		"weak@example.com 2026":      "your email address",
		"Steady Harbour Practice 1!": "your practice's name",
	} {
		body["password"] = password
		res := a.Browser(t).PostJSON("/api/auth/signup", body)
		require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, password)
		e := apptest.ReadError(t, res)
		require.Equal(t, "validation_failed", e.Error.Code)
		require.Contains(t, e.Error.Fields["password"], reason, password)
	}
	require.Zero(t, a.CountRows(t, `SELECT count(*) FROM pending_signups`), "a refused sign-up keeps nothing")

	owner, _ := a.SignedUp(t, "owner@example.com")
	res := owner.PostJSON("/api/auth/password", map[string]string{"current_password": "long enough password",
		"new_password": "qwertyuiopasdfgh"})
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, apptest.ReadError(t, res).Error.Fields["new_password"], "easy to guess")
	res = owner.PostJSON("/api/auth/password", map[string]string{"current_password": "long enough password",
		"new_password": "Ada Owner forever"})
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, apptest.ReadError(t, res).Error.Fields["new_password"], "your name")
	require.Equal(t, http.StatusOK, a.Browser(t).PostJSON("/api/auth/login", apptest.LoginBody("owner@example.com")).StatusCode,
		"the password is as it was")

	require.Equal(t, http.StatusAccepted, a.Browser(t).PostJSON("/api/auth/password-reset", map[string]string{"email": "owner@example.com"}).StatusCode)
	token := resetTokenFromMailbox(t, a, "owner@example.com")
	res = confirmReset(a.Browser(t), token, "owner@example.com!")
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, apptest.ReadError(t, res).Error.Fields["new_password"], "your email address")
	require.Equal(t, 1, a.CountRows(t, `SELECT count(*) FROM password_resets WHERE used_at IS NULL`), "the link still works")

	res = owner.Do("POST", "/api/team/invitations", `{"email":"joiner@example.com","role":"clinician"}`, nil)
	require.Equal(t, http.StatusCreated, res.StatusCode)
	invite := regexp.MustCompile(`/accept-invitation\?token=([A-Za-z0-9_-]+)`)
	tok := invite.FindStringSubmatch(mailTo(t, a, "joiner@example.com", "Invitation to join Harbour Practice on Steady").Text)
	require.NotNil(t, tok)
	res = a.Browser(t).PostJSON("/api/invitations/accept", map[string]string{"token": tok[1], "name": "Jo Iner",
		"password": "harbour practice"})
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, apptest.ReadError(t, res).Error.Fields["password"], "your practice's name")
	res = a.Browser(t).PostJSON("/api/invitations/accept", map[string]string{"token": tok[1], "name": "Jo Iner",
		"password": "verb quilt lantern moss"})
	require.Equal(t, http.StatusOK, res.StatusCode, "a strong password joins")
}
