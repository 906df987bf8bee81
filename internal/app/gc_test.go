package app

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The collector gets a larger heap target, and a soft limit inside a container's memory, only
// where the operator has not set them.
func TestCollectorSettingsGiveWayToTheOperators(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	// 858993459 is 80% of 1 GiB (1073741824 bytes), rounded down.
	cases := []struct {
		name      string
		vars      map[string]string
		memoryMax string
		percent   int
		limit     int64
	}{
		{"outside a container", nil, "", gcPercent, 0},
		{"a container without a limit", nil, "max\n", gcPercent, 0},
		{"a container of 1 GiB", nil, "1073741824\n", gcPercent, 858993459},
		{"the operator's GOGC", map[string]string{"GOGC": "100"}, "1073741824\n", 0, 858993459},
		{"the operator's GOMEMLIMIT", map[string]string{"GOMEMLIMIT": "512MiB"}, "1073741824\n", gcPercent, 0},
		{"both the operator's", map[string]string{"GOGC": "off", "GOMEMLIMIT": "512MiB"}, "1073741824\n", 0, 0},
		{"a limit that is not a number", nil, "lots\n", gcPercent, 0},
	}
	for _, c := range cases {
		percent, limit := gcSettings(env(c.vars), c.memoryMax)
		require.Equal(t, c.percent, percent, c.name)
		require.Equal(t, c.limit, limit, c.name)
	}
}
