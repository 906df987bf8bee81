package alertrules

import (
	"context"
	"fmt"
	"html"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/notify"
)

// EmailArgs is the job that emails a clinician about a rule alert, for rules with email on.
type EmailArgs struct {
	PracticeID uuid.UUID `json:"practice_id"`
	AlertID    uuid.UUID `json:"alert_id"`
}

// Kind names the job.
func (EmailArgs) Kind() string { return "rule_alert_email" }

// InsertOpts keep one job per alert.
func (EmailArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// EmailWorker sends them.
type EmailWorker struct {
	river.WorkerDefaults[EmailArgs]
	DB        *db.DB
	Mailer    notify.Mailer
	PublicURL string
}

// Work sends the email once. It names no client and says nothing clinical: only that one of
// the clinician's clients needs a look, and where.
func (w *EmailWorker) Work(ctx context.Context, job *river.Job[EmailArgs]) error {
	a := job.Args
	return notify.SendOnceBuilt(ctx, w.DB, db.Scope{PracticeID: a.PracticeID}, "rule-alert:"+a.AlertID.String(), w.Mailer,
		"", "A client needs your look", func(tx *db.Tx) (notify.Message, error) {
			var to uuid.UUID
			if err := tx.Gorm.Raw(`SELECT clinician_id FROM rule_alerts WHERE id = ?`, a.AlertID).Row().Scan(&to); err != nil {
				return notify.Message{}, err
			}
			people, err := auth.UsersByEmail(ctx, tx, []uuid.UUID{to})
			if err != nil || len(people) == 0 {
				return notify.Message{}, notify.ErrSkip
			}
			return alertMessage(people[0].Email, w.PublicURL+"/app", w.PublicURL+"/app/digests/settings"), nil
		})
}

// alertMessage is the email: a link to the overview, and where to stop these emails (the
// rules' own email switch, which a clinician changes for their clients only).
func alertMessage(to, page, settings string) notify.Message {
	const lead = "One of your clients matches an alert rule you chose (such as missed tasks or a change in a measure)."
	const ask = "The details are in Steady, on your overview."
	const why = "You receive this because your alert rules ask for email. To stop these emails, change My alert rules:"
	return notify.Message{To: to, Subject: "A client needs your look",
		Text: fmt.Sprintf("%s\n\n%s\n\n%s\n\n%s %s\n", lead, ask, page, why, settings),
		HTML: fmt.Sprintf(`<!doctype html><html><body style="font-family:sans-serif;font-size:16px;line-height:1.5;max-width:36em;margin:0 auto;padding:1em">`+
			`<p>%s</p><p>%s</p><p><a href="%s">Open Steady</a></p><p style="color:#555;font-size:14px">%s <a href="%s">My alert rules</a></p></body></html>`,
			html.EscapeString(lead), html.EscapeString(ask), html.EscapeString(page), html.EscapeString(why), html.EscapeString(settings))}
}
