package bench

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// cpuUse is CPU time spent so far: by this process (the Go side: River, the workers, the
// fake provider) and by the whole machine, which on the benchmark's machine is this process
// and PostgreSQL.
type cpuUse struct {
	self, machine time.Duration
}

// cpuNow reads both clocks; on a system without /proc the machine's reads as zero.
func cpuNow() cpuUse {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	u := cpuUse{self: time.Duration(ru.Utime.Nano() + ru.Stime.Nano())}
	raw, err := os.ReadFile("/proc/stat")
	if err != nil {
		return u
	}
	line, _, _ := strings.Cut(string(raw), "\n")
	fields := strings.Fields(line) // cpu user nice system idle iowait irq softirq steal guest guest_nice
	for i, f := range fields {
		// Work is user, nice, system, irq and softirq. Idle and iowait are not; steal is time
		// the hypervisor gave another machine, which comes and goes with the neighbours and
		// was most of the noise between rounds; guest time is counted in user already.
		if i == 0 || i == 4 || i == 5 || i >= 8 {
			continue
		}
		n, _ := strconv.ParseInt(f, 10, 64)
		u.machine += time.Duration(n) * time.Second / 100 // USER_HZ is 100 on Linux
	}
	return u
}

// since is the CPU time spent since u.
func (u cpuUse) since() cpuUse {
	n := cpuNow()
	return cpuUse{self: n.self - u.self, machine: n.machine - u.machine}
}
