package cadence_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/cadence"
)

func TestRuleCheck(t *testing.T) {
	t.Parallel()
	start := cadence.Date{Year: 2026, Month: time.March, Day: 8}
	end := ptr(start.AddDays(14))
	before := ptr(start.AddDays(-1))
	at := cadence.Clock{Hour: 8}
	mwf := []time.Weekday{time.Monday, time.Wednesday, time.Friday}

	cases := []struct {
		name string
		rule cadence.Rule
		want cadence.Problems // nil: valid
	}{
		{"once", cadence.Rule{Kind: cadence.Once, Start: start, End: end, At: at}, nil},
		{"once due on its start", cadence.Rule{Kind: cadence.Once, Start: start, End: ptr(start), At: at}, nil},
		{"daily open-ended", cadence.Rule{Kind: cadence.Daily, Start: start, At: at}, nil},
		{"daily one day", cadence.Rule{Kind: cadence.Daily, Start: start, End: ptr(start), At: at}, nil},
		{"weekly", cadence.Rule{Kind: cadence.Weekly, Start: start, Weekdays: mwf, At: at}, nil},
		{"programme", cadence.Rule{Kind: cadence.Programme, Start: start, Days: 5, At: at}, nil},
		{"programme of a year", cadence.Rule{Kind: cadence.Programme, Start: start, Days: 365, At: at}, nil},
		{"weekly, every 0 weeks is every week", cadence.Rule{Kind: cadence.Weekly, Start: start, Weekdays: mwf, Every: 0, At: at}, nil},
		{"weekly, every week", cadence.Rule{Kind: cadence.Weekly, Start: start, Weekdays: mwf, Every: 1, At: at}, nil},
		{"fortnightly", cadence.Rule{Kind: cadence.Weekly, Start: start, End: end, Weekdays: mwf, Every: 2, At: at}, nil},
		{"every 4 weeks", cadence.Rule{Kind: cadence.Weekly, Start: start, Weekdays: mwf, Every: 4, At: at}, nil},
		{"monthly open-ended", cadence.Rule{Kind: cadence.Monthly, Start: start, At: at}, nil},
		{"monthly to an end", cadence.Rule{Kind: cadence.Monthly, Start: start, End: end, At: at}, nil},
		{"monthly from the 31st", cadence.Rule{Kind: cadence.Monthly, Start: cadence.Date{Year: 2026, Month: 1, Day: 31}, At: at}, nil},
		{"monthly one day", cadence.Rule{Kind: cadence.Monthly, Start: start, End: ptr(start), At: at}, nil},
		{"midnight and last minute", cadence.Rule{Kind: cadence.Daily, Start: start, At: cadence.Clock{Hour: 23, Minute: 59}}, nil},

		{"nothing", cadence.Rule{}, cadence.Problems{"kind": "is required", "start": "is required"}},
		{"unknown kind", cadence.Rule{Kind: "hourly", Start: start, At: at},
			cadence.Problems{"kind": "must be once, daily, weekly, monthly or programme"}},
		{"once without a due date", cadence.Rule{Kind: cadence.Once, Start: start, At: at},
			cadence.Problems{"end": "is required: it is the due date of a one-off exercise"}},
		{"end before start", cadence.Rule{Kind: cadence.Daily, Start: start, End: before, At: at},
			cadence.Problems{"end": "must not be before start"}},
		{"once due before it opens", cadence.Rule{Kind: cadence.Once, Start: start, End: before, At: at},
			cadence.Problems{"end": "must not be before start"}},
		{"dates that are not real", cadence.Rule{Kind: cadence.Daily, Start: cadence.Date{Year: 2026, Month: 2, Day: 30},
			End: &cadence.Date{Year: 2026, Month: 13, Day: 1}, At: at},
			cadence.Problems{"start": "is not a real date", "end": "is not a real date"}},
		{"empty end", cadence.Rule{Kind: cadence.Daily, Start: start, End: &cadence.Date{}, At: at},
			cadence.Problems{"end": "is required"}},
		{"weekly without days", cadence.Rule{Kind: cadence.Weekly, Start: start, At: at},
			cadence.Problems{"weekdays": "choose at least one day"}},
		{"weekly repeating a day", cadence.Rule{Kind: cadence.Weekly, Start: start, At: at,
			Weekdays: []time.Weekday{time.Monday, time.Friday, time.Monday}},
			cadence.Problems{"weekdays": "repeat Monday"}},
		{"weekly with a day that is not one", cadence.Rule{Kind: cadence.Weekly, Start: start, At: at,
			Weekdays: []time.Weekday{7}},
			cadence.Problems{"weekdays": "must be days of the week, 0 (Sunday) to 6 (Saturday)"}},
		{"weekdays on a daily rule", cadence.Rule{Kind: cadence.Daily, Start: start, At: at, Weekdays: mwf},
			cadence.Problems{"weekdays": "only apply to a weekly exercise"}},
		{"programme of no days", cadence.Rule{Kind: cadence.Programme, Start: start, At: at},
			cadence.Problems{"days": "must be between 1 and 365"}},
		{"programme too long", cadence.Rule{Kind: cadence.Programme, Start: start, Days: 366, At: at},
			cadence.Problems{"days": "must be between 1 and 365"}},
		{"programme negative", cadence.Rule{Kind: cadence.Programme, Start: start, Days: -1, At: at},
			cadence.Problems{"days": "must be between 1 and 365"}},
		{"days on a weekly rule", cadence.Rule{Kind: cadence.Weekly, Start: start, At: at, Weekdays: mwf, Days: 3},
			cadence.Problems{"days": "only apply to a programme"}},
		{"every 5 weeks", cadence.Rule{Kind: cadence.Weekly, Start: start, At: at, Weekdays: mwf, Every: 5},
			cadence.Problems{"every": "must be 1 to 4 weeks"}},
		{"every -1 weeks", cadence.Rule{Kind: cadence.Weekly, Start: start, At: at, Weekdays: mwf, Every: -1},
			cadence.Problems{"every": "must be 1 to 4 weeks"}},
		{"every on a daily rule", cadence.Rule{Kind: cadence.Daily, Start: start, At: at, Every: 2},
			cadence.Problems{"every": "only applies to a weekly exercise"}},
		{"every 1 on a once rule", cadence.Rule{Kind: cadence.Once, Start: start, End: end, At: at, Every: 1},
			cadence.Problems{"every": "only applies to a weekly exercise"}},
		{"every on a programme", cadence.Rule{Kind: cadence.Programme, Start: start, Days: 5, At: at, Every: 2},
			cadence.Problems{"every": "only applies to a weekly exercise"}},
		{"every out of range on a monthly rule", cadence.Rule{Kind: cadence.Monthly, Start: start, At: at, Every: 9},
			cadence.Problems{"every": "only applies to a weekly exercise"}},
		{"monthly with weekdays, days and every", cadence.Rule{Kind: cadence.Monthly, Start: start, At: at,
			Weekdays: mwf, Every: 2, Days: 3},
			cadence.Problems{"weekdays": "only apply to a weekly exercise", "every": "only applies to a weekly exercise",
				"days": "only apply to a programme"}},
		{"monthly ending before it starts", cadence.Rule{Kind: cadence.Monthly, Start: start, End: before, At: at},
			cadence.Problems{"end": "must not be before start"}},
		{"monthly without a start", cadence.Rule{Kind: cadence.Monthly, At: at},
			cadence.Problems{"start": "is required"}},
		{"monthly from a day that is not real", cadence.Rule{Kind: cadence.Monthly, Start: cadence.Date{Year: 2026, Month: 2, Day: 31}, At: at},
			cadence.Problems{"start": "is not a real date"}},
		{"bad time", cadence.Rule{Kind: cadence.Daily, Start: start, At: cadence.Clock{Hour: 24}},
			cadence.Problems{"at": "must be a time between 00:00 and 23:59"}},
		{"bad minute", cadence.Rule{Kind: cadence.Daily, Start: start, At: cadence.Clock{Hour: 7, Minute: 60}},
			cadence.Problems{"at": "must be a time between 00:00 and 23:59"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.rule.Check()
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			var p cadence.Problems
			require.True(t, errors.As(err, &p), "Check returns Problems")
			require.Equal(t, tc.want, p)
		})
	}
}

func TestProblemsError(t *testing.T) {
	t.Parallel()
	err := cadence.Rule{Kind: cadence.Weekly, End: &cadence.Date{Year: 2026, Month: 1, Day: 1}, At: cadence.Clock{Hour: 30}}.Check()
	require.EqualError(t, err,
		"invalid cadence: at: must be a time between 00:00 and 23:59; start: is required; weekdays: choose at least one day")
	// Callers convert it to their own per-field map type.
	require.Len(t, map[string]string(err.(cadence.Problems)), 3)

	err = cadence.Rule{Kind: cadence.Weekly, Start: cadence.Date{Year: 2026, Month: 1, Day: 1},
		Weekdays: []time.Weekday{time.Monday}, Every: 6, At: cadence.Clock{Hour: 9}}.Check()
	require.EqualError(t, err, "invalid cadence: every: must be 1 to 4 weeks")
}
