package reminders

import (
	"context"
	"fmt"
	"html"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/notify"
)

// LinkNoticeArgs tells a client's clinicians that reminders are not going out because the
// client has no live homework link (it expired or was revoked): a reminder is never sent with a
// dead link, and a failed row in a delivery log nobody opens tells no one. The dispatcher
// inserts it with the send job; it is unique per client and day, so a day of reminders and
// nudges makes one notice.
type LinkNoticeArgs struct {
	PracticeID uuid.UUID    `json:"practice_id" river:"unique"`
	ClientID   uuid.UUID    `json:"client_id" river:"unique"`
	Date       cadence.Date `json:"date" river:"unique"` // the UTC day it was found
}

// Kind names the job.
func (LinkNoticeArgs) Kind() string { return "reminder_link_notice" }

// InsertOpts keep one notice per client and day.
func (LinkNoticeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 8, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// noticeFor is the notice for a client found without a live link at now.
func noticeFor(practiceID, clientID uuid.UUID, now time.Time) LinkNoticeArgs {
	return LinkNoticeArgs{PracticeID: practiceID, ClientID: clientID, Date: cadence.DateOf(now, time.UTC)}
}

// LinkNoticeWorker emails the notice.
type LinkNoticeWorker struct {
	river.WorkerDefaults[LinkNoticeArgs]
	DB        *db.DB
	Mailer    notify.Mailer
	PublicURL string
}

// Work emails each of the client's clinicians (the practice's owners and admins when the
// client has none), unless the client has a live link again or is archived. The email names
// no client: it says one of theirs needs a new link, and links to the client's page.
func (w *LinkNoticeWorker) Work(ctx context.Context, job *river.Job[LinkNoticeArgs]) error {
	a := job.Args
	var to []string
	err := w.DB.InTenant(ctx, db.Scope{PracticeID: a.PracticeID}, func(tx *db.Tx) error {
		if needed, err := linkNoticeNeeded(ctx, tx, a.ClientID); err != nil || !needed {
			return err
		}
		people, err := clients.Responsible(ctx, tx, a.ClientID)
		for _, p := range people {
			to = append(to, p.Email)
		}
		return err
	})
	if err != nil {
		return err
	}
	page := fmt.Sprintf("%s/app/clients/%s", w.PublicURL, a.ClientID)
	for _, addr := range to {
		m := linkNotice(addr, page)
		// The same notice to the same person is the same message, however often it is retried.
		m.ID = uuid.NewSHA1(a.ClientID, fmt.Appendf(nil, "link-notice/%s/%s", a.Date, addr)).String() + "@steady.notices"
		if err := w.Mailer.Send(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// linkNotice is the email: what happened, what to do, and where; no client's name.
func linkNotice(to, page string) notify.Message {
	const lead = "A homework reminder to one of your clients was not sent, because their homework link has " +
		"expired or was turned off. A reminder only goes out with a link that works."
	const ask = "Make them a new link from their page, and their reminders will start again."
	return notify.Message{To: to, Subject: "A client's reminders need a new homework link",
		Text: fmt.Sprintf("%s\n\n%s\n\n%s\n", lead, ask, page),
		HTML: fmt.Sprintf(`<!doctype html><html><body style="font-family:sans-serif;font-size:16px;line-height:1.5;max-width:36em;margin:0 auto;padding:1em">`+
			`<p>%s</p><p>%s</p><p><a href="%s">Open the client's page</a></p></body></html>`,
			html.EscapeString(lead), html.EscapeString(ask), html.EscapeString(page))}
}

// linkNoticeNeeded says whether an active client is left without a live homework link.
func linkNoticeNeeded(ctx context.Context, tx *db.Tx, clientID uuid.UUID) (bool, error) {
	c, err := clients.ContactOf(ctx, tx, clientID)
	if err != nil || c.Status != "active" {
		return false, err
	}
	live, err := links.Live(ctx, tx, []uuid.UUID{clientID})
	return len(live) == 0, err
}
