package assignments

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/safety"
)

// HoldTrustRepair is the safety.HoldFunc: a screen that says hold stops trust-repair work now.
var _ safety.HoldFunc = HoldTrustRepair

// HoldTrustRepair pauses the partners' active trust-repair assignments, whichever route made
// them, and audits each pause with the screen that caused it.
func HoldTrustRepair(ctx context.Context, tx *db.Tx, caller auth.Caller, k *clients.CoupleDetail, screenID uuid.UUID,
	now time.Time) ([]safety.HeldAssignment, error) {
	names := map[uuid.UUID]string{}
	ids := make([]uuid.UUID, 0, len(k.Partners))
	for _, p := range k.Partners {
		names[p.ClientID] = p.Name
		ids = append(ids, p.ClientID)
	}
	var active []Assignment
	if err := tx.Gorm.Where("client_id IN ? AND status = ?", ids, Active).
		Order("client_id, created_at, id").Find(&active).Error; err != nil {
		return nil, err
	}
	held := []safety.HeldAssignment{}
	for i := range active {
		a := &active[i]
		if !a.Definition.TrustRepair() {
			continue
		}
		a.Status, a.PausedAt, a.UpdatedAt = Paused, &now, now
		if err := tx.Gorm.Save(a).Error; err != nil {
			return nil, err
		}
		if err := audit.Record(ctx, tx, caller.PracticeID, actorOf(caller), audit.Event{Action: "assignment.pause",
			SubjectType: "assignment", SubjectID: a.ID.String(), ClientID: a.ClientID,
			Detail: map[string]any{"reason": "safety_screen_hold", "screen_id": screenID.String()}}); err != nil {
			return nil, err
		}
		held = append(held, safety.HeldAssignment{ID: a.ID, ClientID: a.ClientID, ClientName: names[a.ClientID], Title: a.Title})
	}
	return held, nil
}
