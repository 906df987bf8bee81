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

// Work sends on each channel the assignment uses now, in three round trips: one reads what
// the message depends on with its delivery rows; one writes each channel's decision, claiming
// the rows to send ('sending'); the messages then go to the provider with no transaction open,
// so no database connection waits on a mail server, and a last round trip marks each sent. A
// crash between the claim and the mark leaves the row 'sending', and the job's retry sends it
// again under the same idempotency key, which the provider drops; a row already decided is
// never sent again.
func (w *SendWorker) Work(ctx context.Context, job *river.Job[SendArgs]) error {
	now := time.Now()
	if w.Now != nil {
		now = w.Now()
	}
	st, err := loadState(ctx, w.DB, job.Args, now)
	if err != nil || st == nil { // st nil: the assignment is gone
		return err
	}
	out, err := w.claim(ctx, st, now)
	if err != nil {
		return err
	}
	var done outcomes
	for _, o := range out {
		if err := o.send(ctx, w); errors.Is(err, notify.ErrPermanent) {
			done.add(o.delivery, Failed, err.Error())
		} else if err != nil {
			// River retries with backoff; the claimed row is sent again then. What went out
			// before is marked first.
			return errors.Join(err, done.store(ctx, w.DB, st.args.PracticeID, now))
		} else {
			done.add(o.delivery, Sent, "")
		}
	}
	return done.store(ctx, w.DB, st.args.PracticeID, now)
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

// claim decides each channel's message and writes the decisions in one round trip: a row to
// send becomes 'sending', one no longer wanted 'skipped' or 'failed' with its reason. Rows
// that are missing (the setting changed after the dispatch) are made; rows already decided are
// left alone. It returns the messages this attempt now holds.
func (w *SendWorker) claim(ctx context.Context, st *state, now time.Time) ([]outgoing, error) {
	a := st.args
	var d decisions
	for _, ch := range channels[st.assignment.ReminderChannel] {
		was, ok := st.statuses[ch]
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
		d.add(deliveryID(a, ch), ch, status, reason, homework.HashToken(linkToken(w.Key, deliveryID(a, ch))))
	}
	if len(d.ids) == 0 {
		return nil, nil
	}
	claimed := map[uuid.UUID]bool{}
	err := w.DB.Pipeline(ctx, db.Scope{PracticeID: a.PracticeID}, d.batch(st), func(r pgx.BatchResults) error {
		rows, err := r.Query()
		if err != nil {
			return err
		}
		var id uuid.UUID
		var status string
		_, err = pgx.ForEachRow(rows, []any{&id, &status}, func() error {
			claimed[id] = status == Sending
			return nil
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	var out []outgoing
	for i, id := range d.ids {
		if claimed[id] {
			out = append(out, w.message(st, id, d.chans[i]))
		}
	}
	return out, nil
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

// decisions are one message's rows as claim writes them.
type decisions struct {
	ids                      []uuid.UUID
	chans, statuses, reasons []string
	hashes                   [][]byte
}

func (d *decisions) add(id uuid.UUID, channel, status, reason string, hash []byte) {
	d.ids, d.chans, d.hashes = append(d.ids, id), append(d.chans, channel), append(d.hashes, hash)
	d.statuses, d.reasons = append(d.statuses, status), append(d.reasons, reason)
}

// batch is the claim's statement: the rows upserted where still undecided, with the link the
// token now leads to (the dispatcher may have found none, or another), returning those written.
func (d *decisions) batch(st *state) *pgx.Batch {
	a := st.args
	var link uuid.NullUUID
	if st.link != nil {
		link = uuid.NullUUID{UUID: st.link.ID, Valid: true}
	}
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO reminder_deliveries AS d (practice_id, id, client_id, assignment_id, occurrence_date, kind,
		channel, status, reason, attempts, token_hash, link_id)
		SELECT $1, w.id, $2, $3, $4, $5, w.channel, w.status, w.reason, (w.status = 'sending')::int, w.hash, $6
		FROM unnest($7::uuid[], $8::text[], $9::text[], $10::text[], $11::bytea[]) AS w(id, channel, status, reason, hash)
		ON CONFLICT (practice_id, id) DO UPDATE SET status = excluded.status, reason = excluded.reason,
			attempts = d.attempts + excluded.attempts, token_hash = excluded.token_hash, link_id = excluded.link_id
		WHERE d.status IN ('pending', 'sending')
		RETURNING d.id, d.status`,
		a.PracticeID, st.client.ID, a.AssignmentID, a.Date.UTC(), string(a.Message), link,
		d.ids, d.chans, d.statuses, d.reasons, d.hashes)
	return b
}

// outcomes are what the provider said of each claimed message.
type outcomes struct {
	ids               []uuid.UUID
	statuses, reasons []string
}

func (o *outcomes) add(id uuid.UUID, status, reason string) {
	o.ids, o.statuses, o.reasons = append(o.ids, id), append(o.statuses, status), append(o.reasons, reason)
}

// store marks the claimed rows with their outcome, in one round trip.
func (o *outcomes) store(ctx context.Context, d *db.DB, practiceID uuid.UUID, now time.Time) error {
	if len(o.ids) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	b.Queue(`UPDATE reminder_deliveries d SET status = w.status, reason = w.reason,
		sent_at = CASE WHEN w.status = 'sent' THEN $2::timestamptz END
		FROM unnest($3::uuid[], $4::text[], $5::text[]) AS w(id, status, reason)
		WHERE d.practice_id = $1 AND d.id = w.id AND d.status = 'sending'`, practiceID, now, o.ids, o.statuses, o.reasons)
	return d.Pipeline(ctx, db.Scope{PracticeID: practiceID}, b, nil)
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
	statuses   map[string]string // the message's delivery rows' statuses by channel, where they exist
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
