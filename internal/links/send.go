package links

import (
	"context"
	"errors"
	"fmt"
	"html"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/notify"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/ratelimit"
	"github.com/steadyhq/steady/internal/validate"
)

// Channels a link can be sent on.
const (
	ChannelEmail = "email"
	ChannelSMS   = "sms"
)

// linkSends limits the links sent to one client: enough to fix a typo and send again, too few
// for a stolen staff account to flood a client's inbox or phone. Only sends that went out
// count: a refused or failed one rolls its count back with everything else.
var linkSends = ratelimit.Rule{Name: "homework-link-send", Max: 5, Window: time.Hour}

// Sent is what came of sending a link: the token (so the clinician can still copy the link),
// the link's state, the channel, and where it went, masked.
type Sent struct {
	Token   string
	Link    *LinkState
	Channel string
	To      string // j•••@example.com, •••• 4821
}

// sender is how links leave Steady: the same mailer and texter the reminders use.
type sender struct {
	mailer    notify.Mailer
	texter    notify.Texter // nil: texts are not set up
	publicURL string
}

// SendThrough lets the service send links by email through m and by text through t (nil when
// texts are not set up); links point at publicURL.
func (s *Service) SendThrough(m notify.Mailer, t notify.Texter, publicURL string) {
	s.send = &sender{mailer: m, texter: t, publicURL: publicURL}
}

// SendLink makes the client a new link, revoking any earlier one, and sends it on channel to
// the address on their record. It all happens in one transaction, and the message goes out
// before it commits (notify.SendOnceBuilt): a message that cannot be sent changes nothing,
// so the old link keeps working, and the new token is kept nowhere but in the message and the
// answer. The address must be on record with the client's consent to that channel.
func (s *Service) SendLink(ctx context.Context, caller auth.Caller, clientID uuid.UUID, channel string) (*Sent, error) {
	via, err := s.via(channel)
	if err != nil {
		return nil, err
	}
	var out *Sent
	key := "homework_link_send:" + uuid.NewString()
	err = notify.SendOnceBuilt(ctx, s.db, caller.Scope(), key, failures{via}, "", "Homework link",
		func(tx *db.Tx) (notify.Message, error) {
			token, l, to, err := s.mintForSending(ctx, tx, caller, clientID, channel)
			if err != nil {
				return notify.Message{}, err
			}
			p, err := practice.Get(ctx, tx, caller.PracticeID)
			if err != nil {
				return notify.Message{}, err
			}
			out = &Sent{Token: token, Link: s.state(l), Channel: channel, To: mask(channel, to)}
			m := linkMessage(channel, p.Name, s.send.publicURL+"/h/"+token)
			m.To, m.ID = to, l.ID.String()+"@steady.links"
			return m, nil
		})
	if err != nil {
		return nil, s.clients.Denied(ctx, caller, "client", clientID, sendError(err))
	}
	return out, nil
}

// via is the way out for channel, or why there is none.
func (s *Service) via(channel string) (notify.Mailer, error) {
	if channel != ChannelEmail && channel != ChannelSMS {
		v := validate.Errors{}
		v.Add("channel", "must be email or sms")
		return nil, v.Err()
	}
	switch {
	case s.send == nil:
		return nil, errors.New("homework: sending links is not wired (SendThrough)")
	case channel == ChannelSMS && s.send.texter == nil:
		return nil, ErrTextsUnavailable
	case channel == ChannelSMS:
		return textMailer{s.send.texter}, nil
	}
	return s.send.mailer, nil
}

// mintForSending checks the client may be sent a link on channel, counts the send, replaces
// the link and records it. It returns the token, the link and the address to send to.
func (s *Service) mintForSending(ctx context.Context, tx *db.Tx, caller auth.Caller, clientID uuid.UUID,
	channel string) (string, *link, string, error) {
	c, err := writableClient(ctx, tx, caller, clientID)
	if err != nil {
		return "", nil, "", err
	}
	to, err := addressOf(c, channel)
	if err != nil {
		return "", nil, "", err
	}
	if err := ratelimit.Hit(ctx, tx, linkSends, caller.PracticeID.String()+"/"+clientID.String(), s.now()); err != nil {
		return "", nil, "", err
	}
	token, l, err := s.replaceLink(ctx, tx, caller, clientID)
	if err != nil {
		return "", nil, "", err
	}
	// The channel only: the address is on the client's record, the token nowhere.
	err = recordWith(ctx, tx, caller, "homework_link.send", clientID, map[string]any{"channel": channel})
	return token, l, to, err
}

// addressOf is the client's address for channel, if it is there and they agreed to be
// contacted on it.
func addressOf(c *clients.Client, channel string) (string, error) {
	switch {
	case channel == ChannelEmail && c.Email == "":
		return "", ErrNoEmail
	case channel == ChannelEmail && !c.ConsentEmail:
		return "", ErrNoEmailConsent
	case channel == ChannelEmail:
		return c.Email, nil
	case c.Mobile == "":
		return "", ErrNoMobile
	case !c.ConsentSMS:
		return "", ErrNoSMSConsent
	}
	return c.Mobile, nil
}

// linkMessage is the message: the practice's name, that their clinician shared their link, the
// link, and a word not to forward it. Nothing clinical, not even the client's name, because
// whoever else reads the client's email or phone reads it too.
func linkMessage(channel, practiceName, link string) notify.Message {
	if channel == ChannelSMS {
		return notify.Message{Text: fmt.Sprintf("%s: your clinician has shared your Steady homework link. %s "+
			"(just for you, please don't forward)", practiceName, link)}
	}
	text := fmt.Sprintf("Hello,\n\nYour clinician at %s has shared your personal Steady homework link:\n\n%s\n\n"+
		"This link is yours alone; please don't forward it. If you weren't expecting this email, you can ignore it.\n\n%s\n",
		practiceName, link, practiceName)
	body := fmt.Sprintf(`<!doctype html><html><body style="font-family:sans-serif;font-size:16px;line-height:1.5;max-width:36em;margin:0 auto;padding:1em">`+
		`<p>Hello,</p><p>Your clinician at %s has shared your personal Steady homework link.</p>`+
		`<p><a href="%s" style="display:inline-block;padding:.75em 1.25em;background:#2f5d50;color:#fff;border-radius:6px;text-decoration:none">Open your homework</a></p>`+
		`<p style="color:#555">This link is yours alone; please don't forward it. If you weren't expecting this email, you can ignore it.</p><p>%s</p></body></html>`,
		html.EscapeString(practiceName), html.EscapeString(link), html.EscapeString(practiceName))
	return notify.Message{Subject: "Your homework link from " + practiceName, Text: text, HTML: body}
}

// mask shows enough of an address to recognise it: j•••@example.com, •••• 4821.
func mask(channel, address string) string {
	if channel == ChannelSMS {
		if len(address) <= 4 {
			return "••••"
		}
		return "•••• " + address[len(address)-4:]
	}
	at := strings.LastIndex(address, "@")
	if at < 1 {
		return "•••"
	}
	first, _ := utf8.DecodeRuneInString(address)
	return string(first) + "•••" + address[at:]
}

// textMailer sends a message's text as a text, so a text goes through notify.SendOnceBuilt
// (and, in development, into the dev mailbox inside the delivery's transaction) like an email.
type textMailer struct{ notify.Texter }

func (t textMailer) Send(ctx context.Context, m notify.Message) error {
	return t.SendText(ctx, notify.Text{To: m.To, Body: m.Text, Key: m.ID})
}

// errDelivery marks an error of the mail or text service itself, told apart from the database's.
var errDelivery = errors.New("homework: link not delivered")

// failures marks the errors of the mailer it wraps.
type failures struct{ notify.Mailer }

func (f failures) Send(ctx context.Context, m notify.Message) error {
	if err := f.Mailer.Send(ctx, m); err != nil {
		return fmt.Errorf("%w: %w", errDelivery, err)
	}
	return nil
}

// sendError names a delivery failure by whether trying again can help; the cause stays in the
// chain for the log.
func sendError(err error) error {
	switch {
	case !errors.Is(err, errDelivery):
		return err
	case errors.Is(err, notify.ErrPermanent):
		return fmt.Errorf("%w: %v", ErrSendRefused, err)
	}
	return fmt.Errorf("%w: %v", ErrSendFailed, err)
}
