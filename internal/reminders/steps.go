package reminders

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
)

// Coalescing limits: messages per round trip, and round trips at once per step.
const (
	stepBatch    = 200
	stepParallel = 2
)

// steps are the sender's three database steps, each shared by the jobs running at once.
type steps struct {
	load  coalescer[loadReq, *state]
	claim coalescer[decisions, map[uuid.UUID]bool]
	mark  coalescer[outcomes, struct{}]
}

func newSteps(d *db.DB) *steps {
	s := &steps{}
	s.load = coalescer[loadReq, *state]{max: stepBatch, parallel: stepParallel,
		run: func(ctx context.Context, reqs []loadReq) ([]*state, error) { return loadStates(ctx, d, reqs) }}
	s.claim = coalescer[decisions, map[uuid.UUID]bool]{max: stepBatch, parallel: stepParallel,
		run: func(ctx context.Context, ds []decisions) ([]map[uuid.UUID]bool, error) { return claimAll(ctx, d, ds) }}
	s.mark = coalescer[outcomes, struct{}]{max: stepBatch, parallel: stepParallel,
		run: func(ctx context.Context, os []outcomes) ([]struct{}, error) {
			return make([]struct{}, len(os)), markAll(ctx, d, os)
		}}
	return s
}

// decisions are one message's rows as the claim writes them.
type decisions struct {
	args                     SendArgs
	client                   uuid.UUID
	link                     uuid.NullUUID // the live homework link the token leads to, if any
	ids                      []uuid.UUID
	chans, statuses, reasons []string
	hashes                   [][]byte
	exists                   []bool // the row was there when the job read it
	ready                    []bool // to send, and stored as it goes: no write before the send
}

func (d *decisions) add(id uuid.UUID, channel, status, reason string, hash []byte, exists, ready bool) {
	d.ids, d.chans, d.hashes = append(d.ids, id), append(d.chans, channel), append(d.hashes, hash)
	d.statuses, d.reasons, d.exists = append(d.statuses, status), append(d.reasons, reason), append(d.exists, exists)
	d.ready = append(d.ready, ready)
}

// allReady says whether every row is ready to send as it is stored, so the claim has nothing
// to write.
func (d decisions) allReady() bool { return !slices.Contains(d.ready, false) }

// readyRows are the message's rows, each held to send when it is ready as stored.
func (d decisions) readyRows() map[uuid.UUID]bool {
	out := make(map[uuid.UUID]bool, len(d.ids))
	for i, id := range d.ids {
		out[id] = d.ready[i]
	}
	return out
}

// claimSQL updates a practice's rows where they are still undecided, with the link each token
// now leads to (the dispatcher may have found none, or another), and returns those written.
const claimSQL = `UPDATE reminder_deliveries d SET status = w.status, reason = w.reason,
		attempts = d.attempts + (w.status = 'sending')::int, token_hash = w.hash, link_id = w.link
	FROM unnest($2::uuid[], $3::text[], $4::text[], $5::bytea[], $6::uuid[]) AS w(id, status, reason, hash, link)
	WHERE d.practice_id = $1 AND d.id = w.id AND d.status IN ('pending', 'sending')
	RETURNING d.id, d.status`

// claimNewSQL is claimSQL for rows the dispatcher did not make (the setting changed after the
// dispatch): it makes them. A row that exists by now is left alone and not returned, so not
// sent: another attempt made it, or it was made before ids were derived (it is then found by
// its natural key, which is unique too) and its message has been dealt with.
const claimNewSQL = `INSERT INTO reminder_deliveries (practice_id, id, client_id, assignment_id, occurrence_date,
	kind, channel, status, reason, attempts, token_hash, link_id)
	SELECT $1, w.id, w.client, w.assignment, w.date, w.kind, w.channel, w.status, w.reason,
		(w.status = 'sending')::int, w.hash, w.link
	FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::date[], $6::text[], $7::text[], $8::text[], $9::text[],
		$10::bytea[], $11::uuid[]) AS w(id, client, assignment, date, kind, channel, status, reason, hash, link)
	ON CONFLICT DO NOTHING
	RETURNING id, status`

// claimAll writes many messages' decisions in one round trip, a statement or two per
// practice, and says of each message which of its rows it now holds to send. A row ready to
// send as it is stored is not written: it is held as it is.
func claimAll(ctx context.Context, d *db.DB, ds []decisions) ([]map[uuid.UUID]bool, error) {
	sending := map[uuid.UUID]bool{}
	b := &db.Batch{}
	for practiceID, idx := range byPractice(ds, func(d decisions) uuid.UUID { return d.args.PracticeID }) {
		var old, fresh claimRows
		for _, i := range idx {
			for k := range ds[i].ids {
				if ds[i].ready[k] {
					sending[ds[i].ids[k]] = true
				} else if ds[i].exists[k] {
					old.add(ds[i], k)
				} else {
					fresh.add(ds[i], k)
				}
			}
		}
		if len(old.ids)+len(fresh.ids) == 0 {
			continue
		}
		if err := b.As(db.Scope{PracticeID: practiceID}); err != nil {
			return nil, err
		}
		read := eachStatus(func(id uuid.UUID, status string) { sending[id] = status == Sending })
		if len(old.ids) > 0 {
			b.Queue(claimSQL, practiceID, old.ids, old.statuses, old.reasons, old.hashes, old.links).Query(read)
		}
		if len(fresh.ids) > 0 {
			b.Queue(claimNewSQL, practiceID, fresh.ids, fresh.clients, fresh.assignments, fresh.dates, fresh.kinds,
				fresh.chans, fresh.statuses, fresh.reasons, fresh.hashes, fresh.links).Query(read)
		}
	}
	if err := d.Send(ctx, b); err != nil {
		return nil, err
	}
	out := make([]map[uuid.UUID]bool, len(ds))
	for i, m := range ds {
		out[i] = map[uuid.UUID]bool{}
		for _, id := range m.ids {
			out[i][id] = sending[id]
		}
	}
	return out, nil
}

// claimRows are a practice's decisions as the claim's parallel arrays: the rows as the
// dispatcher writes them, with each one's decision.
type claimRows struct {
	pending
	statuses, reasons []string
}

// add adds the message's k-th row.
func (c *claimRows) add(d decisions, k int) {
	c.row(d.ids[k], d.client, d.args, d.chans[k], d.hashes[k], d.link)
	c.statuses, c.reasons = append(c.statuses, d.statuses[k]), append(c.reasons, d.reasons[k])
}

// outcomes are what the provider said of one message's rows sent.
type outcomes struct {
	practice          uuid.UUID
	at                time.Time
	ids               []uuid.UUID
	statuses, reasons []string
	tries             []int // 1 where the claim did not count the attempt (a row sent as stored)
}

func (o *outcomes) add(id uuid.UUID, status, reason string, tries int) {
	o.ids, o.statuses, o.reasons = append(o.ids, id), append(o.statuses, status), append(o.reasons, reason)
	o.tries = append(o.tries, tries)
}

// markOutcomesSQL marks delivery rows sent with their outcomes, one array per column. A row
// decided meanwhile (by another attempt) stays as it is.
const markOutcomesSQL = `UPDATE reminder_deliveries d SET status = w.status, reason = w.reason,
	attempts = d.attempts + w.tries, sent_at = CASE WHEN w.status = 'sent' THEN w.at END
	FROM unnest($2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::int[]) AS w(id, status, reason, at, tries)
	WHERE d.practice_id = $1 AND d.id = w.id AND d.status IN ('pending', 'sending')`

// markAll marks many messages' claimed rows with their outcomes in one round trip, a
// statement per practice.
func markAll(ctx context.Context, d *db.DB, os []outcomes) error {
	b := &db.Batch{}
	for practiceID, idx := range byPractice(os, func(o outcomes) uuid.UUID { return o.practice }) {
		var all outcomes
		var ats []time.Time
		for _, i := range idx {
			for k, id := range os[i].ids {
				all.add(id, os[i].statuses[k], os[i].reasons[k], os[i].tries[k])
				ats = append(ats, os[i].at)
			}
		}
		if len(all.ids) == 0 {
			continue
		}
		if err := b.As(db.Scope{PracticeID: practiceID}); err != nil {
			return err
		}
		b.Queue(markOutcomesSQL, practiceID, all.ids, all.statuses, all.reasons, ats, all.tries)
	}
	return d.Send(ctx, b)
}
