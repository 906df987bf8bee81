package reminders

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/seal"
)

// allChannels are the channels a message may have rows for, whatever its setting is now, in
// the order stateSQL reads them.
var allChannels = [2]string{"email", "sms"}

// deliveryID is the delivery row's id, derived from what the message is, so every attempt at
// it carries the same id, and with it the same idempotency key.
func deliveryID(a SendArgs, channel string) uuid.UUID {
	name := append(a.Date.Append(make([]byte, 0, 32)), '/')
	name = append(append(append(name, a.Message...), '/'), channel...)
	return uuid.NewSHA1(a.AssignmentID, name)
}

// linkToken is the token of the link a delivery carries. It is derived from the delivery, not
// drawn at random, so every attempt sends the same link and storing it again changes nothing.
func linkToken(key *seal.Key, delivery uuid.UUID) string {
	return key.Token("reminder-link:" + delivery.String())
}

// pending are the delivery rows, each with its link's token, of a batch of dispatched
// messages. The dispatcher writes them in bulk with the jobs, so that sending one is a single
// claiming statement instead of rows made one at a time.
type pending struct {
	ids, clients, assignments []uuid.UUID
	dates                     []time.Time
	kinds, chans              []string
	hashes                    [][]byte        // the token's hash
	links                     []uuid.NullUUID // the client's live homework link, if there is one
}

// add records the rows of one message on each channel its assignment uses.
func (p *pending) add(key *seal.Key, a SendArgs, clientID uuid.UUID, channel string, link *liveLink) {
	for _, ch := range ReminderChannelsOf(channel) {
		id := deliveryID(a, ch)
		p.row(id, clientID, a, ch, links.HashToken(linkToken(key, id)), link.nullID())
	}
}

// row appends one delivery row: message a's on channel.
func (p *pending) row(id, clientID uuid.UUID, a SendArgs, channel string, hash []byte, link uuid.NullUUID) {
	p.ids, p.clients, p.assignments = append(p.ids, id), append(p.clients, clientID), append(p.assignments, a.AssignmentID)
	p.dates, p.kinds, p.chans = append(p.dates, a.Date.UTC()), append(p.kinds, string(a.Message)), append(p.chans, channel)
	p.hashes, p.links = append(p.hashes, hash), append(p.links, link)
}

// insertPendingSQL writes a batch's delivery rows, one array per column; rows that exist stay.
const insertPendingSQL = `INSERT INTO reminder_deliveries (practice_id, id, client_id, assignment_id,
	occurrence_date, kind, channel, token_hash, link_id) SELECT $1, * FROM unnest($2::uuid[], $3::uuid[],
	$4::uuid[], $5::date[], $6::text[], $7::text[], $8::bytea[], $9::uuid[]) ON CONFLICT DO NOTHING RETURNING id`

// store writes the rows and returns the ids of those it made; rows that exist already (a
// message handed over twice) stay as they are.
func (p *pending) store(ctx context.Context, tx *db.Tx, practiceID uuid.UUID) (map[uuid.UUID]bool, error) {
	made := make(map[uuid.UUID]bool, len(p.ids))
	if len(p.ids) == 0 {
		return made, nil
	}
	// pgx directly, as the rest of the storm's path (decisions 0005 and 0006): one array per
	// column for unnest.
	err := tx.WithPgx(func(ptx pgx.Tx) error {
		rows, err := ptx.Query(ctx, insertPendingSQL,
			practiceID, p.ids, p.clients, p.assignments, p.dates, p.kinds, p.chans, p.hashes, p.links)
		if err != nil {
			return err
		}
		var id uuid.UUID
		_, err = pgx.ForEachRow(rows, []any{&id}, func() error { made[id] = true; return nil })
		return err
	})
	return made, err
}
