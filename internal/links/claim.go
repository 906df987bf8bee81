package links

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/db"
)

// A Claim is what a client session's cookie says before the session is checked: whose it is.
// A service that takes one (the answer, homework.SubmitClaimed) checks the session inside its
// own transaction, in the same round trip as its first reads, instead of in a transaction of
// its own before it: the check is the first statement of the pipe, and a session that is not
// live fails that flush, before anything is written. Nothing but a check turns a Claim into a
// Session, so no path can act on an unchecked one.
type Claim struct {
	svc   *Service
	hash  []byte
	owner owner
	sess  *Session // already checked: the claim was made by reading the whole session
}

// ClaimOf is the claim of a cookie's token. A session this process has read before is
// claimed from memory; another is read whole first (Authenticate), which also remembers it.
func (s *Service) ClaimOf(ctx context.Context, token string) (*Claim, error) {
	if !WellFormed(token) {
		return nil, ErrNoSession
	}
	hash := HashToken(token)
	if o, ok := s.practices.get(hash); ok && o.client != uuid.Nil {
		return &Claim{svc: s, hash: hash, owner: o}, nil
	}
	sess, err := s.authenticate(ctx, hash)
	if err != nil {
		return nil, err
	}
	return Checked(sess), nil
}

// Checked is a session already checked as a claim, for a service that takes claims.
func Checked(sess *Session) *Claim {
	return &Claim{hash: sess.tokenHash, owner: owner{practice: sess.PracticeID, client: sess.ClientID}, sess: sess}
}

// Scope is the tenant scope the claimed session's work runs in.
func (c *Claim) Scope() db.Scope { return db.Scope{PracticeID: c.owner.practice} }

// ClientID is the claimed session's client: a pipe may queue reads of the client's rows beside
// the check, never a write before it has passed.
func (c *Claim) ClientID() uuid.UUID { return c.owner.client }

// Session checks the claim in a round trip of its own, as Authenticate does.
func (c *Claim) Session(ctx context.Context) (*Session, error) {
	if c.sess != nil {
		return c.sess, nil
	}
	return c.svc.authenticate(ctx, c.hash)
}

// A Check is a claim's check queued on a pipe.
type Check struct {
	claim  *Claim
	now    time.Time
	passed bool
	seen   time.Time
}

// checkSessionSQL is liveSessionSQL's test without what a check does not need: the row comes
// back only while the session is live, and only for the claimed client ($5). Its practice is
// the pipe's, which row security holds it to; no name, time zone or PIN is read (answering
// needs no PIN).
const checkSessionSQL = `SELECT s.last_seen_at ` + liveSessionJoins + `
	` + liveSessionWhere + ` AND s.client_id = $5`

// QueueCheck queues the claim's check as p's next statement; p must run as the claim's
// practice. A session that is not live fails p's flush with ErrNoSession, so a pipe flushed
// without error has passed it. A claim already checked queues nothing.
func (c *Claim) QueueCheck(p *db.Pipe, now time.Time) *Check {
	k := &Check{claim: c, now: now}
	if c.sess != nil {
		k.passed, k.seen = true, now
		return k
	}
	p.Queue(checkSessionSQL, c.hash, now, now.Add(-SessionIdle), c.owner.practice, c.owner.client).
		Query(func(rows pgx.Rows) error {
			for rows.Next() {
				if err := rows.Scan(&k.seen); err != nil {
					return err
				}
				k.passed = true
			}
			if err := rows.Err(); err != nil {
				return err
			}
			if !k.passed {
				return ErrNoSession
			}
			return nil
		})
	return k
}

// Passed says the check has passed: the pipe was flushed and the session was live.
func (k *Check) Passed() bool { return k.passed }

// Actor is the claimed client as the audit trail names them: by address and browser, as
// Session.Actor does.
func (c *Claim) Actor(ip, userAgent string) audit.Actor { return clientActor(ip, userAgent) }

// QueueTouch queues the write of the session's last use on p, when it is a minute old, to
// commit with the pipe's transaction.
func (k *Check) QueueTouch(p *db.Pipe) {
	if k.passed && k.now.Sub(k.seen) >= touchEvery {
		p.Queue(touchClientSessionPipeSQL, k.now, k.claim.hash, k.claim.owner.practice)
	}
}

// QueueLive queues the claim's check for a pipe that sends its writes in the same round trip:
// a session that is not live ends the transaction there (db.Require), before anything queued
// after it. Nothing is read back, so the session's last use is written on a condition instead:
// when it is a minute old, and asked at most once a minute by this process. A claim already
// checked queues nothing.
func (c *Claim) QueueLive(p *db.Pipe, now time.Time) {
	if c.sess != nil {
		return
	}
	p.Require(liveCheckSQL, c.hash, now, now.Add(-SessionIdle), c.owner.practice, c.owner.client)
	if now.Sub(c.owner.touched) >= touchEvery {
		p.Queue(touchClientSessionPipeSQL+` AND last_seen_at <= $4`, now, c.hash, c.owner.practice, now.Add(-touchEvery))
		c.svc.practices.touched(c.hash, now)
	}
}

// liveCheckSQL is checkSessionSQL reading nothing, for db.Require.
const liveCheckSQL = `SELECT 1 ` + liveSessionJoins + `
	` + liveSessionWhere + ` AND s.client_id = $5`

// touchClientSessionPipeSQL is touchClientSessionSQL with pgx's placeholders.
const touchClientSessionPipeSQL = `UPDATE client_sessions SET last_seen_at = $1 WHERE practice_id = $3 AND token_hash = $2`
