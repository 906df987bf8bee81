package reminders

import (
	"context"
	"errors"
	"fmt"
	"html"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/exercises"
	"github.com/steadyhq/steady/internal/homework"
	"github.com/steadyhq/steady/internal/notify"
	"github.com/steadyhq/steady/internal/seal"
)

// Delivery statuses.
const (
	Pending = "pending"
	Sending = "sending" // claimed: the provider is being (or was, before a crash) called
	Sent    = "sent"
	Failed  = "failed"  // could not be sent; the clinician sees why
	Skipped = "skipped" // no longer wanted: done, paused, stopped, turned off
)

// SendWorker sends one reminder on each channel its assignment uses.
type SendWorker struct {
	river.WorkerDefaults[SendArgs]
	DB        *db.DB
	Mailer    notify.Mailer
	Texter    notify.Texter // nil: texts are not configured, and fail saying so
	Key       *seal.Key     // derives each message's token, so a retry sends the same link
	PublicURL string
	Now       func() time.Time
}

// Work sends on each channel the assignment uses now, in three steps: a transaction decides
// and claims each channel's delivery row ('sending', its link token stored); the messages go
// to the provider with no transaction open, so no database connection waits on a mail server;
// a last transaction marks each sent. A crash between the claim and the mark leaves the row
// 'sending', and the job's retry sends it again under the same idempotency key, which the
// provider drops; a row already decided is never sent again.
func (w *SendWorker) Work(ctx context.Context, job *river.Job[SendArgs]) error {
	now := time.Now()
	if w.Now != nil {
		now = w.Now()
	}
	scope := db.Scope{PracticeID: job.Args.PracticeID}
	var out []outgoing
	err := w.DB.InTenant(ctx, scope, func(tx *db.Tx) error {
		st, err := loadState(ctx, tx, job.Args, now)
		if err != nil || st == nil { // st nil: the assignment is gone
			return err
		}
		for _, ch := range channels[st.assignment.ReminderChannel] {
			o, err := w.claim(ctx, tx, st, ch, now)
			if err != nil {
				return err
			}
			if o != nil {
				out = append(out, *o)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, o := range out {
		status, reason := Sent, ""
		if err := o.send(ctx, w); errors.Is(err, notify.ErrPermanent) {
			status, reason = Failed, err.Error()
		} else if err != nil {
			return err // River retries with backoff; the claimed row is sent again then
		}
		if err := w.DB.InTenant(ctx, scope, func(tx *db.Tx) error {
			return tx.Gorm.WithContext(ctx).Exec(`UPDATE reminder_deliveries SET status = ?, reason = ?,
				sent_at = CASE WHEN ? = 'sent' THEN ?::timestamptz END WHERE id = ? AND status = 'sending'`,
				status, reason, status, now, o.delivery).Error
		}); err != nil {
			return err
		}
	}
	return nil
}

// channels maps an assignment's setting to the channels it sends on.
var channels = map[string][]string{"email": {"email"}, "sms": {"sms"}, "both": {"email", "sms"}}

// outgoing is one claimed message, ready for the provider.
type outgoing struct {
	delivery uuid.UUID
	mail     *notify.Message
	text     *notify.Text
}

func (o outgoing) send(ctx context.Context, w *SendWorker) error {
	if o.text != nil {
		return w.Texter.SendText(ctx, *o.text)
	}
	return w.Mailer.Send(ctx, *o.mail)
}

// claim decides one channel's message. It returns the message to send, or nil when there is
// nothing to send (already decided, or recorded as skipped or failed with its reason).
func (w *SendWorker) claim(ctx context.Context, tx *db.Tx, st *state, channel string, now time.Time) (*outgoing, error) {
	a := st.args
	// The row's id is derived from what the message is, so every attempt at it carries the
	// same id, and with it the same idempotency key.
	id := uuid.NewSHA1(a.AssignmentID, fmt.Appendf(nil, "%s/%s/%s", a.Date, a.Message, channel))
	// One statement makes the row if it is missing and locks it either way (an upsert that
	// touches nothing but takes the row), returning its status.
	var status string
	if err := tx.WithPgx(func(ptx pgx.Tx) error {
		return ptx.QueryRow(ctx, `INSERT INTO reminder_deliveries (practice_id, id, client_id, assignment_id,
			occurrence_date, kind, channel) VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (practice_id, assignment_id, occurrence_date, kind, channel)
			DO UPDATE SET attempts = reminder_deliveries.attempts RETURNING status`, a.PracticeID, id, st.client.ID,
			a.AssignmentID, a.Date.UTC(), string(a.Message), channel).Scan(&status)
	}); err != nil {
		return nil, err
	}
	if status != Pending && status != Sending {
		return nil, nil
	}
	if status == Pending {
		if s, reason := st.decide(channel, now); s != Pending {
			return nil, finish(ctx, tx, id, s, reason)
		}
		if channel == "sms" && w.Texter == nil {
			return nil, finish(ctx, tx, id, Failed, "texts are not set up for this practice")
		}
	}
	// The token is derived from the delivery, not drawn at random, so every attempt sends the
	// same link, and storing it again changes nothing.
	token := w.Key.Token("reminder-link:" + id.String())
	if st.link != nil {
		if err := tx.WithPgx(func(ptx pgx.Tx) error {
			_, err := ptx.Exec(ctx, `WITH link AS (INSERT INTO reminder_links (practice_id, token_hash, link_id, client_id,
				delivery_id, expires_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING)
				UPDATE reminder_deliveries SET status = 'sending', attempts = attempts + 1 WHERE id = $5`,
				a.PracticeID, homework.HashToken(token), st.link.ID, st.client.ID, id, st.link.ExpiresAt)
			return err
		}); err != nil {
			return nil, err
		}
	}
	link, unsubscribe := w.PublicURL+"/h/"+token, w.PublicURL+"/unsubscribe/"+token
	if channel == "sms" {
		return &outgoing{delivery: id, text: &notify.Text{To: st.client.Mobile, Body: textMessage(st, link), Key: id.String()}}, nil
	}
	m := message(st, link, unsubscribe)
	m.ID = id.String() + "@steady.reminders"
	return &outgoing{delivery: id, mail: &m}, nil
}

func finish(ctx context.Context, tx *db.Tx, id uuid.UUID, status, reason string) error {
	return tx.Gorm.WithContext(ctx).Exec(`UPDATE reminder_deliveries SET status = ?, reason = ? WHERE id = ?`,
		status, reason, id).Error
}

// state is what deciding and writing one reminder needs.
type state struct {
	args       SendArgs
	assignment *exercises.Assignment
	occurrence cadence.Occurrence
	scheduled  bool // the date is still one of the assignment's occurrences
	done       bool
	practice   string
	client     ClientFields
	link       *liveLink
}

// ClientFields are what a reminder needs of its client.
type ClientFields struct {
	ID                  uuid.UUID
	Name, PreferredName string
	Email, Mobile       string
	Status              string
	ConsentEmail        bool
	ConsentSMS          bool
	PausedUntil         *time.Time
	Off                 bool
	EmailUnsubscribedAt *time.Time
}

// liveLink is the client's homework link that a reminder leads to.
type liveLink struct {
	ID        uuid.UUID
	ExpiresAt time.Time
}

// decide says whether the message still goes out on channel, and if not why.
func (st *state) decide(channel string, now time.Time) (string, string) {
	c := st.client
	switch {
	case st.assignment.Status != exercises.Active:
		return Skipped, "the assignment is " + st.assignment.Status
	case c.Status != "active":
		return Skipped, "the client is archived"
	case !st.scheduled:
		return Skipped, "the day is no longer one of the assignment's"
	case st.done:
		return Skipped, "already done"
	case !now.Before(st.occurrence.Closes):
		return Skipped, "the day has closed"
	case c.Off:
		return Skipped, "the client turned reminders off"
	case c.PausedUntil != nil && now.Before(*c.PausedUntil):
		return Skipped, "the client paused reminders"
	case channel == "email" && c.Email == "":
		return Failed, "the client has no email address"
	case channel == "email" && !c.ConsentEmail:
		return Failed, "the client has not agreed to email"
	case channel == "email" && c.EmailUnsubscribedAt != nil:
		return Skipped, "the client unsubscribed from email"
	case channel == "sms" && c.Mobile == "":
		return Failed, "the client has no mobile number"
	case channel == "sms" && !c.ConsentSMS:
		return Failed, "the client has not agreed to texts"
	case st.link == nil:
		return Failed, "the client has no live homework link: make a new one so reminders can carry it"
	}
	return Pending, ""
}

// message is the email: the practice's name, a greeting, the link, nothing clinical.
func message(st *state, link, unsubscribe string) notify.Message {
	name := st.client.PreferredName
	if name == "" {
		name = st.client.Name
	}
	lead := "Your homework for today is ready when you are."
	if st.args.Message == Nudge {
		lead = "Yesterday's homework is still open, and there is time to do it today."
	}
	text := fmt.Sprintf("Hello %s,\n\n%s\n\nOpen it here:\n%s\n\nThis link is yours alone; please don't forward it.\n\n%s\n\n"+
		"Stop email reminders: %s\n", name, lead, link, st.practice, unsubscribe)
	body := fmt.Sprintf(`<!doctype html><html><body style="font-family:sans-serif;font-size:16px;line-height:1.5;max-width:36em;margin:0 auto;padding:1em">`+
		`<p>Hello %s,</p><p>%s</p><p><a href="%s" style="display:inline-block;padding:.75em 1.25em;background:#2f5d50;color:#fff;border-radius:6px;text-decoration:none">Open your homework</a></p>`+
		`<p style="color:#555">This link is yours alone; please don't forward it.</p><p>%s</p>`+
		`<p style="font-size:14px;color:#555"><a href="%s">Stop email reminders</a></p></body></html>`,
		html.EscapeString(name), lead, html.EscapeString(link), html.EscapeString(st.practice), html.EscapeString(unsubscribe))
	return notify.Message{To: st.client.Email, Subject: "A reminder from " + st.practice, Text: text, HTML: body,
		Unsubscribe: unsubscribe}
}

// textMessage is the text: short, the practice's name, the link, nothing clinical.
func textMessage(st *state, link string) string {
	lead := "your homework for today is ready when you are"
	if st.args.Message == Nudge {
		lead = "yesterday's homework is still open, and there is time today"
	}
	return fmt.Sprintf("%s: %s. %s (just for you, please don't forward)", st.practice, lead, link)
}
