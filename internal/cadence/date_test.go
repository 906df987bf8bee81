package cadence_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/cadence"
)

func TestParseDate(t *testing.T) {
	t.Parallel()
	d, err := cadence.ParseDate("2026-03-08")
	require.NoError(t, err)
	require.Equal(t, cadence.Date{Year: 2026, Month: time.March, Day: 8}, d)
	require.Equal(t, "2026-03-08", d.String())

	leap, err := cadence.ParseDate("2028-02-29")
	require.NoError(t, err)
	require.Equal(t, "2028-02-29", leap.String())

	for _, s := range []string{
		"", "2026-3-8", "2026-03-8", "26-03-08", "2026/03/08", "2026-13-01", "2026-00-10",
		"2026-02-29", "2026-04-31", "2026-03-00", " 2026-03-08", "2026-03-08 ", "2026-03-08T00:00:00Z",
		"08-03-2026", "2026-03-08x", "twenty",
	} {
		_, err := cadence.ParseDate(s)
		require.Error(t, err, "%q", s)
		require.Contains(t, err.Error(), "YYYY-MM-DD", "%q", s)
	}
}

func TestDateArithmetic(t *testing.T) {
	t.Parallel()
	cases := []struct {
		from string
		n    int
		want string
	}{
		{"2026-03-08", 1, "2026-03-09"},
		{"2026-03-08", 0, "2026-03-08"},
		{"2026-03-31", 1, "2026-04-01"},
		{"2026-12-31", 1, "2027-01-01"},
		{"2026-01-01", -1, "2025-12-31"},
		{"2028-02-28", 1, "2028-02-29"},
		{"2026-02-28", 1, "2026-03-01"},
		{"2026-01-01", 365, "2027-01-01"},
		{"2026-03-01", -29, "2026-01-31"},
	}
	for _, tc := range cases {
		require.Equal(t, tc.want, mustDate(t, tc.from).AddDays(tc.n).String(), "%s%+d", tc.from, tc.n)
	}

	require.Equal(t, time.Sunday, mustDate(t, "2026-03-08").Weekday())
	require.Equal(t, time.Wednesday, mustDate(t, "2026-01-14").Weekday())

	a, b := mustDate(t, "2026-03-08"), mustDate(t, "2026-03-09")
	require.True(t, a.Before(b))
	require.False(t, b.Before(a))
	require.False(t, a.Before(a))
	require.True(t, b.After(a))
	require.False(t, a.After(b))
	require.False(t, a.After(a))
	require.True(t, mustDate(t, "2025-12-31").Before(mustDate(t, "2026-01-01")))
	require.True(t, mustDate(t, "2026-01-31").Before(mustDate(t, "2026-02-01")))
	require.True(t, cadence.Date{}.IsZero())
	require.False(t, a.IsZero())
}

func TestDateOf(t *testing.T) {
	t.Parallel()
	instant := utc(t, "2026-03-08T03:30:00Z")
	require.Equal(t, "2026-03-07", cadence.DateOf(instant, mustLoc(t, "America/New_York")).String())
	require.Equal(t, "2026-03-08", cadence.DateOf(instant, time.UTC).String())
	require.Equal(t, "2026-03-08", cadence.DateOf(instant, mustLoc(t, "Australia/Sydney")).String())
	require.Equal(t, "2026-03-08", cadence.DateOf(instant, mustLoc(t, "Asia/Kolkata")).String())
}

func TestDateJSON(t *testing.T) {
	t.Parallel()
	type body struct {
		Start cadence.Date  `json:"start"`
		End   *cadence.Date `json:"end"`
	}
	in := body{Start: mustDate(t, "2026-03-08"), End: ptr(mustDate(t, "2026-12-31"))}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	require.JSONEq(t, `{"start":"2026-03-08","end":"2026-12-31"}`, string(b))
	var out body
	require.NoError(t, json.Unmarshal(b, &out))
	require.Equal(t, in, out)

	// Optional dates are null; an empty field gives the zero Date (Rule.Check names it).
	out = body{}
	require.NoError(t, json.Unmarshal([]byte(`{"start":"","end":null}`), &out))
	require.True(t, out.Start.IsZero())
	require.Nil(t, out.End)
	b, err = json.Marshal(body{})
	require.NoError(t, err)
	require.JSONEq(t, `{"start":"","end":null}`, string(b))

	// As a map key it is text.
	b, err = json.Marshal(map[cadence.Date]int{mustDate(t, "2026-03-08"): 1})
	require.NoError(t, err)
	require.JSONEq(t, `{"2026-03-08":1}`, string(b))

	for _, s := range []string{`{"start":"2026-02-30"}`, `{"start":20260308}`, `{"start":"8 March"}`, `{"end":"2026-3-8"}`} {
		require.Error(t, json.Unmarshal([]byte(s), &out), s)
	}
	_, err = json.Marshal(cadence.Date{Year: 2026, Month: time.February, Day: 30})
	require.Error(t, err, "a date that is not real is not written")
}

// A date is written as it always was (delivery ids are derived from it, so a change would
// give a message a new id): the same text as %04d-%02d-%02d, from year 0 to 9999.
func TestDateTextIsUnchanged(t *testing.T) {
	for _, d := range []cadence.Date{{Year: 0, Month: 1, Day: 1}, {Year: 7, Month: 9, Day: 9}, {Year: 2026, Month: 12, Day: 31},
		{Year: 9999, Month: 12, Day: 31}, {Year: 1999, Month: 10, Day: 10}} {
		want := fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
		require.Equal(t, want, d.String())
		require.Equal(t, "x"+want, string(d.Append([]byte("x"))))
	}
	require.Equal(t, "-001-01-01", cadence.Date{Year: -1, Month: 1, Day: 1}.String(), "out of range: as fmt writes it")
}
