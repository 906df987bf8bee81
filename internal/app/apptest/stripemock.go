package apptest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// StartStripeMock runs stripe-mock (the module's Go tool: Stripe's API answered from its
// OpenAPI document, with no network) on a free local port and returns its URL and a stop
// function. It waits until the port answers; the first run also compiles the tool.
func StartStripeMock() (url string, stop func(), err error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command("go", "tool", "stripe-mock", "-http-addr", addr, "-https-addr", "127.0.0.1:")
	// Its request log stays out of the tests' output; its own process group lets stop end the
	// server `go tool` starts as well as `go` itself.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop = func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); _ = cmd.Wait() }
	deadline := time.Now().Add(3 * time.Minute) // compiling the tool on a cold cache takes a while
	for {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			return "http://" + addr, stop, nil
		}
		if time.Now().After(deadline) {
			stop()
			return "", nil, fmt.Errorf("stripe-mock did not answer on %s", addr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// RunWithStripeMock is a TestMain for a package whose tests reach Stripe: it starts stripe-mock
// once, sets *url to its address, runs the tests and stops it.
func RunWithStripeMock(m *testing.M, url *string) int {
	u, stop, err := StartStripeMock()
	if err != nil {
		fmt.Fprintln(os.Stderr, "stripe-mock:", err)
		return 1
	}
	defer stop()
	*url = u
	return m.Run()
}
