package digests

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/notify"
)

// SendArgs is the job that emails one stored digest.
type SendArgs struct {
	PracticeID uuid.UUID `json:"practice_id"`
	DigestID   uuid.UUID `json:"digest_id"`
}

// Kind names the job.
func (SendArgs) Kind() string { return "digest_email" }

// InsertOpts keep one job per digest and give a failing mail server time to recover.
func (SendArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// SendWorker emails digests.
type SendWorker struct {
	river.WorkerDefaults[SendArgs]
	Digests *Service
}

// Work sends the digest's email once (the reminders' send-once design: a delivery row locked
// for the send), unless the person turned the email off meanwhile. The one-click unsubscribe
// token is minted in the delivery's transaction and only its hash is kept.
func (w *SendWorker) Work(ctx context.Context, job *river.Job[SendArgs]) error {
	s, a := w.Digests, job.Args
	return notify.SendOnceBuilt(ctx, s.db, db.Scope{PracticeID: a.PracticeID}, "digest:"+a.DigestID.String(), s.mailer,
		"", "Your week in Steady", func(tx *db.Tx) (notify.Message, error) {
			return s.message(ctx, tx, a.DigestID)
		})
}

// sendFactsSQL reads what the email needs: whose digest, what it counts, and whether the
// person still wants the email.
const sendFactsSQL = `SELECT d.user_id, d.attention, d.period_start, d.period_end, s.email
	FROM digests d JOIN digest_settings s ON s.practice_id = d.practice_id AND s.user_id = d.user_id
	WHERE d.practice_id = ? AND d.id = ?`

// setTokenSQL keeps the hash of the email's unsubscribe token.
const setTokenSQL = `UPDATE digests SET unsubscribe_hash = ? WHERE id = ?`

// message is the digest's email: how many clients need attention and a link to the page;
// never a client's name, a score or an answer.
func (s *Service) message(ctx context.Context, tx *db.Tx, id uuid.UUID) (notify.Message, error) {
	var f struct {
		UserID                 uuid.UUID
		Attention              int
		PeriodStart, PeriodEnd time.Time
		Email                  bool
	}
	if err := tx.Gorm.Raw(sendFactsSQL, tx.PracticeID(), id).Take(&f).Error; err != nil {
		return notify.Message{}, err
	}
	if !f.Email {
		return notify.Message{}, notify.ErrSkip
	}
	people, err := auth.UsersByEmail(ctx, tx, []uuid.UUID{f.UserID})
	if err != nil || len(people) == 0 {
		return notify.Message{}, orSkip(err)
	}
	token := newToken()
	if err := tx.Gorm.Exec(setTokenSQL, db.Bytes(hashToken(token)), id).Error; err != nil {
		return notify.Message{}, err
	}
	page := fmt.Sprintf("%s/app/digests/%s", s.publicURL, id)
	unsub := s.publicURL + "/digests/unsubscribe/" + token
	m := digestMessage(people[0].Email, f.Attention, f.PeriodStart, f.PeriodEnd, page, unsub)
	m.ID = id.String() + "@steady.digests" // a resend is recognisably the same message
	return m, nil
}

func orSkip(err error) error {
	if err != nil {
		return err
	}
	return notify.ErrSkip // the person is gone
}

// digestMessage is the email itself.
func digestMessage(to string, attention int, from, until time.Time, page, unsub string) notify.Message {
	subject := "Your week in Steady: nobody needs your attention"
	lead := "None of your clients needs your attention this week."
	switch {
	case attention == 1:
		subject, lead = "Your week in Steady: 1 client needs attention", "One of your clients needs your attention this week."
	case attention > 1:
		subject = fmt.Sprintf("Your week in Steady: %d clients need attention", attention)
		lead = fmt.Sprintf("%d of your clients need your attention this week.", attention)
	}
	period := fmt.Sprintf("Your digest for %s to %s is ready: who needs a look, the week's wins and everyone's adherence.",
		from.Format("2 January"), until.Format("2 January 2006"))
	off := "You receive this because weekly digest emails are on. Turn them off: " + unsub
	return notify.Message{To: to, Subject: subject, Unsubscribe: unsub,
		Text: fmt.Sprintf("%s\n\n%s\n\n%s\n\n%s\n", lead, period, page, off),
		HTML: fmt.Sprintf(`<!doctype html><html><body style="font-family:sans-serif;font-size:16px;line-height:1.5;max-width:36em;margin:0 auto;padding:1em">`+
			`<p>%s</p><p>%s</p><p><a href="%s">Open your digest</a></p><p style="color:#555;font-size:14px">`+
			`You receive this because weekly digest emails are on. <a href="%s">Turn them off</a>.</p></body></html>`,
			html.EscapeString(lead), html.EscapeString(period), html.EscapeString(page), html.EscapeString(unsub))}
}

// newToken is a fresh unsubscribe token: 32 random bytes, URL-safe.
func newToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}
