package notify

import (
	"context"
	"errors"
	"fmt"
	"time"

	mail "github.com/wneessen/go-mail"
)

// SMTPConfig says how to reach the outgoing mail server.
type SMTPConfig struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string
	// TLS is "mandatory" (STARTTLS required), "opportunistic" or "none" (local sinks only).
	TLS string
}

// SMTP sends through a mail server with go-mail.
type SMTP struct {
	cfg SMTPConfig
}

// NewSMTP checks cfg and returns a Mailer.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	if cfg.Host == "" || cfg.From == "" {
		return nil, errors.New("smtp: host and from address are required")
	}
	if _, err := tlsPolicy(cfg.TLS); err != nil {
		return nil, err
	}
	return &SMTP{cfg: cfg}, nil
}

func tlsPolicy(s string) (mail.TLSPolicy, error) {
	switch s {
	case "", "mandatory":
		return mail.TLSMandatory, nil
	case "opportunistic":
		return mail.TLSOpportunistic, nil
	case "none":
		return mail.NoTLS, nil
	}
	return 0, fmt.Errorf("smtp: unknown TLS policy %q (mandatory, opportunistic or none)", s)
}

// Send delivers m. A 5xx answer from the server is marked ErrPermanent.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg := mail.NewMsg()
	if err := msg.From(s.cfg.From); err != nil {
		return fmt.Errorf("smtp from: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("%w: recipient %q: %v", ErrPermanent, m.To, err)
	}
	msg.Subject(m.Subject)
	if m.ID != "" {
		msg.SetMessageIDWithValue(m.ID)
	}
	if m.Unsubscribe != "" {
		msg.SetGenHeader(mail.HeaderListUnsubscribe, "<"+m.Unsubscribe+">")
		msg.SetGenHeader(mail.HeaderListUnsubscribePost, "List-Unsubscribe=One-Click")
	}
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(mail.TypeTextHTML, m.HTML)
	}
	policy, _ := tlsPolicy(s.cfg.TLS)
	opts := []mail.Option{mail.WithPort(s.cfg.Port), mail.WithTLSPortPolicy(policy), mail.WithTimeout(20 * time.Second)}
	if s.cfg.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(s.cfg.Username), mail.WithPassword(s.cfg.Password))
	}
	client, err := mail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("smtp client: %w", err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		var se *mail.SendError
		if errors.As(err, &se) && !se.IsTemp() && se.Reason == mail.ErrSMTPRcptTo {
			return fmt.Errorf("%w: %v", ErrPermanent, err)
		}
		return fmt.Errorf("smtp send: %w", err)
	}
	return nil
}
