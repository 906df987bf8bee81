package billing

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/db"
)

// ActionTransition is the audit action of a change in a practice's subscription status or standing.
const ActionTransition = "billing.transition"

// setStandingSQL remembers the standing owners were last told of.
const setStandingSQL = `UPDATE billing_subscriptions SET standing = ? WHERE practice_id = ?`

// noteTransition compares the stored subscription with old (as it was before this
// transaction's change) and, when its status or its standing moved, records the move in the
// audit trail and inserts the job that tells the practice's owners and admins, in this
// transaction: a transition is never recorded without its email, or the reverse.
func (s *Service) noteTransition(ctx context.Context, tx *db.Tx, old *Subscription, now time.Time) error {
	cur, err := load(tx)
	if err != nil {
		return err
	}
	st := s.judge(cur)
	was := old.Told
	if was == "" {
		was = Full
	}
	if cur.Status == old.Status && st.Level == was {
		return nil
	}
	if err := tx.Gorm.Exec(setStandingSQL, st.Level, cur.PracticeID).Error; err != nil {
		return err
	}
	if err := audit.Record(ctx, tx, cur.PracticeID, audit.Actor{}, audit.Event{Action: ActionTransition,
		SubjectType: "subscription", SubjectID: cur.PracticeID.String(),
		Detail: map[string]any{"from_status": old.Status, "to_status": cur.Status,
			"from_standing": was, "to_standing": st.Level, "reason": st.Reason}}); err != nil {
		return err
	}
	n := NoticeArgs{PracticeID: cur.PracticeID, Status: cur.Status, Standing: st.Level, Reason: st.Reason,
		GraceEnds: st.GraceEnds, FromStatus: old.Status}
	n.ID = uuid.NewSHA1(cur.PracticeID, []byte(old.Status+">"+cur.Status+"/"+was+">"+st.Level+"@"+now.UTC().Format(time.RFC3339Nano)))
	return tx.InsertJob(ctx, n, nil)
}
