package checkins

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/notify"
)

// AlertWorker emails a risk alert to the clinicians of the client (those assigned to them
// directly or through a couple), or to the practice's owners and admins when nobody is. The
// email says only that something needs attention: what the client answered stays in Steady.
type AlertWorker struct {
	river.WorkerDefaults[AlertArgs]
	DB        *db.DB
	Mailer    notify.Mailer
	PublicURL string
}

// Work sends one email per recipient, each at most once.
func (w *AlertWorker) Work(ctx context.Context, job *river.Job[AlertArgs]) error {
	scope := db.Scope{PracticeID: job.Args.PracticeID}
	var to []clients.Person
	err := w.DB.InTenant(ctx, scope, func(tx *db.Tx) error {
		var clientID uuid.UUID
		if err := tx.Gorm.Raw(alertClientSQL, job.Args.AlertID).Row().Scan(&clientID); err != nil {
			return err
		}
		var err error
		to, err = clients.Responsible(ctx, tx, clientID)
		return err
	})
	if err != nil {
		return err
	}
	for _, r := range to {
		m := notify.Message{To: r.Email, Subject: "Steady: a client needs your attention",
			Text: fmt.Sprintf("Hello %s,\n\nOne of your clients gave an answer that Steady flags for prompt attention.\n"+
				"Open Steady to see it and record what you did:\n\n%s/app/alerts\n\n"+
				"This email holds no client details on purpose.\n", r.Name, w.PublicURL)}
		key := "risk-alert:" + job.Args.AlertID.String() + ":" + r.ID.String()
		if err := notify.SendOnce(ctx, w.DB, scope, key, w.Mailer, m); err != nil {
			return err
		}
	}
	return nil
}
