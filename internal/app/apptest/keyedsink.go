package apptest

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/steadyhq/steady/internal/app"
	"github.com/stretchr/testify/require"
)

// KeyedSink is a slow SMTP provider that honours the idempotency key each message carries
// (its Message-ID): a second message with a key already seen is counted, not delivered. Like a
// real provider it takes only so many messages at once, so a batch takes a while to go out
// however many workers send it. The crash tests kill a worker while it sends to one.
type KeyedSink struct {
	Port      int
	mu        sync.Mutex
	delivered map[string]int // key → times received
	slots     chan struct{}
	delay     time.Duration
}

var messageID = regexp.MustCompile(`(?mi)^Message-ID: <([^>]+)>`)

// NewKeyedSink listens until the test ends; each message takes delay.
func NewKeyedSink(t *testing.T, delay time.Duration) *KeyedSink {
	k := &KeyedSink{delivered: map[string]int{}, slots: make(chan struct{}, 8), delay: delay}
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &keyedSession{k}, nil }))
	s.Domain, s.AllowInsecureAuth = "localhost", true
	k.Port = NewSMTPListener(t, s)
	return k
}

// Counts are the keys delivered and the messages received (a repeat counts in received only).
func (k *KeyedSink) Counts() (unique, received int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, n := range k.delivered {
		unique++
		received += n
	}
	return unique, received
}

type keyedSession struct{ k *KeyedSink }

func (s *keyedSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *keyedSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *keyedSession) Reset()                               {}
func (s *keyedSession) Logout() error                        { return nil }

func (s *keyedSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.k.slots <- struct{}{}
	time.Sleep(s.k.delay) // a provider that takes its time, so a kill lands mid-batch
	<-s.k.slots
	m := messageID.FindStringSubmatch(string(b))
	if m == nil {
		return fmt.Errorf("no Message-ID")
	}
	s.k.mu.Lock()
	s.k.delivered[m[1]]++
	s.k.mu.Unlock()
	return nil
}

// WorkerEnv is what a test binary needs to run as `steady worker` (see RunAsWorker) against
// a's database, sending through the sink.
func (a *App) WorkerEnv(sink *KeyedSink) []string {
	return append(os.Environ(), "STEADY_TEST_WORKER=1", "STEADY_ENV=development",
		"DATABASE_URL="+a.Env.AppURL, "MIGRATION_DATABASE_URL="+a.Env.OwnerURL,
		"SMTP_HOST=127.0.0.1", "SMTP_PORT="+strconv.Itoa(sink.Port), "SMTP_TLS=none", "SMTP_FROM=steady@example.com",
		"STEADY_PUBLIC_URL=http://steady.test", "STEADY_JOB_RESCUE_AFTER=5s", "STEADY_LOG_FORMAT=json",
		"STEADY_DB_POOLER="+a.Env.Pooler)
}

// StartWorker starts this test binary as `steady worker` (its TestMain must call
// RunAsWorker first) with the environment given.
func StartWorker(t *testing.T, env []string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = env
	// The worker's log goes to a file, shown when the test fails: a worker that cannot work
	// says why there rather than in a timeout.
	log, err := os.CreateTemp(t.TempDir(), "worker-*.log")
	require.NoError(t, err)
	cmd.Stdout, cmd.Stderr = io.Discard, log
	t.Cleanup(func() {
		if t.Failed() {
			raw, _ := os.ReadFile(log.Name())
			t.Logf("steady worker's log (last 4 kB):\n%s", raw[max(0, len(raw)-4096):])
		}
		_ = log.Close()
	})
	require.NoError(t, cmd.Start())
	// A test that fails before it stops the worker leaves no process behind: one left working
	// would hold connections and keep another test's database from being dropped.
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	return cmd
}

// MainOrWorker is a TestMain for a package with a crash test: with STEADY_TEST_WORKER set (by
// StartWorker) the test binary runs as `steady worker`, configured from the environment like
// the real binary, instead of the tests.
func MainOrWorker(m *testing.M) int {
	if os.Getenv("STEADY_TEST_WORKER") == "1" {
		return app.Main([]string{"worker"}, os.Stdout, os.Stderr)
	}
	return m.Run()
}

// KillMidway runs `steady worker` (this test binary, see MainOrWorker) against a's database
// sending through sink, kills it with SIGKILL once a quarter of the n messages expected are
// delivered, and starts it again (stopped when the test ends). It returns how many had been
// delivered at the kill, which it checks was mid-way.
func KillMidway(t *testing.T, a *App, sink *KeyedSink, n int) (atKill int) {
	worker := StartWorker(t, a.WorkerEnv(sink))
	WaitFor(t, "the first deliveries", func() bool { u, _ := sink.Counts(); return u >= n/4 })
	require.NoError(t, worker.Process.Signal(syscall.SIGKILL))
	_ = worker.Wait()
	atKill, _ = sink.Counts()
	require.Less(t, atKill, n, "killed in the middle of the batch")
	worker = StartWorker(t, a.WorkerEnv(sink))
	t.Cleanup(func() {
		_ = worker.Process.Signal(syscall.SIGTERM)
		_ = worker.Wait()
	})
	return atKill
}
