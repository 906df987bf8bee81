package auth_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/db/dbtest"
	"github.com/steadyhq/steady/internal/notify"
	"github.com/steadyhq/steady/internal/ratelimit"
)

// clock is a settable time source for session-expiry tests.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func newService(t *testing.T, opts auth.Options) (*auth.Service, *dbtest.Env, *clock) {
	t.Helper()
	env := dbtest.New(t)
	clk := &clock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	opts.Now = clk.Now
	return auth.NewService(env.DB, opts), env, clk
}

var cl = auth.Client{IP: "192.0.2.10", UserAgent: "test"}

func signup(t *testing.T, svc *auth.Service, env *dbtest.Env, email string) string {
	t.Helper()
	token, _, err := svc.ConfirmSignup(context.Background(), signupLink(t, svc, env, auth.SignupInput{
		PracticeName: "Harbour Practice", Name: "Ada Owner", Email: email, Password: "long enough password",
	}), cl)
	require.NoError(t, err)
	return token
}

// signupLink starts a sign-up and returns the token its email's link carries.
func signupLink(t *testing.T, svc *auth.Service, env *dbtest.Env, in auth.SignupInput) string {
	t.Helper()
	ctx := context.Background()
	require.NoError(t, svc.Signup(ctx, in, cl))
	var raw []byte
	require.NoError(t, env.DB.Pool.QueryRow(ctx, `SELECT args FROM river_job WHERE kind = 'signup_email'
		ORDER BY id DESC LIMIT 1`).Scan(&raw))
	var args auth.SignupEmailArgs
	require.NoError(t, json.Unmarshal(raw, &args))
	var mail outbox
	require.NoError(t, svc.SendSignupEmail(ctx, args.PendingID, &mail, "http://localhost:8080"))
	require.Len(t, mail, 1)
	return signupLinkURL.FindStringSubmatch(mail[0].Text)[1]
}

// outbox is a mailer that keeps what it is given.
type outbox []notify.Message

func (o *outbox) Send(_ context.Context, m notify.Message) error { *o = append(*o, m); return nil }

func TestSessionEndsAfterThirtyMinutesIdle(t *testing.T) {
	t.Parallel()
	svc, env, clk := newService(t, auth.Options{})
	ctx := context.Background()
	token := signup(t, svc, env, "idle@example.com")

	clk.now = clk.now.Add(29 * time.Minute)
	_, err := svc.Authenticate(ctx, token)
	require.NoError(t, err, "used within 30 minutes")

	clk.now = clk.now.Add(29 * time.Minute)
	_, err = svc.Authenticate(ctx, token)
	require.NoError(t, err, "the previous use reset the idle clock")

	clk.now = clk.now.Add(31 * time.Minute)
	_, err = svc.Authenticate(ctx, token)
	require.ErrorIs(t, err, auth.ErrUnauthenticated)
}

func TestSessionEndsTwelveHoursAfterLogin(t *testing.T) {
	t.Parallel()
	svc, env, clk := newService(t, auth.Options{})
	ctx := context.Background()
	token := signup(t, svc, env, "busy@example.com")
	for i := 0; i < 35; i++ { // active every 20 minutes for 11h40m
		clk.now = clk.now.Add(20 * time.Minute)
		_, err := svc.Authenticate(ctx, token)
		require.NoError(t, err, "step %d", i)
	}
	clk.now = clk.now.Add(20 * time.Minute) // 12h after log-in
	_, err := svc.Authenticate(ctx, token)
	require.ErrorIs(t, err, auth.ErrUnauthenticated)
}

func TestLoginRotatesTheSessionAndLogoutEndsIt(t *testing.T) {
	t.Parallel()
	svc, env, _ := newService(t, auth.Options{})
	ctx := context.Background()
	first := signup(t, svc, env, "rotate@example.com")

	second, prof, err := svc.Login(ctx, "Rotate@Example.com ", "long enough password", first, cl)
	require.NoError(t, err)
	require.NotEqual(t, first, second)
	require.Equal(t, "rotate@example.com", prof.User.Email)
	_, err = svc.Authenticate(ctx, first)
	require.ErrorIs(t, err, auth.ErrUnauthenticated, "the pre-login session must be gone")

	staff, err := svc.Authenticate(ctx, second)
	require.NoError(t, err)
	require.Equal(t, prof.Practice.ID, staff.PracticeID)

	require.NoError(t, svc.Logout(ctx, second))
	_, err = svc.Authenticate(ctx, second)
	require.ErrorIs(t, err, auth.ErrUnauthenticated)
}

func TestWrongEmailAndWrongPasswordLookTheSame(t *testing.T) {
	t.Parallel()
	svc, env, _ := newService(t, auth.Options{})
	ctx := context.Background()
	signup(t, svc, env, "known@example.com")
	_, _, errPw := svc.Login(ctx, "known@example.com", "not the password", "", cl)
	_, _, errEmail := svc.Login(ctx, "unknown@example.com", "long enough password", "", cl)
	require.ErrorIs(t, errPw, auth.ErrInvalidCredentials)
	require.ErrorIs(t, errEmail, auth.ErrInvalidCredentials)
}

func TestLoginIsRateLimitedPerAccountAndPerAddress(t *testing.T) {
	t.Parallel()
	svc, env, clk := newService(t, auth.Options{
		LoginAccount: ratelimit.Rule{Name: "login_account", Max: 3, Window: 15 * time.Minute},
		LoginAddress: ratelimit.Rule{Name: "login_address", Max: 5, Window: 15 * time.Minute},
	})
	ctx := context.Background()
	signup(t, svc, env, "target@example.com")
	for i := 0; i < 3; i++ {
		_, _, err := svc.Login(ctx, "target@example.com", "wrong password", "", cl)
		require.ErrorIs(t, err, auth.ErrInvalidCredentials)
	}
	_, _, err := svc.Login(ctx, "target@example.com", "long enough password", "", cl)
	var limited *ratelimit.Exceeded
	require.True(t, errors.As(err, &limited), "the fourth try on one account is refused even with the right password: %v", err)
	require.Equal(t, "login_account", limited.Rule)

	// The same address trying other accounts hits the per-address limit.
	other := auth.Client{IP: "198.51.100.7"}
	for i := 0; i < 5; i++ {
		_, _, err := svc.Login(ctx, "nobody"+string(rune('a'+i))+"@example.com", "whatever", "", other)
		require.ErrorIs(t, err, auth.ErrInvalidCredentials)
	}
	_, _, err = svc.Login(ctx, "another@example.com", "whatever", "", other)
	require.True(t, errors.As(err, &limited))
	require.Equal(t, "login_address", limited.Rule)

	clk.now = clk.now.Add(15 * time.Minute) // a new window
	_, _, err = svc.Login(ctx, "target@example.com", "long enough password", "", cl)
	require.NoError(t, err)
}

func TestSignupHookFailureRollsEverythingBack(t *testing.T) {
	t.Parallel()
	svc, env, _ := newService(t, auth.Options{})
	ctx := context.Background()
	boom := errors.New("boom")
	svc.OnSignup = []func(context.Context, *db.Tx, auth.SignupEvent) error{
		auth.EnqueueWelcome,
		func(context.Context, *db.Tx, auth.SignupEvent) error { return boom },
	}
	link := signupLink(t, svc, env, auth.SignupInput{PracticeName: "Gone", Name: "Nobody", Email: "gone@example.com",
		Password: "long enough password"})
	_, _, err := svc.ConfirmSignup(ctx, link, cl)
	require.ErrorIs(t, err, boom)

	var jobs, sessions, used int
	require.NoError(t, env.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'welcome_email'`).Scan(&jobs))
	require.NoError(t, env.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM sessions`).Scan(&sessions))
	require.NoError(t, env.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM pending_signups WHERE used_at IS NOT NULL`).Scan(&used))
	require.Zero(t, jobs, "the welcome job must roll back with the sign-up")
	require.Zero(t, sessions)
	require.Zero(t, used)
	// The link still works: nothing of the failed confirmation was kept, not even its use.
	svc.OnSignup = []func(context.Context, *db.Tx, auth.SignupEvent) error{auth.EnqueueWelcome}
	_, _, err = svc.ConfirmSignup(ctx, link, cl)
	require.NoError(t, err)
	require.NoError(t, env.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'welcome_email'`).Scan(&jobs))
	require.Equal(t, 1, jobs)
}
