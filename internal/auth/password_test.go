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
