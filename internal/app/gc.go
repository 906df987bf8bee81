package app

import (
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// The garbage collector's settings for a long-running process (decision 0014). Go's default
// collects whenever the heap has doubled since the last collection; a worker in a reminder
// storm keeps a live heap of 10–30 MB and allocates through it several times a second, so it
// collected six times a second and spent a fifth of its CPU doing so. A heap target of five
// times the live heap (GOGC=400) collects a quarter as often. The soft memory limit keeps that
// from costing the process its container: near the limit the collector runs as often as it
// must, whatever GOGC says.
const (
	gcPercent = 400
	// memoryShare is the part of the container's memory the heap may grow to before the
	// collector works harder; the rest is the stacks, the runtime and the C libraries.
	memoryShare = 0.8
	// cgroupMemoryMax is cgroup v2's memory limit of this process's container: a number of
	// bytes, or "max" for none.
	cgroupMemoryMax = "/sys/fs/cgroup/memory.max"
)

// TuneGC applies gcSettings to this process: an operator's GOGC and GOMEMLIMIT win, as the
// runtime has already read them.
func TuneGC() {
	limitFile, _ := os.ReadFile(cgroupMemoryMax) // none outside a container: no limit
	percent, limit := gcSettings(os.Getenv, string(limitFile))
	if percent > 0 {
		debug.SetGCPercent(percent)
	}
	if limit > 0 {
		debug.SetMemoryLimit(limit)
	}
}

// gcSettings is what TuneGC sets: GOGC 400 unless GOGC is set, and a soft limit of
// memoryShare of the container's memory (memoryMax, cgroup v2's memory.max) unless GOMEMLIMIT
// is set or there is no limit. Zero leaves a setting as the runtime has it.
func gcSettings(env func(string) string, memoryMax string) (percent int, limit int64) {
	if env("GOGC") == "" {
		percent = gcPercent
	}
	if env("GOMEMLIMIT") == "" {
		if n, err := strconv.ParseInt(strings.TrimSpace(memoryMax), 10, 64); err == nil && n > 0 {
			limit = int64(float64(n) * memoryShare)
		}
	}
	return percent, limit
}
