package audit

import (
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/validate"
)

func filterOf(t *testing.T, query string) (Filter, error) {
	t.Helper()
	c := echo.New().NewContext(httptest.NewRequest("GET", "/api/audit?"+query, nil), httptest.NewRecorder())
	return parseFilter(c)
}

// The filter's days are the viewer's: from their local midnight to the local midnight after
// "to", however long the day (23 hours when the clocks go forward).
func TestFilterDaysAreLocalToTheViewersZone(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, query string
		from, to    string // RFC 3339, in UTC
	}{
		{"no zone: UTC days", "from=2026-03-29&to=2026-03-29", "2026-03-29T00:00:00Z", "2026-03-30T00:00:00Z"},
		{"London, the day the clocks go forward", "from=2026-03-29&to=2026-03-29&tz=Europe/London",
			"2026-03-29T00:00:00Z", "2026-03-29T23:00:00Z"},
		{"New York in winter", "from=2026-11-24&to=2026-11-25&tz=America/New_York",
			"2026-11-24T05:00:00Z", "2026-11-26T05:00:00Z"},
		{"Kiritimati, fourteen hours ahead", "from=2026-11-24&tz=Pacific/Kiritimati", "2026-11-23T10:00:00Z", ""},
		{"only the end", "to=2026-11-24&tz=Asia/Kolkata", "", "2026-11-24T18:30:00Z"},
	}
	for _, tc := range cases {
		f, err := filterOf(t, tc.query)
		require.NoError(t, err, tc.name)
		at := func(s string) time.Time {
			if s == "" {
				return time.Time{}
			}
			v, err := time.Parse(time.RFC3339, s)
			require.NoError(t, err)
			return v
		}
		require.True(t, at(tc.from).Equal(f.From), "%s: from %s", tc.name, f.From)
		require.True(t, at(tc.to).Equal(f.To), "%s: to %s", tc.name, f.To)
	}
}

func TestFilterRefusesWhatIsNotAZone(t *testing.T) {
	t.Parallel()
	for _, tz := range []string{"Mars/Olympus", "Local", "../../etc/passwd", " Europe/London", "/etc/localtime"} {
		_, err := filterOf(t, url.Values{"from": {"2026-11-24"}, "tz": {tz}}.Encode())
		var fields validate.Errors
		require.ErrorAs(t, err, &fields, tz)
		require.Contains(t, fields, "tz", tz)
	}
}
