// Package notify sends email: over SMTP when a server is configured, otherwise into the
// development mailbox, a table the dashboard can show so a newcomer can click the links that
// emails carry.
package notify

import (
	"context"
	"errors"
)

// Message is one email. Text is always sent; HTML, when set, is its alternative part.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
	// ID, when set, is the Message-ID, so a receiver can tell a resend from a new message.
	ID string
	// Unsubscribe, when set, is a one-click unsubscribe address (RFC 8058): the List-Unsubscribe
	// and List-Unsubscribe-Post headers name it, and mail apps offer it as a button.
	Unsubscribe string
}

// Mailer delivers messages.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// ErrPermanent wraps a failure that a retry cannot fix (a refused address, say), so jobs can
// record it instead of retrying.
var ErrPermanent = errors.New("permanent delivery failure")
