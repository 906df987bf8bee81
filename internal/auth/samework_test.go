package auth

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/db/dbtest"
	"github.com/steadyhq/steady/internal/practice"
)

// Log-in, password reset requests and sign-up answer alike whether or not an account has the
// address, and they must take alike too, or the time would tell. Timing them would flake on a
// busy machine and prove little; instead these tests count the work itself: the argon2id
// derivations (tens of milliseconds each, the only costly step) through the service's hook,
// and the SQL statements run, which must be the same list for a known and an unknown address.

// workLog records the argon2id derivations and SQL statements of one service.
type workLog struct {
	mu    sync.Mutex
	argon int
	sql   []string
}

func (w *workLog) take() (argon int, sql []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	argon, sql = w.argon, w.sql
	w.argon, w.sql = 0, nil
	return argon, sql
}

// watchedService is a service on a database of its own with one known account, its work
// recorded in the returned log.
func watchedService(t *testing.T) (*Service, *workLog) {
	t.Helper()
	env := dbtest.New(t)
	svc := NewService(env.DB, Options{})
	log := &workLog{}
	svc.argonHook = func() { log.mu.Lock(); log.argon++; log.mu.Unlock() }
	record := func(tx *gorm.DB) {
		log.mu.Lock()
		log.sql = append(log.sql, tx.Statement.SQL.String())
		log.mu.Unlock()
	}
	cb := env.DB.Gorm.Callback()
	for _, err := range []error{
		cb.Create().After("*").Register("samework:create", record),
		cb.Query().After("*").Register("samework:query", record),
		cb.Update().After("*").Register("samework:update", record),
		cb.Delete().After("*").Register("samework:delete", record),
		cb.Row().After("*").Register("samework:row", record),
		cb.Raw().After("*").Register("samework:raw", record),
	} {
		require.NoError(t, err)
	}
	pid := uuid.New()
	require.NoError(t, SeedPractice(context.Background(), env.DB, practice.Practice{ID: pid, Name: "Harbour Practice",
		TimeZone: "UTC"}, []SeedMember{{ID: uuid.New(), Email: "known@example.com", Name: "Kay Known",
		Password: "verb quilt lantern moss", Role: practice.RoleOwner}}))
	log.take()
	return svc, log
}

func TestLoginDoesTheSameWorkForAKnownAndAnUnknownEmail(t *testing.T) {
	t.Parallel()
	svc, log := watchedService(t)
	ctx := context.Background()
	var first []string
	for i, email := range []string{"known@example.com", "unknown@example.com"} {
		_, err := svc.BeginLogin(ctx, email, "not the password at all", "", Client{IP: fmt.Sprintf("192.0.2.%d", i)})
		require.ErrorIs(t, err, ErrInvalidCredentials, email)
		argon, sql := log.take()
		require.Equal(t, 1, argon, "%s: one password verification, against the dummy hash for an unknown email", email)
		require.NotEmpty(t, sql)
		if first == nil {
			first = sql
			continue
		}
		require.Equal(t, first, sql, "the same statements for %s", email)
	}
	_, err := svc.BeginLogin(ctx, "known@example.com", "verb quilt lantern moss", "", Client{IP: "192.0.2.9"})
	require.NoError(t, err)
	argon, _ := log.take()
	require.Equal(t, 1, argon, "a right password costs one verification too")
}

func TestResetRequestsDoTheSameWorkForAKnownAndAnUnknownEmail(t *testing.T) {
	t.Parallel()
	svc, log := watchedService(t)
	var first []string
	for i, email := range []string{"known@example.com", "unknown@example.com"} {
		require.NoError(t, svc.RequestPasswordReset(context.Background(), email, Client{IP: fmt.Sprintf("192.0.2.%d", i)}))
		argon, sql := log.take()
		require.Zero(t, argon)
		require.NotEmpty(t, sql)
		if first == nil {
			first = sql
			continue
		}
		require.Equal(t, first, sql, "the same statements for %s", email)
	}
}

func TestSignupDoesTheSameWorkForAKnownAndAnUnknownEmail(t *testing.T) {
	t.Parallel()
	svc, log := watchedService(t)
	var first []string
	for i, email := range []string{"known@example.com", "unknown@example.com"} {
		in := SignupInput{PracticeName: "Other Practice", Name: "Sam Signer", Email: email, Password: "purple monkey dishwasher"}
		require.NoError(t, svc.Signup(context.Background(), in, Client{IP: fmt.Sprintf("192.0.2.%d", i)}))
		argon, sql := log.take()
		require.Equal(t, 1, argon, "%s: the password is hashed either way", email)
		require.NotEmpty(t, sql)
		if first == nil {
			first = sql
			continue
		}
		require.Equal(t, first, sql, "the same statements for %s", email)
	}
}
