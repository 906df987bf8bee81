package billing

import (
	"context"
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/notify"
	"github.com/steadyhq/steady/internal/practice"
)

// NoticeArgs is the job that tells a practice's owners and admins their subscription moved.
type NoticeArgs struct {
	ID         uuid.UUID  `json:"id"` // the transition's, for the send-once key
	PracticeID uuid.UUID  `json:"practice_id"`
	FromStatus string     `json:"from_status"`
	Status     string     `json:"status"`
	Standing   string     `json:"standing"`
	Reason     string     `json:"reason"`
	GraceEnds  *time.Time `json:"grace_ends"`
	TrialEnds  *time.Time `json:"trial_ends,omitempty"` // a trial about to end (Reason trial_ending)
}

// Kind names the job.
func (NoticeArgs) Kind() string { return "billing_notice" }

// InsertOpts keeps one job per transition.
func (NoticeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// NoticeWorker emails the transition to each active owner and admin, once each.
type NoticeWorker struct {
	river.WorkerDefaults[NoticeArgs]
	DB        *db.DB
	Mailer    notify.Mailer
	PublicURL string
}

// Work sends the notice. The email says what changed and what it means, with no client's name.
func (w *NoticeWorker) Work(ctx context.Context, job *river.Job[NoticeArgs]) error {
	a := job.Args
	scope := db.Scope{PracticeID: a.PracticeID}
	var people []auth.Colleague
	err := w.DB.InTenant(ctx, scope, func(tx *db.Tx) error {
		ids, err := practice.ActiveWithRoles(ctx, tx, practice.RoleOwner, practice.RoleAdmin)
		if err != nil {
			return err
		}
		people, err = auth.UsersByEmail(ctx, tx, ids)
		return err
	})
	if err != nil {
		return err
	}
	for _, p := range people {
		m := noticeMessage(p.Email, a, w.PublicURL+"/app/billing")
		if err := notify.SendOnce(ctx, w.DB, scope, "billing:"+a.ID.String()+":"+p.ID.String(), w.Mailer, m); err != nil {
			return err
		}
	}
	return nil
}

// noticeMessage is the email for one transition.
func noticeMessage(to string, a NoticeArgs, page string) notify.Message {
	subject, lines := noticeWords(a)
	lines = append(lines, "The Billing page has the details: "+page)
	var b strings.Builder
	b.WriteString(`<!doctype html><html><body style="font-family:sans-serif;font-size:16px;line-height:1.5;max-width:36em;margin:0 auto;padding:1em">`)
	for _, l := range lines[:len(lines)-1] {
		fmt.Fprintf(&b, "<p>%s</p>", html.EscapeString(l))
	}
	fmt.Fprintf(&b, `<p><a href="%s">Open the Billing page</a></p></body></html>`, html.EscapeString(page))
	return notify.Message{To: to, Subject: subject, Text: strings.Join(lines, "\n\n") + "\n", HTML: b.String()}
}

// noticeWords says what a transition means for the practice.
func noticeWords(a NoticeArgs) (subject string, lines []string) {
	const kept = "Every record can still be read and exported, clients' homework links keep working for what " +
		"is already assigned, risk alerts keep coming and reminders continue until assignments end."
	switch {
	case a.Reason == "trial_ending":
		day := a.TrialEnds.UTC().Format("2 January 2006")
		return "Your Steady trial ends on " + day, []string{
			"Your practice's free trial of Steady ends on " + day + ". Nothing is charged by itself: to keep " +
				"adding clients, assignments and colleagues after that day, choose a plan on the Billing page.",
			"If you do not, the practice becomes read-only. " + kept,
		}
	case a.Standing == Grace:
		return "A Steady payment failed", []string{
			"The latest payment for your practice's Steady subscription did not go through.",
			fmt.Sprintf("Steady keeps working in full until %s. Please update the payment method before then.",
				a.GraceEnds.UTC().Format("2 January 2006")),
		}
	case a.Standing == ReadOnly:
		return "Your Steady practice is now read-only", []string{
			"Your practice's Steady subscription has ended (" + readable(a.Reason) + "), so no new clients, " +
				"assignments or invitations can be added.",
			kept,
			"Subscribing again on the Billing page restores everything at once.",
		}
	case a.FromStatus == "past_due" || a.FromStatus == "canceled" || a.FromStatus == "unpaid":
		return "Your Steady subscription is in order again", []string{
			"Thank you: your practice's Steady subscription is " + readable(a.Status) + " and everything works as before.",
		}
	default:
		return "Your Steady subscription is " + readable(a.Status), []string{
			"Your practice's Steady subscription is now " + readable(a.Status) + ".",
		}
	}
}

// readable is a status or reason in words.
func readable(s string) string {
	switch s {
	case "trial_over":
		return "the free trial ended"
	case "grace_over":
		return "a payment was still due when the grace period ended"
	case "incomplete":
		return "the first payment was not completed"
	case "past_due":
		return "past due"
	default:
		return strings.ReplaceAll(s, "_", " ")
	}
}
