package cadence_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/cadence"
)

func TestParseClock(t *testing.T) {
	t.Parallel()
	good := map[string]cadence.Clock{
		"00:00": {0, 0},
		"07:05": {7, 5},
		"08:00": {8, 0},
		"23:59": {23, 59},
		"12:30": {12, 30},
	}
	for s, want := range good {
		c, err := cadence.ParseClock(s)
		require.NoError(t, err, s)
		require.Equal(t, want, c, s)
		require.Equal(t, s, c.String())
	}
	for _, s := range []string{
		"", "24:00", "7:5", "7:05", "07:5", "07:60", "25:00", "99:99", "0800", "08-00",
		"08:00:00", " 08:00", "08:00 ", "-1:00", "+8:00", "ab:cd", "08:0x", "８:00",
	} {
		_, err := cadence.ParseClock(s)
		require.Error(t, err, "%q", s)
		require.Contains(t, err.Error(), "HH:MM", "%q", s)
	}
}

func TestClockJSON(t *testing.T) {
	t.Parallel()
	type body struct {
		At cadence.Clock `json:"at"`
	}
	b, err := json.Marshal(body{At: cadence.Clock{Hour: 7, Minute: 5}})
	require.NoError(t, err)
	require.JSONEq(t, `{"at":"07:05"}`, string(b))
	var out body
	require.NoError(t, json.Unmarshal(b, &out))
	require.Equal(t, cadence.Clock{Hour: 7, Minute: 5}, out.At)
	require.Error(t, json.Unmarshal([]byte(`{"at":"24:00"}`), &out))
	_, err = json.Marshal(cadence.Clock{Hour: 24})
	require.Error(t, err)
}
