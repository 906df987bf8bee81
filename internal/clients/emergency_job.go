package clients

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/notify"
	"github.com/steadyhq/steady/internal/practice"
)

// EmergencyEmailArgs is the job that tells a client's clinicians that an owner opened the
// client's record under an emergency grant. It is inserted with the grant, in its transaction.
type EmergencyEmailArgs struct {
	PracticeID uuid.UUID `json:"practice_id"`
	GrantID    uuid.UUID `json:"grant_id"`
}

// Kind names the job in River's table.
func (EmergencyEmailArgs) Kind() string { return "emergency_access_email" }

// InsertOpts keep one job per grant.
func (EmergencyEmailArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// EmergencyEmailWorker sends those emails, one per clinician, each at most once.
type EmergencyEmailWorker struct {
	river.WorkerDefaults[EmergencyEmailArgs]
	DB        *db.DB
	Mailer    notify.Mailer
	PublicURL string
}

// emergencyEmail is what one email needs: who to, and what happened.
type emergencyEmail struct {
	to       []Person
	owner    string
	practice string
	zone     *time.Location
	grant    Grant
}

// Work reads the grant and its clinicians and emails each of them. A grant gone since (its
// client erased) tells nobody.
func (w *EmergencyEmailWorker) Work(ctx context.Context, job *river.Job[EmergencyEmailArgs]) error {
	scope := db.Scope{PracticeID: job.Args.PracticeID}
	var e emergencyEmail
	err := w.DB.InTenant(ctx, scope, func(tx *db.Tx) error {
		var err error
		e, err = readEmergencyEmail(ctx, tx, job.Args.GrantID)
		return err
	})
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, p := range e.to {
		key := "emergency-access:" + e.grant.ID.String() + ":" + p.ID.String()
		if err := notify.SendOnce(ctx, w.DB, scope, key, w.Mailer, e.message(p, w.PublicURL)); err != nil {
			return err
		}
	}
	return nil
}

// cliniciansOfCoupleSQL reads the ids of a couple's clinicians and of each partner's own.
const cliniciansOfCoupleSQL = `SELECT user_id FROM couple_clinicians WHERE couple_id = ?
	UNION SELECT cc.user_id FROM client_clinicians cc
	JOIN couple_partners p ON p.practice_id = cc.practice_id AND p.client_id = cc.client_id WHERE p.couple_id = ?`

// readEmergencyEmail reads the grant, the active clinicians of what it opened (never the owner
// who opened it, should they be one), the owner's name and the practice's name and zone.
func readEmergencyEmail(ctx context.Context, tx *db.Tx, grantID uuid.UUID) (emergencyEmail, error) {
	var e emergencyEmail
	if err := tx.Gorm.Where("id = ?", grantID).Take(&e.grant).Error; err != nil {
		return e, err
	}
	var ids []uuid.UUID
	q := tx.Gorm.Raw(cliniciansOfClientSQL, e.grant.ClientID, e.grant.ClientID)
	if e.grant.CoupleID != nil {
		q = tx.Gorm.Raw(cliniciansOfCoupleSQL, e.grant.CoupleID, e.grant.CoupleID)
	}
	if err := q.Scan(&ids).Error; err != nil {
		return e, err
	}
	active, err := practice.ActiveAmong(ctx, tx, ids)
	if err != nil {
		return e, err
	}
	if e.to, err = people(ctx, tx, without(active, e.grant.OwnerID)); err != nil {
		return e, err
	}
	owner, err := people(ctx, tx, []uuid.UUID{e.grant.OwnerID})
	if err != nil || len(owner) == 0 {
		return e, err
	}
	e.owner = owner[0].Name
	p, err := practice.Get(ctx, tx, tx.PracticeID())
	if err != nil {
		return e, err
	}
	e.practice = p.Name
	if e.zone, err = time.LoadLocation(p.TimeZone); err != nil {
		e.zone = time.UTC
	}
	return e, nil
}

// message is the email to one clinician. It names neither the client nor anything clinical,
// since an inbox is not the record: only that an owner opened a client of theirs, when, until
// when and why, and the page in Steady that shows which client.
func (e emergencyEmail) message(to Person, publicURL string) notify.Message {
	page := publicURL + "/app/clients/"
	if e.grant.CoupleID != nil {
		page = publicURL + "/app/couples/" + e.grant.CoupleID.String()
	} else if e.grant.ClientID != nil {
		page += e.grant.ClientID.String()
	}
	const when = "Monday 2 January 2006 at 15:04 MST"
	text := fmt.Sprintf("Hello %s,\n\n"+
		"%s, an owner of %s, used emergency access to open the record of one of your clients on %s. "+
		"The access ends %s at the latest.\n\n"+
		"The reason they gave:\n\n%s\n\n"+
		"Open Steady to see which client; the client's page shows the same notice:\n\n%s\n\n"+
		"Every use of emergency access is recorded in the practice's audit log. "+
		"This email holds no client details on purpose.\n",
		to.Name, e.owner, e.practice, e.grant.OpenedAt.In(e.zone).Format(when),
		e.grant.ExpiresAt.In(e.zone).Format(when), e.grant.Reason, page)
	return notify.Message{To: to.Email, Subject: "Steady: emergency access to a client of yours", Text: text}
}

// without returns ids less one.
func without(ids []uuid.UUID, drop uuid.UUID) []uuid.UUID {
	out := ids[:0:0]
	for _, id := range ids {
		if id != drop {
			out = append(out, id)
		}
	}
	return out
}
