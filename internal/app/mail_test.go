package app

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/auth"
)

// smtpSink is a real SMTP server that keeps what it receives.
type smtpSink struct {
	mu   sync.Mutex
	msgs []sunkMessage
	port int
}

type sunkMessage struct {
	From string
	To   []string
	Data string
}

func newSMTPSink(t *testing.T) *smtpSink {
	sink := &smtpSink{}
	s := smtp.NewServer(sink)
	s.Domain = "localhost"
	s.AllowInsecureAuth = true
	sink.port = newSMTPListener(t, s)
	return sink
}

// newSMTPListener serves s on a free local port until the test ends and returns the port.
func newSMTPListener(t *testing.T, s *smtp.Server) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = s.Serve(ln) }()
	t.Cleanup(func() { _ = s.Close() })
	return ln.Addr().(*net.TCPAddr).Port
}

func (s *smtpSink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{sink: s}, nil }

func (s *smtpSink) messages() []sunkMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sunkMessage(nil), s.msgs...)
}

type sinkSession struct {
	sink *smtpSink
	msg  sunkMessage
}

func (s *sinkSession) Mail(from string, _ *smtp.MailOptions) error { s.msg.From = from; return nil }
func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.msg.To = append(s.msg.To, to)
	return nil
}
func (s *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.msg.Data = string(b)
	s.sink.mu.Lock()
	s.sink.msgs = append(s.sink.msgs, s.msg)
	s.sink.mu.Unlock()
	return nil
}
func (s *sinkSession) Reset()        { s.msg = sunkMessage{} }
func (s *sinkSession) Logout() error { return nil }

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func startWorkers(t *testing.T, a *testApp) {
	ctx, cancel := context.WithCancel(context.Background())
	require.NoError(t, a.River.Start(ctx))
	t.Cleanup(func() {
		cancel()
		stopCtx, done := context.WithTimeout(context.Background(), 10*time.Second)
		defer done()
		_ = a.River.Stop(stopCtx)
	})
}

func TestWelcomeEmailGoesOutOverSMTPOnce(t *testing.T) {
	t.Parallel()
	sink := newSMTPSink(t)
	a := newTestApp(t, func(c *Config) { c.SMTPHost = "127.0.0.1"; c.SMTPPort = sink.port })
	startWorkers(t, a)
	b := a.browser(t)
	require.Equal(t, http.StatusCreated, b.postJSON("/api/auth/signup", signupBody("welcome@example.com")).StatusCode)
	waitFor(t, "the welcome email", func() bool { return len(sink.messages()) == 1 })
	m := sink.messages()[0]
	require.Equal(t, []string{"welcome@example.com"}, m.To)
	require.Contains(t, m.Data, "Subject: Welcome to Steady")
	require.Contains(t, m.Data, "http://localhost:8080/login")

	// Running the job again (a retry after a crash, say) sends nothing more.
	var args auth.WelcomeArgs
	var raw []byte
	require.NoError(t, a.DB.Pool.QueryRow(t.Context(), `SELECT args FROM river_job WHERE kind = 'welcome_email'`).Scan(&raw))
	require.NoError(t, json.Unmarshal(raw, &args))
	w := &auth.WelcomeWorker{DB: a.DB, Mailer: a.Mailer, PublicURL: a.Config.PublicURL}
	require.NoError(t, w.Work(t.Context(), &river.Job[auth.WelcomeArgs]{Args: args}))
	require.Len(t, sink.messages(), 1, "the delivery record stops a second send")
}

func TestWelcomeEmailLandsInTheDevMailboxWithoutSMTP(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	startWorkers(t, a)
	b := a.browser(t)
	require.Equal(t, http.StatusCreated, b.postJSON("/api/auth/signup", signupBody("dev@example.com")).StatusCode)
	var box struct {
		Messages []struct{ To, Subject, Text string }
	}
	waitFor(t, "the dev mailbox", func() bool {
		res := b.do("GET", "/api/dev/mailbox", "", nil)
		decode(t, res, &box)
		return len(box.Messages) == 1
	})
	require.Equal(t, "dev@example.com", box.Messages[0].To)
	require.Equal(t, "Welcome to Steady", box.Messages[0].Subject)
	require.True(t, strings.Contains(box.Messages[0].Text, "/login"))
}
