package seal_test

import (
	"bytes"
	"crypto/rand"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/seal"
)

func newKey(t *testing.T) *seal.Key {
	t.Helper()
	raw := make([]byte, seal.KeySize)
	_, _ = rand.Read(raw)
	k, err := seal.NewKey(raw)
	require.NoError(t, err)
	return k
}

func TestSealedValuesOpenOnlyWithTheirKeyAndPurpose(t *testing.T) {
	t.Parallel()
	k := newKey(t)
	secret := []byte("JBSWY3DPEHPK3PXP")
	sealed := k.Seal(secret, "totp:alice")
	require.False(t, bytes.Contains(sealed, secret), "the plaintext must not show in the sealed value")
	require.NotEqual(t, sealed, k.Seal(secret, "totp:alice"), "each seal has its own nonce")

	got, err := k.Open(sealed, "totp:alice")
	require.NoError(t, err)
	require.Equal(t, secret, got)

	_, err = k.Open(sealed, "totp:bob")
	require.ErrorIs(t, err, seal.ErrOpen, "a value moved to another purpose does not open")
	_, err = newKey(t).Open(sealed, "totp:alice")
	require.ErrorIs(t, err, seal.ErrOpen, "another key does not open it")
	tampered := append([]byte(nil), sealed...)
	tampered[len(tampered)-1] ^= 1
	_, err = k.Open(tampered, "totp:alice")
	require.ErrorIs(t, err, seal.ErrOpen)
	_, err = k.Open([]byte{1, 2, 3}, "totp:alice")
	require.ErrorIs(t, err, seal.ErrOpen)
}

func TestKeysMustBe32Bytes(t *testing.T) {
	t.Parallel()
	_, err := seal.NewKey(make([]byte, 16))
	require.Error(t, err)
	a, b := seal.DevKey(), seal.DevKey()
	v, err := b.Open(a.Seal([]byte("x"), "p"), "p")
	require.NoError(t, err, "the development key is stable across processes")
	require.Equal(t, []byte("x"), v)
}

// Tokens are the same for the same key and purpose, and unrelated otherwise.
func TestDerivedTokens(t *testing.T) {
	a, err := seal.NewKey(make([]byte, seal.KeySize))
	require.NoError(t, err)
	b := seal.DevKey()
	require.Equal(t, a.Token("reminder-link:1"), a.Token("reminder-link:1"))
	require.NotEqual(t, a.Token("reminder-link:1"), a.Token("reminder-link:2"))
	require.NotEqual(t, a.Token("reminder-link:1"), b.Token("reminder-link:1"))
	require.Len(t, a.Token("x"), 43)
	// HMAC-SHA256 under the derived key, as every token already sent was made: a link in an
	// email keeps working across releases. Computed apart (Python's hmac) for the zero key.
	require.Equal(t, "42gdQAQa551Qthsy0Tq4paY_1nHOwCVCW0PlN_gGanQ", a.Token("reminder-link:1"))
	require.Equal(t, "u0R0Md24C1Vld9HSw7DMRPUBJXZmtP1UmH62kEbU0dg", a.Token("x"))
	// The same, from many goroutines at once on one key.
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				assert.Equal(t, "u0R0Md24C1Vld9HSw7DMRPUBJXZmtP1UmH62kEbU0dg", a.Token("x"))
			}
		})
	}
	wg.Wait()
}
