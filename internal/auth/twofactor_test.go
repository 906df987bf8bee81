package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/pquerna/otp/totp"
	"github.com/stretchr/testify/require"
)

const testSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

func codeAt(t *testing.T, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCode(testSecret, at)
	require.NoError(t, err)
	return c
}

func TestTOTPAcceptsOneStepEitherSideAndNeverAStepTwice(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 9, 0, 10, 0, time.UTC)
	step := now.Unix() / 30
	for _, d := range []time.Duration{-30 * time.Second, 0, 30 * time.Second} {
		got, ok := matchTOTP(testSecret, codeAt(t, now.Add(d)), now, nil)
		require.True(t, ok, "offset %s", d)
		require.Equal(t, step+int64(d/(30*time.Second)), got)
	}
	for _, d := range []time.Duration{-90 * time.Second, -60 * time.Second, 60 * time.Second} {
		_, ok := matchTOTP(testSecret, codeAt(t, now.Add(d)), now, nil)
		require.False(t, ok, "offset %s is outside the window", d)
	}
	last := step
	_, ok := matchTOTP(testSecret, codeAt(t, now), now, &last)
	require.False(t, ok, "the step already accepted is refused")
	_, ok = matchTOTP(testSecret, codeAt(t, now.Add(-30*time.Second)), now, &last)
	require.False(t, ok, "and so is any step before it")
	got, ok := matchTOTP(testSecret, codeAt(t, now.Add(30*time.Second)), now, &last)
	require.True(t, ok, "a later step is fine")
	require.Equal(t, step+1, got)
}

func TestRecoveryCodesAreRandomReadableAndForgiving(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		c := newRecoveryCode()
		require.Regexp(t, `^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$`, c)
		require.False(t, seen[c])
		seen[c] = true
	}
	uid := uuid.New()
	code := "7k2m-x9qd-4hbw-0tz1"
	want := hashRecoveryCode(uid, code)
	for _, typed := range []string{"7K2M-X9QD-4HBW-0TZ1", "7k2m x9qd 4hbw 0tz1", "7k2mx9qd4hbwotzl", " 7k2m-x9qd-4hbw-0tzi "} {
		require.Equal(t, want, hashRecoveryCode(uid, strings.TrimSpace(typed)), typed)
	}
	require.NotEqual(t, want, hashRecoveryCode(uuid.New(), code), "the hash is bound to its person")
}
