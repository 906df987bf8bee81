package validate

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestName(t *testing.T) {
	t.Parallel()
	ok := []string{"Ada", "Zoë O’Neil-Smith", "O'Brien & Sons (North)", "Clinic 24/7", "José María", "李小龍"}
	bad := map[string]string{
		"":                         "is required",
		"   ":                      "is required",
		" Ada":                     "must not start or end with spaces",
		"<b>Ada</b>":               "may contain",
		"x'); DROP TABLE users;--": "may contain",
		"Ada\u0000":                "may contain",
		strings.Repeat("a", 121):   "at most 120",
	}
	for _, s := range ok {
		e := Errors{}
		e.Name("name", s, 120)
		require.NoError(t, e.Err(), s)
	}
	for s, want := range bad {
		e := Errors{}
		e.Name("name", s, 120)
		require.Contains(t, e["name"], want, "%q", s)
	}
}

func TestEmail(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"a@example.com", "first.last+tag@sub.example.org"} {
		e := Errors{}
		e.Email("email", s)
		require.NoError(t, e.Err(), s)
	}
	for _, s := range []string{"", "plain", "a@b", "Ada <a@example.com>", "a@example.com, b@example.com", strings.Repeat("a", 250) + "@x.io"} {
		e := Errors{}
		e.Email("email", s)
		require.Error(t, e.Err(), s)
	}
}

func TestFirstMessageWinsAndErrorIsStable(t *testing.T) {
	t.Parallel()
	e := Errors{}
	e.Length("password", "", 12, 200)
	e.Length("password", "x", 12, 200)
	e.Add("email", "is required")
	require.Equal(t, "is required", e["password"])
	require.Equal(t, "invalid input: email: is required; password: is required", e.Error())
}

func TestTimeZone(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"UTC", "Europe/London", "America/Argentina/Buenos_Aires"} {
		e := Errors{}
		e.TimeZone("time_zone", s)
		require.NoError(t, e.Err(), s)
	}
	bad := map[string]string{
		"":                 "is required",
		"Local":            "like Europe/London",
		" Europe/London":   "like Europe/London",
		"Nowhere/Land":     "not a time zone we know",
		"../../etc/passwd": "not a time zone we know",
		"Europe/London\n":  "like Europe/London",
	}
	for s, want := range bad {
		e := Errors{}
		e.TimeZone("time_zone", s)
		require.Contains(t, e["time_zone"], want, "%q", s)
	}
}
