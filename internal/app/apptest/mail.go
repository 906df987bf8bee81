package apptest

import (
	"context"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/stretchr/testify/require"
)

// SMTPSink is a real SMTP server that keeps what it receives.
type SMTPSink struct {
	Port int
	mu   sync.Mutex
	msgs []SunkMessage
}

// SunkMessage is one message the sink received.
type SunkMessage struct {
	From string
	To   []string
	Data string
}

// NewSMTPSink starts a sink on a free local port until the test ends.
func NewSMTPSink(t *testing.T) *SMTPSink {
	sink := &SMTPSink{}
	s := smtp.NewServer(sink)
	s.Domain = "localhost"
	s.AllowInsecureAuth = true
	sink.Port = NewSMTPListener(t, s)
	return sink
}

// NewSMTPListener serves s on a free local port until the test ends and returns the port.
func NewSMTPListener(t *testing.T, s *smtp.Server) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = s.Serve(ln) }()
	t.Cleanup(func() { _ = s.Close() })
	return ln.Addr().(*net.TCPAddr).Port
}

// NewSession is the sink's smtp.Backend.
func (s *SMTPSink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{sink: s}, nil }

// Messages is what the sink has received so far.
func (s *SMTPSink) Messages() []SunkMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]SunkMessage(nil), s.msgs...)
}

type sinkSession struct {
	sink *SMTPSink
	msg  SunkMessage
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
func (s *sinkSession) Reset()        { s.msg = SunkMessage{} }
func (s *sinkSession) Logout() error { return nil }

// RawRefusal is what a real mail server may answer: a code, the address, an internal host.
const RawRefusal = "<robin@example.com>: Recipient address rejected: User unknown in virtual mailbox table (mx-internal-07.corp.example)"

// RefusingSession is an SMTP server's session that refuses every recipient with RawRefusal.
type RefusingSession struct{}

func (RefusingSession) Mail(string, *smtp.MailOptions) error { return nil }
func (RefusingSession) Rcpt(string, *smtp.RcptOptions) error {
	return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: RawRefusal}
}
func (RefusingSession) Data(r io.Reader) error { _, err := io.Copy(io.Discard, r); return err }
func (RefusingSession) Reset()                 {}
func (RefusingSession) Logout() error          { return nil }

// WaitFor polls cond until it holds, failing the test after two minutes: a bound for a test
// that would otherwise hang, not a measure of speed (a worker process starting on a loaded
// machine, against Citus, took more than the 20 seconds this once allowed).
func WaitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// StartWorkers runs the app's job workers until the test ends.
func StartWorkers(t *testing.T, a *App) {
	ctx, cancel := context.WithCancel(context.Background())
	require.NoError(t, a.River.Start(ctx))
	t.Cleanup(func() {
		cancel()
		stopCtx, done := context.WithTimeout(context.Background(), 10*time.Second)
		defer done()
		_ = a.River.Stop(stopCtx)
	})
}
