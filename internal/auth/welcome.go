package auth

import (
	"context"
	"fmt"
	"html"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/notify"
	"github.com/steadyhq/steady/internal/practice"
)

// WelcomeArgs is the job that emails a new practice owner.
type WelcomeArgs struct {
	PracticeID uuid.UUID `json:"practice_id"`
	UserID     uuid.UUID `json:"user_id"`
}

// Kind names the job in River's table.
func (WelcomeArgs) Kind() string { return "welcome_email" }

// InsertOpts makes the job unique per user: inserting it twice is a no-op.
func (WelcomeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// EnqueueWelcome is an OnSignup hook: the welcome email job joins the sign-up transaction.
func EnqueueWelcome(ctx context.Context, tx *db.Tx, ev SignupEvent) error {
	return tx.InsertJob(ctx, WelcomeArgs{PracticeID: ev.PracticeID, UserID: ev.UserID}, nil)
}

// WelcomeWorker sends the welcome email, once.
type WelcomeWorker struct {
	river.WorkerDefaults[WelcomeArgs]
	DB        *db.DB
	Mailer    notify.Mailer
	PublicURL string
}

// Work loads the owner and practice and sends the email through notify.SendOnce.
func (w *WelcomeWorker) Work(ctx context.Context, job *river.Job[WelcomeArgs]) error {
	scope := db.Scope{PracticeID: job.Args.PracticeID, UserID: job.Args.UserID}
	var u *User
	var p *practice.Practice
	err := w.DB.InTenant(ctx, scope, func(tx *db.Tx) error {
		var err error
		if u, err = getUser(ctx, tx, scope.UserID); err != nil {
			return err
		}
		p, err = practice.Get(ctx, tx, scope.PracticeID)
		return err
	})
	if err != nil {
		return err
	}
	return notify.SendOnce(ctx, w.DB, scope, "welcome:"+u.ID.String(), w.Mailer, welcomeMessage(u, p, w.PublicURL))
}

func welcomeMessage(u *User, p *practice.Practice, publicURL string) notify.Message {
	login := publicURL + "/login"
	text := fmt.Sprintf(`Hello %s,

Welcome to Steady. %s is set up and you are its owner.

Log in any time at %s

If you did not create this practice, reply to this email and we will close it.

— Steady`, u.Name, p.Name, login)
	body := fmt.Sprintf(`<p>Hello %s,</p><p>Welcome to Steady. <strong>%s</strong> is set up and you are its owner.</p>
<p><a href="%s">Log in to Steady</a></p><p>If you did not create this practice, reply to this email and we will close it.</p><p>— Steady</p>`,
		html.EscapeString(u.Name), html.EscapeString(p.Name), html.EscapeString(login))
	return notify.Message{To: u.Email, Subject: "Welcome to Steady", Text: text, HTML: body}
}
