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

// Work sends on each channel the assignment uses now. Each channel's delivery row is locked
// while it is decided and sent, and a row already decided is never sent again, so a retried or
// duplicated job sends nothing twice.
func (w *SendWorker) Work(ctx context.Context, job *river.Job[SendArgs]) error {
	now := time.Now()
	if w.Now != nil {
		now = w.Now()
	}
	return w.DB.InTenant(ctx, db.Scope{PracticeID: job.Args.PracticeID}, func(tx *db.Tx) error {
		st, err := loadState(ctx, tx, job.Args, now)
		if err != nil {
			return err
		}
		if st == nil {
			return nil // the assignment is gone
		}
		for _, ch := range channels[st.assignment.ReminderChannel] {
			if err := w.deliver(ctx, tx, st, ch, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// channels maps an assignment's setting to the channels it sends on.
var channels = map[string][]string{"email": {"email"}, "sms": {"sms"}, "both": {"email", "sms"}}

// deliver decides and sends one channel's message.
func (w *SendWorker) deliver(ctx context.Context, tx *db.Tx, st *state, channel string, now time.Time) error {
	a := st.args
	// The row's id is derived from what the message is, so a send retried after a crash (its
	// row rolled back) carries the same id, and with it the same idempotency key.
	id := uuid.NewSHA1(a.AssignmentID, fmt.Appendf(nil, "%s/%s/%s", a.Date, a.Message, channel))
	// One statement makes the row if it is missing and locks it either way (an upsert that
	// touches nothing but takes the row), returning its status.
	var d struct {
		ID     uuid.UUID
		Status string
	}
	if err := tx.WithPgx(func(ptx pgx.Tx) error {
		return ptx.QueryRow(ctx, `INSERT INTO reminder_deliveries (practice_id, id, client_id, assignment_id,
			occurrence_date, kind, channel) VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (practice_id, assignment_id, occurrence_date, kind, channel)
			DO UPDATE SET attempts = reminder_deliveries.attempts RETURNING id, status`, a.PracticeID, id, st.client.ID,
			a.AssignmentID, a.Date.UTC(), string(a.Message), channel).Scan(&d.ID, &d.Status)
	}); err != nil {
		return err
	}
	if d.Status != Pending {
		return nil
	}
	if status, reason := st.decide(channel, now); status != Pending {
		return finish(ctx, tx, d.ID, status, reason)
	}
	// The token is derived from the delivery, not drawn at random: if the commit below is lost
	// after the provider took the message, the retry stores the very token that message holds.
	token := w.Key.Token("reminder-link:" + d.ID.String())
	hash := homework.HashToken(token)
	link, unsubscribe := w.PublicURL+"/h/"+token, w.PublicURL+"/unsubscribe/"+token
	var err error
	switch {
	case channel == "sms" && w.Texter == nil:
		return finish(ctx, tx, d.ID, Failed, "texts are not set up for this practice")
	case channel == "sms":
		err = w.Texter.SendText(ctx, notify.Text{To: st.client.Mobile, Body: textMessage(st, link), Key: d.ID.String()})
	default:
		m := message(st, link, unsubscribe)
		m.ID = d.ID.String() + "@steady.reminders"
		err = w.Mailer.Send(ctx, m)
	}
	if err != nil {
		if errors.Is(err, notify.ErrPermanent) {
			return finish(ctx, tx, d.ID, Failed, err.Error())
		}
		return err // River retries with backoff; the rolled-back row is decided again then
	}
	// The message's token and the row's new status in one statement.
	return tx.WithPgx(func(ptx pgx.Tx) error {
		_, err := ptx.Exec(ctx, `WITH link AS (INSERT INTO reminder_links (practice_id, token_hash, link_id, client_id,
			delivery_id, expires_at) VALUES ($1, $2, $3, $4, $5, $6))
			UPDATE reminder_deliveries SET status = 'sent', sent_at = $7, attempts = attempts + 1 WHERE id = $5`,
			a.PracticeID, hash, st.link.ID, st.client.ID, d.ID, st.link.ExpiresAt, now)
		return err
	})
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
	case st.assignment.ReminderChannel != channel && st.assignment.ReminderChannel != "both":
		return Skipped, "not sent by " + channel
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
