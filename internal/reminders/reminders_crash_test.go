package reminders_test

import (
	"context"
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
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// TestMain lets this test binary be the `steady worker` process of the crash test: with
// STEADY_TEST_WORKER set it runs the worker, configured from the environment like the real
// binary, instead of the tests.
func TestMain(m *testing.M) {
	if os.Getenv("STEADY_TEST_WORKER") == "1" {
		os.Exit(app.Main([]string{"worker"}, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// keyedSink is a slow SMTP provider that honours the idempotency key each message carries
// (its Message-ID): a second message with a key already seen is counted, not delivered. Like a
// real provider it takes only so many messages at once, so a batch takes a while to go out
// however many workers send it.
type keyedSink struct {
	mu        sync.Mutex
	delivered map[string]int // key → times received
	port      int
	slots     chan struct{}
}

var messageID = regexp.MustCompile(`(?mi)^Message-ID: <([^>]+)>`)

func newKeyedSink(t *testing.T, delay time.Duration) *keyedSink {
	k := &keyedSink{delivered: map[string]int{}, slots: make(chan struct{}, 8)}
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &keyedSession{k, delay}, nil }))
	s.Domain, s.AllowInsecureAuth = "localhost", true
	sink := apptest.NewSMTPListener(t, s)
	k.port = sink
	return k
}

func (k *keyedSink) counts() (unique, received int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, n := range k.delivered {
		unique++
		received += n
	}
	return unique, received
}

type keyedSession struct {
	k     *keyedSink
	delay time.Duration
}

func (s *keyedSession) Mail(string, *smtp.MailOptions) error { return nil }

func (s *keyedSession) Rcpt(string, *smtp.RcptOptions) error { return nil }

func (s *keyedSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.k.slots <- struct{}{}
	time.Sleep(s.delay) // a provider that takes its time, so the kill lands mid-batch
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

func (s *keyedSession) Reset() {}

func (s *keyedSession) Logout() error { return nil }

// The worker runs as its own process, is killed with SIGKILL in the middle of sending a batch
// of due reminders, and is started again: every reminder is delivered, and none twice.
func TestRemindersSurviveAKilledWorker(t *testing.T) {
	const n = 200
	a := apptest.New(t)
	tm := apptest.SeedTeam(t, a, "crash")
	caller := tm.Caller(practice.RoleClinician)
	ctx := context.Background()
	cs := clients.NewService(a.DB)
	for i := range n {
		c, err := cs.Create(ctx, caller, clients.Input{Name: fmt.Sprintf("Client %d", i),
			Email: fmt.Sprintf("c%d@example.com", i), ConsentEmail: true, TimeZone: "UTC"})
		require.NoError(t, err)
		apptest.LinkFor(t, a, caller, c.ID)
		apptest.AssignDaily(t, a, caller, c.ID)
	}
	// Every reminder due a minute ago, for today's occurrence.
	require.NoError(t, a.DB.InTenant(ctx, db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Exec(`UPDATE reminder_schedules SET next_fire_at = now() - interval '1 minute',
			occurrence_date = ?, kind = 'reminder'`, apptest.Today().UTC()).Error
	}))

	sink := newKeyedSink(t, 20*time.Millisecond)
	start := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "STEADY_TEST_WORKER=1", "STEADY_ENV=development",
			"DATABASE_URL="+a.Env.AppURL, "MIGRATION_DATABASE_URL="+a.Env.OwnerURL,
			"SMTP_HOST=127.0.0.1", "SMTP_PORT="+strconv.Itoa(sink.port), "SMTP_TLS=none", "SMTP_FROM=steady@example.com",
			"STEADY_PUBLIC_URL=http://steady.test", "STEADY_JOB_RESCUE_AFTER=5s", "STEADY_LOG_FORMAT=json")
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		require.NoError(t, cmd.Start())
		return cmd
	}
	worker := start()
	apptest.WaitFor(t, "the first deliveries", func() bool { u, _ := sink.counts(); return u >= n/4 })
	require.NoError(t, worker.Process.Signal(syscall.SIGKILL))
	_ = worker.Wait()
	atKill, _ := sink.counts()
	require.Less(t, atKill, n, "killed in the middle of the batch")

	worker = start()
	t.Cleanup(func() {
		_ = worker.Process.Signal(syscall.SIGTERM)
		_ = worker.Wait()
	})
	sent := func() (k int) {
		require.NoError(t, a.DB.InTenant(ctx, db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
			return tx.Gorm.Raw(`SELECT count(*) FROM reminder_deliveries WHERE status = 'sent'`).Row().Scan(&k)
		}))
		return k
	}
	deadline := time.Now().Add(90 * time.Second)
	for sent() < n && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	require.Equal(t, n, sent(), "every delivery recorded as sent")
	unique, received := sink.counts()
	require.Equal(t, n, unique, "every reminder delivered, under one key each")
	// Messages the provider took while the worker died (in flight, or accepted but not yet
	// marked) are sent again under their key: the provider drops the repeats.
	t.Logf("%d reminders: %d delivered before the kill, %d after; %d resent under a key already delivered (the provider drops them)",
		n, atKill, unique-atKill, received-unique)
	var rows int
	require.NoError(t, a.DB.InTenant(ctx, db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT count(*) FROM reminder_deliveries`).Row().Scan(&rows)
	}))
	require.Equal(t, n, rows, "one delivery row per reminder")
}
