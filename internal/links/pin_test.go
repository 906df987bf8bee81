package links

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestGuessablePINsAreRefusedWithAReason(t *testing.T) {
	for pin, why := range map[string]string{
		"0000": "one digit", "1111": "one digit", "99999999": "one digit",
		"1234": "sequence", "4321": "sequence", "0123": "sequence", "7890": "sequence", "8901": "sequence",
		"2468": "sequence", "9753": "sequence", "123456": "sequence", "98765432": "sequence",
		"1212": "pattern", "6969": "pattern", "123123": "pattern", "4545": "pattern",
		"2580": "keypad", "0852": "keypad", "1470": "keypad", "3690": "keypad", "1597": "keypad",
		"1987": "year", "2026": "year", "1004": "most common", "1122": "most common",
	} {
		require.Contains(t, guessable(pin), why, pin)
		err := checkPIN(pin)
		require.Error(t, err, pin)
		require.Contains(t, err.Error(), "choose one that only you would know", pin)
	}
	for _, pin := range []string{"4826", "3917", "5061", "7302", "8264", "1358", "48261", "90417723"} {
		require.Empty(t, guessable(pin), pin)
		require.NoError(t, checkPIN(pin), pin)
	}
}
