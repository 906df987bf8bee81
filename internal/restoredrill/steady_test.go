package restoredrill

import (
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// runEnv, set in a child's environment, makes this test binary run as `steady <its value>`.
const runEnv = "STEADY_RESTOREDRILL_RUN"

// secretKey is the drill's STEADY_SECRET_KEY (32 bytes): it sealed the two-factor secret and
// derived the reminder tokens in the source, and the copy's binaries get it again from here,
// never from the database, as in production.
const secretKey = "restore-drill-key-32-bytes-long!"

func secretKeyBase64() string { return base64.StdEncoding.EncodeToString([]byte(secretKey)) }

// steadyEnv is a child's environment: the database, the secret key, the dev mailbox, and
// none of Steady's settings from the developer's own environment.
func steadyEnv(command, appURL, ownerURL string, extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "STEADY_") && !strings.HasPrefix(kv, "SMTP_") && !strings.HasPrefix(kv, "TWILIO_") &&
			!strings.HasPrefix(kv, "DATABASE_URL=") && !strings.HasPrefix(kv, "MIGRATION_DATABASE_URL=") {
			env = append(env, kv)
		}
	}
	env = append(env, runEnv+"="+command, "STEADY_ENV=development", "DATABASE_URL="+appURL,
		"MIGRATION_DATABASE_URL="+ownerURL, "STEADY_SECRET_KEY="+secretKeyBase64(), "STEADY_LOG_FORMAT=json",
		"STEADY_SHUTDOWN_GRACE=5s")
	return append(env, extra...)
}

// selfPath is this test binary, which runs as `steady` in a child (see TestMain).
func selfPath(t *testing.T) string {
	p, err := os.Executable()
	require.NoError(t, err)
	return p
}

// exitStderr is what a failed child wrote to stderr, for the failure message.
func exitStderr(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return string(ee.Stderr)
	}
	return ""
}

// started is a running `steady serve` or `steady worker`.
type started struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when it exits
	log  string
}

// startSteady runs `steady <command>` until the test ends: then SIGTERM, as a deployment
// stops it. Its log is shown if the test failed.
func startSteady(t *testing.T, command string, env []string) *started {
	log := filepath.Join(t.TempDir(), command+".log")
	f, err := os.Create(log)
	require.NoError(t, err)
	cmd := exec.Command(selfPath(t), "-test.run=^$")
	cmd.Env, cmd.Stdout, cmd.Stderr = env, f, f
	require.NoError(t, cmd.Start())
	s := &started{cmd: cmd, done: make(chan struct{}), log: log}
	go func() { _ = cmd.Wait(); f.Close(); close(s.done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-s.done
		}
		if t.Failed() {
			out, _ := os.ReadFile(log)
			t.Logf("steady %s's log:\n%s", command, out)
		}
	})
	return s
}

// freeAddr is a local address nothing listens on.
func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().String()
}

// waitReady polls /readyz until the server answers 200, failing if it exits first.
func waitReady(t *testing.T, s *started, base string) {
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-s.done:
			t.Fatalf("steady serve exited before it was ready")
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("steady serve was not ready within 30s")
		}
	}
}
