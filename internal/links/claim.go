package links

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

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
	claim *Claim
	now   time.Time
	sess  *Session
	seen  time.Time
}

// QueueCheck queues the claim's check as p's next statement; p must run as the claim's
// practice. Once p is flushed, Session is the live session; a session that is not live fails
// the flush with ErrNoSession. A claim already checked queues nothing.
func (c *Claim) QueueCheck(p *db.Pipe, now time.Time) *Check {
	k := &Check{claim: c, now: now, sess: c.sess, seen: now}
	if c.sess != nil {
		return k
	}
	p.Queue(liveSessionSQL, c.hash, now, now.Add(-SessionIdle), c.owner.practice).Query(func(rows pgx.Rows) error {
		var r sessionRow
		if err := r.read(rows); err != nil {
			return err
		}
		sess, seen, err := r.session(c.hash, now)
		if err != nil {
			return err
		}
		if sess.ClientID != c.owner.client || sess.PracticeID != c.owner.practice {
			return ErrNoSession // cannot happen: a session's owner never changes
		}
		k.sess, k.seen = sess, seen
		return nil
	})
	return k
}

// Session is the live session, once the pipe has been flushed without error.
func (k *Check) Session() *Session { return k.sess }

// QueueTouch queues the write of the session's last use on p, when it is a minute old, to
// commit with the pipe's transaction.
func (k *Check) QueueTouch(p *db.Pipe) {
	if k.sess != nil && k.now.Sub(k.seen) >= touchEvery {
		p.Queue(touchClientSessionPipeSQL, k.now, k.claim.hash, k.claim.owner.practice)
	}
}

// touchClientSessionPipeSQL is touchClientSessionSQL with pgx's placeholders.
const touchClientSessionPipeSQL = `UPDATE client_sessions SET last_seen_at = $1 WHERE practice_id = $3 AND token_hash = $2`
