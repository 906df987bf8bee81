package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/validate"
)

// The details of the person in these tests, as sign-up passes them.
var ana = []string{"ana.lindqvist@example.com", "Ana Lindqvist", "Harbour Counselling"}

func TestNewPasswordsAreCheckedForWhatMakesThemEasyToGuess(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ password, want string }{
		{"short", "must be at least 12 characters"},
		{strings.Repeat("long ", 41), "must be at most 200 characters"},
		{"aaaaaaaaaaaa", msgGuessRepeat},
		{"abcdefghijklmnop", msgGuessRepeat},
		{"123456789012", msgGuessRepeat},
		{"1qaz2wsx3edc", msgCommon},
		{"Password1234", msgCommon},
		{"qwerty qwerty", msgGuessRepeat},
		{"iloveyou2024!!", msgCommonAdded},
		{"1234monkey5678", msgCommonAdded},
		{"ana.lindqvist@example.com", msgPersonal},
		{"analindqvist is my name", msgPersonal},
		{"Ana Lindqvist 1985", msgPersonal},
		{"harbour counselling 2026", msgPersonal},
		{"steady steady steady", msgGuessPersonal},
		{"Steady-Password-2026", msgGuessPersonal},
		{"poiuytrewqlkjhgf", msgGuessKeyboard},
		{"aaaa bbbb cccc", msgGuessRepeat}, // the spaces do not make it any harder
		{"password password", msgGuessRepeat},
		{"blue sky morning", msgGuessWords},
		{"sunflower meadow", msgGuessWords},
		{"03/12/1985 1986", msgGuessDate},
		{"January012024", msgCommonAdded},
		// Long enough and hard enough to guess: no rules about kinds of characters.
		{"correct horse battery staple", ""},
		{"a calm and long passphrase", ""},
		{"purple monkey dishwasher", ""},
		{"my steady garden gnome sings", ""}, // the word alone, among others, is fine
		{"mj7#kQ2!zR9p", ""},
		{"verb quilt harbour lantern", ""},                      // a word of the practice's name among others
		{strings.Repeat("x", 40) + " and more", msgGuessRepeat}, // its first 32 characters decide
	} {
		err := CheckNewPassword("password", tc.password, ana...)
		if tc.want == "" {
			assert.NoError(t, err, tc.password)
			continue
		}
		var v validate.Errors
		if assert.ErrorAs(t, err, &v, tc.password) {
			assert.Equal(t, tc.want, v["password"], tc.password)
		}
	}
}

func TestNewPasswordErrorsNameTheirField(t *testing.T) {
	t.Parallel()
	var v validate.Errors
	require.ErrorAs(t, CheckNewPassword("new_password", "aaaaaaaaaaaa"), &v)
	require.Contains(t, v, "new_password")
	require.NoError(t, CheckNewPassword("new_password", "verb quilt harbour lantern"))
}

func TestTheCommonPasswordListIsBundled(t *testing.T) {
	t.Parallel()
	list := commonPasswords()
	require.Greater(t, len(list), 40000)
	for _, p := range []string{"password", "iloveyou", "qwertyuiop", "1qaz2wsx3edc", "password1234"} {
		require.True(t, isCommonPassword(p), p)
	}
	_, blank := list[""]
	require.False(t, blank, "blank lines are not passwords")
	require.False(t, isCommonPassword("# common passwords, most common first: the 46,983 passwords of four"),
		"comment lines are not passwords")
}

// worstCase is the slowest kind of password to estimate: letter-like symbols all through
// (each of them a possible substitution for a letter), with separators and the service's
// name, so that every estimate the check makes is made.
var worstCase = strings.Repeat("!|7({[<830%2 steady-", 10)[:200]

// The check runs on every sign-up and password change, and even its slowest case stays well
// under 50 ms (a person's password takes a millisecond or two). The bound here is generous
// for a busy machine: BenchmarkCheckNewPassword reports the real figures.
func TestCheckingANewPasswordIsFast(t *testing.T) {
	t.Parallel()
	commonPasswords()
	for _, p := range []string{worstCase, "correct horse battery staple"} {
		start := time.Now()
		const runs = 5
		for range runs {
			_ = CheckNewPassword("password", p, ana...)
		}
		each := time.Since(start) / runs
		t.Logf("%q takes %s to check", p[:12], each)
		require.Less(t, each, 250*time.Millisecond)
	}
}

func BenchmarkCheckNewPassword(b *testing.B) {
	commonPasswords()
	for name, p := range map[string]string{"passphrase": "correct horse battery staple", "worst case": worstCase,
		"random": "T9#v!qL2xW@7mZp$e4Rk^8sGh&1yNc*5uJb(3oFd)6iVa_0tXw+2lQe=9nMr{7gKz}"} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				_ = CheckNewPassword("password", p, ana...)
			}
		})
	}
}
