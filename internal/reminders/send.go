package reminders

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/links"
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

// SendWorker sends reminders, each on every channel its assignment uses.
type SendWorker struct {
	river.WorkerDefaults[SendArgs]
	DB        *db.DB
	Mailer    notify.Mailer
	Texter    notify.Texter // nil: texts are not configured, and fail saying so
	Key       *seal.Key     // derives each message's token, so a retry sends the same link
	PublicURL string
	Now       func() time.Time
	Log       *slog.Logger // a failed send's detail; nil: slog.Default()

	once  sync.Once
	steps *steps        // the database steps, shared by the messages worked at once
	slots chan struct{} // a place for each message worked at once (inFlight)
}

// Work sends the job's message, or a group's messages at once, each on its own (sendOne). A
// message that fails fails the job, and River retries it; the retry sends again only what is
// still undecided.
func (w *SendWorker) Work(ctx context.Context, job *river.Job[SendArgs]) error {
	now := time.Now()
	if w.Now != nil {
		now = w.Now()
	}
	w.once.Do(func() { w.steps, w.slots = newSteps(w.DB), make(chan struct{}, inFlight) })
	// On the last attempt River gives up on the job, so a failure is final too.
	last := job.JobRow != nil && job.MaxAttempts > 0 && job.Attempt >= job.MaxAttempts
	msgs := job.Args.messages()
	errs := make([]error, len(msgs))
	var wg sync.WaitGroup
	for i, args := range msgs {
		select {
		case w.slots <- struct{}{}:
		case <-ctx.Done():
			errs[i] = ctx.Err()
			continue
		}
		wg.Add(1)
		go func() {
			defer func() { <-w.slots; wg.Done() }()
			errs[i] = w.sendOne(ctx, args, now, last)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// sendOne sends one message on each channel its assignment uses now, in two or three steps:
// it reads what the message depends on with its delivery rows; where a row is not yet as it
// goes out (no row, another link, or a decision not to send) it writes that first, claiming a
// row to send as 'sending'; the messages then go to the provider with no transaction open, so
// no database connection waits on a mail server, and a last step marks each row with its
// outcome. The usual row, written 'pending' by the dispatcher with its link's token, goes out
// as stored and is written once, when marked. A crash before the mark leaves the row
// undecided, and the job's retry sends it again under the same idempotency key, which the
// provider drops; a row already decided is never sent again. Each step is one round trip
// shared with the other messages being worked at the time.
func (w *SendWorker) sendOne(ctx context.Context, args SendArgs, now time.Time, last bool) error {
	st, err := w.steps.load.do(ctx, loadReq{args: args, now: now})
	if err != nil || st == nil { // st nil: the assignment is gone
		return err
	}
	d := w.decide(st, now)
	if len(d.ids) == 0 {
		return nil
	}
	var claimed map[uuid.UUID]bool
	if d.allReady() {
		claimed = d.readyRows()
	} else if claimed, err = w.steps.claim.do(ctx, d); err != nil {
		return err
	}
	done := outcomes{practice: st.args.PracticeID, at: now}
	for i, id := range d.ids {
		if !claimed[id] {
			continue
		}
		tries := 0 // a claimed row's attempt was counted by the claim
		if d.ready[i] {
			tries = 1
		}
		err := w.message(st, id, d.chans[i]).send(ctx, w)
		switch {
		case err == nil:
			done.add(id, Sent, "", tries)
		case errors.Is(err, notify.ErrPermanent) || last:
			w.logger().Warn("reminder not sent", "delivery", id, "channel", d.chans[i], "error", err)
			done.add(id, Failed, failureReason(d.chans[i], err), tries)
		default:
			// River retries with backoff; the row, marked 'sending' (the provider may have
			// it), is sent again then. What went out before is marked with it.
			done.add(id, Sending, "", tries)
			_, merr := w.steps.mark.do(ctx, done)
			return errors.Join(err, merr)
		}
	}
	if len(done.ids) == 0 {
		return nil
	}
	_, err = w.steps.mark.do(ctx, done)
	return err
}

func (w *SendWorker) logger() *slog.Logger {
	if w.Log != nil {
		return w.Log
	}
	return slog.Default()
}

// failureReason is what staff see of a failed send: a plain sentence by the kind of failure.
// The provider's own words go to the log only: they can name internal hosts, echo addresses
// and mean little to a clinician.
func failureReason(channel string, err error) string {
	permanent := errors.Is(err, notify.ErrPermanent)
	switch {
	case channel == "sms" && permanent:
		return "the text service refused the number"
	case channel == "sms":
		return "the text service could not be reached"
	case permanent:
		return "the mail server refused the address"
	}
	return "the mail server could not be reached"
}

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

// decide decides each channel's message: a row to send is to become 'sending', one no longer
// wanted 'skipped' or 'failed' with its reason. Rows already decided are left out.
func (w *SendWorker) decide(st *state, now time.Time) decisions {
	d := decisions{args: st.args, client: st.client.ID, link: st.link.nullID()}
	for _, ch := range ReminderChannelsOf(st.assignment.ReminderChannel) {
		row, ok := st.rows[ch]
		was := row.status
		status, reason := Sending, ""
		switch {
		case ok && was != Pending && was != Sending:
			continue
		case was == Sending: // a retry after a crash: the provider may have it already
		case ch == "sms" && w.Texter == nil:
			status, reason = Failed, "texts are not set up for this practice"
		default:
			if s, why := st.decide(ch, now); s != Pending {
				status, reason = s, why
			}
		}
		id := deliveryID(st.args, ch)
		hash := links.HashToken(linkToken(w.Key, id))
		d.add(id, ch, status, reason, hash, ok, status == Sending && ok && row.carries(d.link, hash))
	}
	return d
}

// message builds the claimed delivery id's message on channel.
func (w *SendWorker) message(st *state, id uuid.UUID, channel string) outgoing {
	token := linkToken(w.Key, id)
	link, unsubscribe := w.PublicURL+"/h/"+token, w.PublicURL+"/unsubscribe/"+token
	if channel == "sms" {
		return outgoing{delivery: id, text: &notify.Text{To: st.client.Mobile, Body: textMessage(st, link), Key: id.String()}}
	}
	m := message(st, link, unsubscribe)
	m.ID = id.String() + "@steady.reminders"
	return outgoing{delivery: id, mail: &m}
}

// state is what deciding and writing one reminder needs.
type state struct {
	args       SendArgs
	assignment *assignments.Assignment
	occurrence cadence.Occurrence
	scheduled  bool // the date is still one of the assignment's occurrences
	done       bool
	practice   string
	client     ClientFields
	link       *liveLink
	rows       map[string]written // the message's delivery rows by channel, where they exist
}

// written is a delivery row as stored: its status, and the link and token hash it carries.
type written struct {
	status string
	link   uuid.NullUUID
	hash   []byte
}

// carries says whether the row already carries link and the token hash, as the dispatcher
// wrote them: sending it then needs no write first.
func (w written) carries(link uuid.NullUUID, hash []byte) bool {
	return w.link == link && bytes.Equal(w.hash, hash)
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
	ID uuid.UUID
}

// nullID is the link's id as a nullable column; a nil link is NULL.
func (l *liveLink) nullID() uuid.NullUUID {
	if l == nil {
		return uuid.NullUUID{}
	}
	return uuid.NullUUID{UUID: l.ID, Valid: true}
}

// decide says whether the message still goes out on channel, and if not why.
func (st *state) decide(channel string, now time.Time) (string, string) {
	c := st.client
	switch {
	case st.assignment.Status != assignments.Active:
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
