package team

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/url"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/notify"
	"github.com/steadyhq/steady/internal/practice"
)

// InviteArgs is the job that emails an invitation. Send numbers the sends (a resend is send
// 2, ...), so each gets its own delivery record.
type InviteArgs struct {
	PracticeID   uuid.UUID `json:"practice_id"`
	InvitationID uuid.UUID `json:"invitation_id"`
	Send         int       `json:"send"`
}

// Kind names the job in River's table.
func (InviteArgs) Kind() string { return "invitation_email" }

// InsertOpts makes each send unique.
func (InviteArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// InviteWorker sends invitation emails. The link's token is minted here, inside the delivery's
// transaction, and only its hash is stored: the token exists nowhere but in the email, never in
// the job's arguments.
type InviteWorker struct {
	river.WorkerDefaults[InviteArgs]
	DB        *db.DB
	Mailer    notify.Mailer
	PublicURL string
	Now       func() time.Time // nil is the real clock
}

// Work sends the email unless the invitation was revoked, accepted or re-sent meanwhile.
func (w *InviteWorker) Work(ctx context.Context, job *river.Job[InviteArgs]) error {
	a := job.Args
	key := fmt.Sprintf("invite:%s:%d", a.InvitationID, a.Send)
	return notify.SendOnceBuilt(ctx, w.DB, db.Scope{PracticeID: a.PracticeID}, key, w.Mailer, "", "Invitation to Steady",
		func(tx *db.Tx) (notify.Message, error) {
			var inv Invitation
			err := tx.Gorm.Clauses(clause.Locking{Strength: "UPDATE"}).
				Where("practice_id = ? AND id = ?", tx.PracticeID(), a.InvitationID).Take(&inv).Error
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return notify.Message{}, notify.ErrSkip
			}
			if err != nil {
				return notify.Message{}, err
			}
			if !inv.open(module.Clock(w.Now)()) || inv.Sends != a.Send {
				return notify.Message{}, notify.ErrSkip
			}
			p, err := practice.Get(ctx, tx, a.PracticeID)
			if err != nil {
				return notify.Message{}, err
			}
			token := newToken()
			if err := tx.Gorm.Model(&inv).Update("token_hash", db.Bytes(hashToken(token))).Error; err != nil {
				return notify.Message{}, err
			}
			return inviteMessage(&inv, p.Name, w.PublicURL+"/accept-invitation?token="+url.QueryEscape(token)), nil
		})
}

func inviteMessage(inv *Invitation, practiceName, link string) notify.Message {
	text := fmt.Sprintf(`Hello,

You have been invited to join %s on Steady as %s.

Accept the invitation here (the link works once, for seven days):
%s

If you were not expecting this, you can ignore this email.

— Steady`, practiceName, article(inv.Role), link)
	body := fmt.Sprintf(`<p>Hello,</p><p>You have been invited to join <strong>%s</strong> on Steady as %s.</p>
<p><a href="%s">Accept the invitation</a> (the link works once, for seven days).</p>
<p>If you were not expecting this, you can ignore this email.</p><p>— Steady</p>`,
		html.EscapeString(practiceName), article(inv.Role), html.EscapeString(link))
	return notify.Message{To: inv.Email, Subject: "Invitation to join " + practiceName + " on Steady", Text: text, HTML: body}
}

func article(role string) string {
	if role == "admin" {
		return "an admin"
	}
	return "a clinician"
}
