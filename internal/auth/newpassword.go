package auth

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
	"github.com/trustelem/zxcvbn/match"

	"github.com/steadyhq/steady/internal/validate"
)

// New passwords follow NIST SP 800-63B: at least 12 characters and no rules about kinds of
// characters (they make passwords harder to remember, not to guess), but never one on a list of
// common or breached passwords, one built on the person's own details or on the service's name,
// or one a cracker's patterns guess early. Sign-up, accepting an invitation, changing a password
// and resetting one all pass through CheckNewPassword, so the rule lives here only.

const (
	minPasswordRunes = 12
	maxPasswordRunes = 200
	// minGuessScore is the zxcvbn score a new password must reach. 3 is its authors' "safely
	// unguessable: moderate protection from an offline slow-hash scenario" (10^8 guesses and
	// up), and stored passwords are argon2id hashes, a slow hash.
	minGuessScore = 3
	// estimateRunes bounds the estimate's work: zxcvbn's matching grows much faster than the
	// length (200 characters take a tenth of a second or more, 32 about a millisecond). A
	// password whose first 32 characters (separators left out) are hard to guess is hard to
	// guess; one whose first 32 are easy is refused for them, and the message says what to
	// avoid there.
	estimateRunes = 32
	// maxL33tReadings and l33tHeavyRunes bound the one case that stays slow at 32 characters
	// (some 25 ms): a password full of different letter-like symbols such as "4@(3!|", for
	// which zxcvbn tries every way of reading them as letters (see l33tReadings). Past 16 such
	// readings only the first 16 characters are estimated; a password with that many different
	// symbols in so few characters is either hard to guess there or refused for it.
	maxL33tReadings = 16
	l33tHeavyRunes  = 16
	// serviceWord is the name of this service: the first word anyone guessing at a Steady
	// account would try.
	serviceWord = "steady"
)

// What is wrong with a refused password, said so that the person can choose a better one.
// Like every validate message they follow the field's label ("Password: is on a list…").
const (
	msgCommon      = "is on a list of commonly used passwords, which attackers try first; choose another"
	msgCommonAdded = "is a commonly used password with a few characters added, which attackers try early; " +
		"choose another"
	msgPersonal      = "must not contain your email address, your name or your practice's name"
	msgGuessPersonal = "is too easy to guess: leave out your email address, your name, your practice's name " +
		"and the word Steady"
	msgGuessRepeat   = "is too easy to guess: avoid repeated characters and sequences such as 'aaaa' or '1234'"
	msgGuessKeyboard = "is too easy to guess: avoid rows of keys such as 'qwerty' or 'asdfgh'"
	msgGuessDate     = "is too easy to guess: avoid dates and years, which attackers try early"
	msgGuessWords    = "is too easy to guess: it is made of common words or passwords; add another unrelated word or two"
	msgGuessShort    = "is too easy to guess: make it longer, for example with another unrelated word"
)

// commonPasswordsFile is the bundled list of common and breached passwords (see its header).
//
//go:embed common_passwords.txt
var commonPasswordsFile string

// commonPasswords is the list as a set, read on first use rather than at every start-up.
var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, 50000)
	for line := range strings.Lines(commonPasswordsFile) {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			set[line] = struct{}{}
		}
	}
	return set
})

// CheckNewPassword checks a password someone chose for themselves and answers a validation
// error naming field, or nil when the password may be used. personal is what the password
// must not be built on: the person's email address, name and practice name.
func CheckNewPassword(field, password string, personal ...string) error {
	v := validate.Errors{}
	checkNewPassword(v, field, password, personal...)
	return v.Err()
}

// checkNewPassword is CheckNewPassword adding its message to v, beside a form's other fields.
func checkNewPassword(v validate.Errors, field, password string, personal ...string) {
	v.Length(field, password, minPasswordRunes, maxPasswordRunes)
	if _, refused := v[field]; !refused {
		if msg := newPasswordProblem(password, personal); msg != "" {
			v.Add(field, msg)
		}
	}
}

// newPasswordProblem says what is wrong with a password of an allowed length, or "".
func newPasswordProblem(password string, personal []string) string {
	compact := compactPassword(password)
	if isCommonPassword(compact) {
		return msgCommon
	}
	if core := strings.TrimFunc(compact, isNotLetter); core != compact && isCommonPassword(core) {
		return msgCommonAdded
	}
	if containsPersonal(password, personal) {
		return msgPersonal
	}
	return guessProblem(password, personal)
}

// compactPassword is password in lower case without spaces and the separators people put
// between words, as attackers try passphrases: "i love you" is "iloveyou".
func compactPassword(password string) string { return strings.ToLower(withoutSeparators(password)) }

// withoutSeparators is s without spaces, hyphens, underscores and full stops.
func withoutSeparators(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == '_' || r == '.' {
			return -1
		}
		return r
	}, s)
}

func isNotLetter(r rune) bool { return !unicode.IsLetter(r) }

// isCommonPassword reports whether s (in lower case) is on the bundled list.
func isCommonPassword(s string) bool {
	_, ok := commonPasswords()[s]
	return ok
}

// containsPersonal reports whether the password holds, ignoring case, spaces and punctuation,
// the whole of one of the person's details or the name before the @ of their email address.
// Details shorter than four letters are left to the estimate, which prices them as nearly free
// anyway; checking them here would refuse every password with "ana" in it.
func containsPersonal(password string, personal []string) bool {
	letters := lettersAndDigits(password)
	for _, p := range personal {
		candidates := []string{p}
		if local, _, ok := strings.Cut(p, "@"); ok {
			candidates = append(candidates, local)
		}
		for _, c := range candidates {
			if c = lettersAndDigits(c); utf8.RuneCountInString(c) >= 4 && strings.Contains(letters, c) {
				return true
			}
		}
	}
	return false
}

// lettersAndDigits is s in lower case with everything but letters and digits left out.
func lettersAndDigits(s string) string {
	return strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s))
}

// knownWords are the words an attacker would try first on this person's account, in lower
// case: the service's name, and each of the person's details, whole and word by word.
func knownWords(personal []string) []string {
	words := []string{serviceWord}
	for _, p := range personal {
		p = strings.ToLower(strings.TrimSpace(p))
		if p == "" {
			continue
		}
		words = append(words, p)
		words = append(words, strings.FieldsFunc(p, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })...)
	}
	return words
}

// guessProblem says what makes the password easy to guess, or "". It is estimated without its
// separators, so that spaces between easy words do not pass for strength. zxcvbn prices the
// known words as nearly free, but its other guesses can still carry a password built on them
// ("Steady-Password-2026"), so when it holds any, it is estimated again without them: what is
// left must hold up on its own.
func guessProblem(password string, personal []string) string {
	known := knownWords(personal)
	text := firstRunes(withoutSeparators(password), estimateRunes)
	if l33tReadings(text) > maxL33tReadings {
		text = firstRunes(text, l33tHeavyRunes)
	}
	lower := strings.ToLower(text)
	rest := lower
	for _, w := range known {
		if utf8.RuneCountInString(w) >= 4 {
			rest = strings.ReplaceAll(rest, compactPassword(w), "")
		}
	}
	if est := zxcvbn.PasswordStrength(text, known); est.Score < minGuessScore {
		if rest != lower {
			return msgGuessPersonal
		}
		return guessReason(est.Sequence)
	}
	if rest != lower && zxcvbn.PasswordStrength(rest, known).Score < minGuessScore {
		return msgGuessPersonal
	}
	return ""
}

// guessReason names what made a password easy to guess: the person's own details first (the
// easiest thing to fix), then repeats and sequences, rows of keys, dates, and common words.
func guessReason(seq []*match.Match) string {
	patterns := map[string]bool{}
	var note func(ms []*match.Match)
	note = func(ms []*match.Match) {
		for _, m := range ms {
			if m.Pattern == "dictionary" && m.DictionaryName == "user_inputs" {
				patterns["personal"] = true
			}
			patterns[m.Pattern] = true
			note(m.BaseMatches) // a repeat's matches: "steadysteady" repeats a known word
		}
	}
	note(seq)
	switch {
	case patterns["personal"]:
		return msgGuessPersonal
	case patterns["repeat"] || patterns["sequence"]:
		return msgGuessRepeat
	case patterns["spatial"]:
		return msgGuessKeyboard
	case patterns["date"] || patterns["regex"]:
		return msgGuessDate
	case patterns["dictionary"]:
		return msgGuessWords
	}
	return msgGuessShort
}

// l33tTable is zxcvbn's table of the symbols that stand for letters (v1.0.1's, in
// matching/omnimatch.go).
var l33tTable = map[rune]string{'a': "4@", 'b': "8", 'c': "({[<", 'e': "3", 'g': "69", 'i': "1!|",
	'l': "1|7", 'o': "0", 's': "$5", 't': "+7", 'x': "%", 'z': "2"}

// l33tReadings is how many ways of reading text's symbols as letters zxcvbn tries, each a pass
// of its dictionaries over the text: one for each choice of a symbol per letter.
func l33tReadings(text string) int {
	n := 1
	for _, symbols := range l33tTable {
		present := 0
		for _, r := range symbols {
			if strings.ContainsRune(text, r) {
				present++
			}
		}
		n *= max(1, present)
	}
	return n
}

// firstRunes is s cut to at most n characters.
func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
