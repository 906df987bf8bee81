package reminders

import (
	"context"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/practice"
)

// preference is a client's own choices and whether they are still a client.
type preference struct {
	ClientID     uuid.UUID
	ClientStatus string
	PreferredAt  *string
	Off          bool
}

// clientPreferencesSQL reads some clients' status and reminder choices.
const clientPreferencesSQL = `SELECT c.id AS client_id, c.status AS client_status, p.preferred_at,
	coalesce(p.off, false) AS off FROM clients c LEFT JOIN reminder_preferences p
	ON p.practice_id = c.practice_id AND p.client_id = c.id WHERE c.id IN ?`

// loadInputs reads, for a batch of assignments, everything their firings depend on, in a few
// queries whatever the batch's size.
func loadInputs(ctx context.Context, tx *db.Tx, ids []uuid.UUID) (*inputs, error) {
	var as []assignments.Assignment
	// The definition (the exercise's whole text) plays no part in firing times.
	if err := tx.Gorm.Omit("definition").Where("id IN ?", ids).Find(&as).Error; err != nil {
		return nil, err
	}
	in := &inputs{assignments: make(map[uuid.UUID]*assignments.Assignment, len(as)), prefs: map[uuid.UUID]preference{}}
	clientIDs := make([]uuid.UUID, 0, len(as))
	for i := range as {
		in.assignments[as[i].ID] = &as[i]
		clientIDs = append(clientIDs, as[i].ClientID)
	}
	if len(clientIDs) == 0 {
		return in, nil
	}
	var err error
	if in.zones, err = clients.ZonesOf(ctx, tx, clientIDs); err != nil {
		return nil, err
	}
	var ps []preference
	if err := tx.Gorm.Raw(clientPreferencesSQL, clientIDs).Scan(&ps).Error; err != nil {
		return nil, err
	}
	for _, p := range ps {
		in.prefs[p.ClientID] = p
	}
	if in.links, err = liveLinks(ctx, tx, clientIDs); err != nil {
		return nil, err
	}
	in.quiet, err = practice.QuietHours(ctx, tx)
	return in, err
}

// liveLinks are the clients' live homework links, the newest where there are several.
func liveLinks(ctx context.Context, tx *db.Tx, clientIDs []uuid.UUID) (map[uuid.UUID]*liveLink, error) {
	ids, err := links.Live(ctx, tx, clientIDs)
	out := make(map[uuid.UUID]*liveLink, len(ids))
	for client, id := range ids {
		out[client] = &liveLink{ID: id}
	}
	return out, err
}
