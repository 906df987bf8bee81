package auth

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPasswordHashUsesArgon2idWithOWASPParameters(t *testing.T) {
	t.Parallel()
	h, err := HashPassword("correct horse battery")
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$"), h)

	ok, err := VerifyPassword("correct horse battery", h)
	require.NoError(t, err)
	require.True(t, ok)
	ok, err = VerifyPassword("correct horse battery!", h)
	require.NoError(t, err)
	require.False(t, ok)

	again, err := HashPassword("correct horse battery")
	require.NoError(t, err)
	require.NotEqual(t, h, again, "each hash has its own salt")

	_, err = VerifyPassword("x", "$bcrypt$whatever")
	require.Error(t, err)
}

// The hash an unknown email is checked against has a real hash's parameters, so checking it
// runs the same argon2id work, and no password matches it.
func TestDummyHashCostsWhatARealOneDoes(t *testing.T) {
	t.Parallel()
	h, err := HashPassword("any password at all")
	require.NoError(t, err)
	params := func(h string) string { return strings.Join(strings.Split(h, "$")[:4], "$") }
	require.Equal(t, params(h), params(dummyHash))
	for _, p := range []string{"", "steady-timing-equaliser", "any password at all"} {
		ok, err := VerifyPassword(p, dummyHash)
		require.NoError(t, err, "it parses, so the work is done")
		require.False(t, ok)
	}
}
