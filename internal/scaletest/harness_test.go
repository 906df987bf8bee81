//go:build linux

package scaletest

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
)

// Where scripts/test-scale.sh puts HAProxy and the serve replicas (its haproxy.cfg names the
// same ports).
const (
	balancer = "http://127.0.0.1:18180"
	stats    = "http://127.0.0.1:18189/stats;csv"
)

var servePorts = map[string]int{"s1": 18181, "s2": 18182}

// harness starts the binary's processes against the test's database, sending mail to sink.
type harness struct {
	t    *testing.T
	bin  string
	dir  string // process logs
	a    *apptest.App
	sink *apptest.KeyedSink
	env  []string // for every process, after the crash tests' worker environment
	all  []*proc
}

// newHarness is a harness whose processes are all stopped when the test ends.
func newHarness(t *testing.T, bin, dir string, a *apptest.App, sink *apptest.KeyedSink, env ...string) *harness {
	h := &harness{t: t, bin: bin, dir: dir, a: a, sink: sink, env: env}
	t.Cleanup(h.stopAll)
	return h
}

// stopAll sends every running process SIGTERM at once (serve replicas drain for a while) and
// waits for them, killing any still running after 20s.
func (h *harness) stopAll() {
	for _, p := range h.all {
		if p.running() {
			_ = p.cmd.Process.Signal(syscall.SIGTERM)
		}
	}
	for _, p := range h.all {
		p.stop(20 * time.Second)
	}
}

// proc is one running `steady` process.
type proc struct {
	name   string
	cmd    *exec.Cmd
	log    string
	exited chan struct{}
	err    error // how it ended, once exited is closed
}

// start runs `steady <cmd>` with the worker environment of the crash tests (the database
// through PgBouncer, SMTP to the sink, a 5s rescue) plus env.
func (h *harness) start(name, cmd string, env ...string) *proc {
	log := filepath.Join(h.dir, name+".log")
	f, err := os.OpenFile(log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	require.NoError(h.t, err)
	c := exec.Command(h.bin, cmd)
	c.Env = append(append(h.a.WorkerEnv(h.sink), h.env...), env...)
	c.Stdout, c.Stderr = f, f
	// Should this test process die, its children die with it rather than hold the ports.
	c.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	require.NoError(h.t, c.Start())
	p := &proc{name: name, cmd: c, log: log, exited: make(chan struct{})}
	go func() {
		p.err = c.Wait()
		f.Close()
		close(p.exited)
	}()
	h.all = append(h.all, p)
	return p
}

// serve starts serve replica name (s1, s2) on its port, draining for drain on SIGTERM.
func (h *harness) serve(name string, drain time.Duration) *proc {
	port := servePorts[name]
	p := h.start("serve-"+name, "serve", fmt.Sprintf("STEADY_ADDR=127.0.0.1:%d", port),
		"STEADY_PUBLIC_URL="+balancer, "STEADY_DRAIN_DELAY="+drain.String(), "STEADY_SHUTDOWN_GRACE=10s")
	waitFor(h.t, p.name+" ready", 60*time.Second, func() bool {
		res, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/readyz", port))
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	})
	return p
}

func (p *proc) running() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// stop sends SIGTERM (again, if it was sent already) and waits for the process, killing it
// after wait.
func (p *proc) stop(wait time.Duration) {
	if !p.running() {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(wait):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

// logged reports whether the process's log has a line with every one of parts.
func (p *proc) logged(parts ...string) bool {
	f, err := os.Open(p.log)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line, all := sc.Text(), true
		for _, s := range parts {
			all = all && strings.Contains(line, s)
		}
		if all {
			return true
		}
	}
	return false
}

// waitFor polls cond every 20ms until it holds, failing the test after limit.
func waitFor(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	waitEvery(t, what, limit, 20*time.Millisecond, cond)
}

// waitEvery is waitFor polling every interval (a database query, say, needs no 20ms).
func waitEvery(t *testing.T, what string, limit, interval time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", limit, what)
		}
		time.Sleep(interval)
	}
}

// linesAfter counts the log lines holding part that come after the first line holding mark.
func (p *proc) linesAfter(mark, part string) int {
	f, err := os.Open(p.log)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	seen, n := false, 0
	for sc.Scan() {
		line := sc.Text()
		if seen && strings.Contains(line, part) {
			n++
		}
		seen = seen || strings.Contains(line, mark)
	}
	return n
}

// browser is a client of the balancer with a cookie jar that sends the CSRF token like the web
// app (and apptest.Browser) does. Its methods do not fail the test: the load counts failures.
type browser struct {
	client *http.Client
	csrf   string
}

func newBrowser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{client: &http.Client{Jar: jar, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// takeCSRF keeps the token of an answer of GET /api/auth/csrf.
func (b *browser) takeCSRF(t *testing.T, ans answer) {
	var out struct {
		Token string `json:"csrf_token"`
	}
	require.NoError(t, json.Unmarshal(ans.body, &out))
	require.NotEmpty(t, out.Token)
	b.csrf = out.Token
}

// answer is what came back, and from which serve replica (HAProxy's X-Steady-Server).
type answer struct {
	status int
	server string
	body   []byte
	err    error
}

// do sends body (JSON, may be empty) to the balancer with the request id given (the replica
// logs it with its access log line).
func (b *browser) do(method, path, body, requestID string) answer {
	req, err := http.NewRequest(method, balancer+path, strings.NewReader(body))
	if err != nil {
		return answer{err: err}
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if method != "GET" {
		req.Header.Set("X-CSRF-Token", b.csrf)
	}
	if requestID != "" {
		req.Header.Set("X-Request-Id", requestID)
	}
	res, err := b.client.Do(req)
	if err != nil {
		return answer{err: err}
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	for _, ck := range res.Cookies() {
		if ck.Name == "steady_csrf" { // renewed at log-in, as the web app fetches it
			b.csrf = ck.Value
		}
	}
	return answer{status: res.StatusCode, server: res.Header.Get("X-Steady-Server"), body: raw, err: err}
}

// backend reads HAProxy's statistics for the serve backend: each server's row, and the
// backend's own under "BACKEND", by column name (status, wretr, wredis, ...).
func backend(t *testing.T) map[string]map[string]string {
	res, err := http.Get(stats)
	require.NoError(t, err)
	defer res.Body.Close()
	rows, err := csv.NewReader(res.Body).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, rows)
	header := rows[0]
	header[0] = strings.TrimPrefix(header[0], "# ")
	out := map[string]map[string]string{}
	for _, r := range rows[1:] {
		if len(r) < len(header) || r[0] != "serve" {
			continue
		}
		m := map[string]string{}
		for i, h := range header {
			m[h] = r[i]
		}
		out[r[1]] = m
	}
	return out
}

// statusOf is HAProxy's view of a server: UP, DOWN, "UP 1/2" (going down), ...
func statusOf(t *testing.T, server string) string { return backend(t)[server]["status"] }

// connectionsTo counts the process's TCP connections to 127.0.0.1:port (the sink's), from
// /proc: the storm's sender holds one per message in flight, an idle worker none.
func connectionsTo(pid, port int) int {
	mine := map[string]bool{}
	fds, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	for _, fd := range fds {
		if link, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name())); err == nil &&
			strings.HasPrefix(link, "socket:[") {
			mine[strings.TrimSuffix(strings.TrimPrefix(link, "socket:["), "]")] = true
		}
	}
	raw, err := os.ReadFile("/proc/net/tcp")
	if err != nil {
		return 0
	}
	want := fmt.Sprintf("0100007F:%04X", port) // 127.0.0.1 as /proc/net/tcp writes it
	n := 0
	for _, line := range strings.Split(string(raw), "\n")[1:] {
		f := strings.Fields(line)
		// sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
		if len(f) > 9 && f[2] == want && mine[f[9]] {
			n++
		}
	}
	return n
}
