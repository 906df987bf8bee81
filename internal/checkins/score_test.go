package checkins

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// answersFor answers the first items with the given choice keys and the rest "not at all".
func answersFor(in *Instrument, keys ...string) map[string]any {
	out := map[string]any{}
	for i, it := range in.Items {
		out[it.Key] = in.Choices[0].Key
		if i < len(keys) {
			out[it.Key] = keys[i]
		}
	}
	return out
}

// withTotal spreads total points over the items, highest choices first, by hand's rule:
// fill item 1 to the top, then item 2, and so on. The risk item is left at zero unless the
// total needs it.
func withTotal(t *testing.T, in *Instrument, total int) map[string]any {
	t.Helper()
	top := in.Choices[len(in.Choices)-1]
	out := map[string]any{}
	left := total
	for _, it := range in.Items {
		v := min(left, top.Value)
		out[it.Key] = in.Choices[v].Key
		left -= v
	}
	require.Zero(t, left, "total %d is above the maximum", total)
	return out
}

func TestBandEdges(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in    *Instrument
		total int
		band  string
	}{
		{&PHQ9, 0, "minimal"}, {&PHQ9, 4, "minimal"}, {&PHQ9, 5, "mild"}, {&PHQ9, 9, "mild"},
		{&PHQ9, 10, "moderate"}, {&PHQ9, 14, "moderate"}, {&PHQ9, 15, "moderately severe"},
		{&PHQ9, 19, "moderately severe"}, {&PHQ9, 20, "severe"}, {&PHQ9, 27, "severe"},
		{&GAD7, 0, "minimal"}, {&GAD7, 4, "minimal"}, {&GAD7, 5, "mild"}, {&GAD7, 9, "mild"},
		{&GAD7, 10, "moderate"}, {&GAD7, 14, "moderate"}, {&GAD7, 15, "severe"}, {&GAD7, 21, "severe"},
		{&PCL5, 0, "below the threshold for probable PTSD"}, {&PCL5, 32, "below the threshold for probable PTSD"},
		{&PCL5, 33, "probable PTSD"}, {&PCL5, 80, "probable PTSD"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s=%d", c.in.Key, c.total), func(t *testing.T) {
			r, err := c.in.Score(withTotal(t, c.in, c.total))
			require.NoError(t, err)
			require.Equal(t, c.total, r.Total)
			require.Equal(t, c.band, r.Band)
		})
	}
}

func TestRangesAndBandsCoverEveryScore(t *testing.T) {
	t.Parallel()
	require.Equal(t, 27, PHQ9.Max())
	require.Equal(t, 21, GAD7.Max())
	require.Equal(t, 80, PCL5.Max())
	require.Equal(t, 40, CheckIn.Max())
	for _, in := range []*Instrument{&PHQ9, &GAD7, &PCL5} {
		for total := in.Min(); total <= in.Max(); total++ {
			require.NotEmpty(t, in.BandOf(total), "%s %d", in.Key, total)
		}
		require.Empty(t, in.BandOf(in.Max()+1))
		require.NotEmpty(t, in.Licence)
	}
}

func TestHandScoredAnswers(t *testing.T) {
	t.Parallel()
	// PHQ-9: 3+2+1+0+3+2+1+0+0 = 12, moderate, no risk.
	r, err := PHQ9.Score(answersFor(&PHQ9, "nearly_every_day", "more_than_half", "several_days", "not_at_all",
		"nearly_every_day", "more_than_half", "several_days", "not_at_all", "not_at_all"))
	require.NoError(t, err)
	require.Equal(t, 12, r.Total)
	require.Equal(t, "moderate", r.Band)
	require.Empty(t, r.Risks)

	// Item 9 at "several days" alone: total 1, minimal, and still an alert.
	r, err = PHQ9.Score(answersFor(&PHQ9, "not_at_all", "not_at_all", "not_at_all", "not_at_all", "not_at_all",
		"not_at_all", "not_at_all", "not_at_all", "several_days"))
	require.NoError(t, err)
	require.Equal(t, 1, r.Total)
	require.Equal(t, "minimal", r.Band)
	require.Len(t, r.Risks, 1)
	require.Equal(t, "q9", r.Risks[0].Item)

	// GAD-7: 1+1+2+2+3+0+1 = 10, moderate.
	r, err = GAD7.Score(answersFor(&GAD7, "several_days", "several_days", "more_than_half", "more_than_half",
		"nearly_every_day", "not_at_all", "several_days"))
	require.NoError(t, err)
	require.Equal(t, 10, r.Total)
	require.Equal(t, "moderate", r.Band)

	// PCL-5: 4 × "quite a bit" (3) + 16 × "a little bit" (1) = 28.
	keys := make([]string, 20)
	for i := range keys {
		keys[i] = "a_little_bit"
		if i < 4 {
			keys[i] = "quite_a_bit"
		}
	}
	r, err = PCL5.Score(answersFor(&PCL5, keys...))
	require.NoError(t, err)
	require.Equal(t, 28, r.Total)
	require.Equal(t, "below the threshold for probable PTSD", r.Band)

	// Our check-in: numbers read back from JSON are float64. 2 for safety is an alert.
	r, err = CheckIn.Score(map[string]any{"safe": 2.0, "matched": 5.0, "honest": 7.0, "trust": 3, "note": "hard week"})
	require.NoError(t, err)
	require.Equal(t, 17, r.Total)
	require.Len(t, r.Risks, 1)
	r, err = CheckIn.Score(map[string]any{"safe": 3.0, "matched": 5.0, "honest": 7.0, "trust": 3.0})
	require.NoError(t, err)
	require.Empty(t, r.Risks, "3 of 10 is not an alert")
}

func TestScoreRefusesPartialOrStrangeAnswers(t *testing.T) {
	t.Parallel()
	a := answersFor(&PHQ9)
	delete(a, "q4")
	_, err := PHQ9.Score(a)
	require.ErrorContains(t, err, "q4")
	_, err = GAD7.Score(answersFor(&GAD7, "always"))
	require.ErrorContains(t, err, "q1")
	_, err = CheckIn.Score(map[string]any{"safe": 11.0, "matched": 5.0, "honest": 7.0, "trust": 3.0})
	require.ErrorContains(t, err, "safe")
	_, err = CheckIn.Score(map[string]any{"safe": 2.5, "matched": 5.0, "honest": 7.0, "trust": 3.0})
	require.ErrorContains(t, err, "safe")
}

// The Jacobson–Truax thresholds come to the change criteria services use.
func TestReliableChange(t *testing.T) {
	t.Parallel()
	require.InDelta(t, 6, PHQ9.ReliableChange(), 0.05)
	require.InDelta(t, 4, GAD7.ReliableChange(), 0.05)
	require.InDelta(t, 10, PCL5.ReliableChange(), 0.05)
	cases := []struct {
		in            *Instrument
		first, latest int
		want          Change
	}{
		{&PHQ9, 18, 12, Improved}, {&PHQ9, 18, 13, NoChange}, {&PHQ9, 8, 14, Worsened}, {&PHQ9, 8, 13, NoChange},
		{&GAD7, 12, 8, Improved}, {&GAD7, 12, 9, NoChange}, {&GAD7, 5, 9, Worsened},
		{&PCL5, 45, 35, Improved}, {&PCL5, 45, 36, NoChange}, {&PCL5, 20, 30, Worsened},
		{&CheckIn, 10, 22, Improved}, {&CheckIn, 30, 15, Worsened}, {&CheckIn, 20, 25, NoChange},
	}
	for _, c := range cases {
		require.Equal(t, c.want, c.in.Compare(c.first, c.latest), "%s %d → %d", c.in.Key, c.first, c.latest)
	}
}
