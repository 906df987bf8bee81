package links

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/ratelimit"
)

// linkAttempts limits token exchanges per address, right or wrong: a legitimate client opens
// their link a few times a day, a guesser needs billions of tries.
var linkAttempts = ratelimit.Rule{Name: "homework-link-ip", Max: 20, Window: 15 * time.Minute}

// Session is a client signed in through their link: what the client-facing routes may touch.
type Session struct {
	PracticeID   uuid.UUID
	ClientID     uuid.UUID
	LinkID       uuid.UUID
	ClientName   string
	PracticeName string
	TimeZone     string
	PINRequired  bool
	PINSet       bool
	PINVerified  bool // entered within PINVerifiedFor in this session, or not required
	tokenHash    []byte
}

// Scope is the tenant scope of the client's work; no staff member acts.
func (s *Session) Scope() db.Scope { return db.Scope{PracticeID: s.PracticeID} }

// Actor is how the client appears in the audit trail: no user, their address.
func (s *Session) Actor(ip, userAgent string) audit.Actor { return clientActor(ip, userAgent) }

func clientActor(ip, userAgent string) audit.Actor { return audit.ActorOf(uuid.Nil, ip, userAgent) }

const (
	// liveLinkOfTokenSQL reads the live link a token opens: the link's own token, or a reminder's.
	liveLinkOfTokenSQL = `SELECT * FROM homework_links
		WHERE (token_hash = ? OR id = (SELECT r.link_id FROM reminder_deliveries r WHERE r.token_hash = ?))
			AND revoked_at IS NULL AND expires_at > ? LIMIT 1`
	// insertClientSessionSQL opens a client session through a link.
	insertClientSessionSQL = `INSERT INTO client_sessions (practice_id, token_hash, client_id, link_id, created_at, last_seen_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`
)

// Exchange trades a link's token for a new client session and returns the session's token.
// Wrong, expired and revoked tokens, and links of archived clients, all answer ErrLinkInactive.
func (s *Service) Exchange(ctx context.Context, token, ip string) (string, *Session, error) {
	now := s.now()
	if err := s.db.InGlobal(ctx, func(tx *db.Tx) error {
		return ratelimit.Hit(ctx, tx, linkAttempts, ip, now)
	}); err != nil {
		return "", nil, err
	}
	if !WellFormed(token) {
		return "", nil, ErrLinkInactive
	}
	hash := HashToken(token)
	practiceID, err := s.practiceOf(ctx, linkPracticeSQL, hash)
	if err != nil {
		return "", nil, err
	}
	sessionToken, sessionHash := newToken()
	var sess *Session
	err = s.db.InTenant(ctx, db.Scope{PracticeID: practiceID}, func(tx *db.Tx) error {
		var l link
		// The token is the link's own or a reminder's, which works while the link does.
		err := tx.Gorm.Raw(liveLinkOfTokenSQL, db.Bytes(hash), db.Bytes(hash), now).Take(&l).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ErrLinkInactive
		} else if err != nil {
			return err
		}
		if err := tx.Gorm.Exec(insertClientSessionSQL, practiceID, db.Bytes(sessionHash), l.ClientID, l.ID, now, now,
			now.Add(SessionMaxAge)).Error; err != nil {
			return err
		}
		if err := tx.Gorm.Model(&link{}).Where("id = ?", l.ID).Update("last_used_at", now).Error; err != nil {
			return err
		}
		sess, _, err = loadSession(ctx, tx, sessionHash, now)
		return err
	})
	if errors.Is(err, ErrNoSession) { // the client is archived
		err = ErrLinkInactive
	}
	return sessionToken, sess, err
}

// touchClientSessionSQL records a session's use. It names the practice, as the session read
// does, so that Citus sends it to the practice's node alone.
const touchClientSessionSQL = `UPDATE client_sessions SET last_seen_at = ? WHERE practice_id = ? AND token_hash = ?`

// touchEvery is how stale last_seen_at may be before a request writes it: the idle limit
// needs no finer grain, and a write per request would cost every answer a round trip and WAL.
const touchEvery = time.Minute

// Authenticate returns the live session for a cookie's token, or ErrNoSession.
func (s *Service) Authenticate(ctx context.Context, token string) (*Session, error) {
	if !WellFormed(token) {
		return nil, ErrNoSession
	}
	return s.authenticate(ctx, HashToken(token))
}

// authenticate returns the live session of a token hash, or ErrNoSession, and writes its
// last use when that is a minute old.
func (s *Service) authenticate(ctx context.Context, hash []byte) (*Session, error) {
	practiceID, err := s.sessionPractice(ctx, hash)
	if errors.Is(err, ErrLinkInactive) {
		return nil, ErrNoSession
	} else if err != nil {
		return nil, err
	}
	now := s.now()
	sess, seen, err := liveSession(ctx, s.db, practiceID, hash, now)
	if err != nil {
		return nil, err
	}
	s.practices.put(hash, owner{practice: sess.PracticeID, client: sess.ClientID})
	if now.Sub(seen) < touchEvery {
		return sess, nil
	}
	err = s.db.InTenant(ctx, sess.Scope(), func(tx *db.Tx) error {
		return tx.Gorm.Exec(touchClientSessionSQL, now, sess.PracticeID, db.Bytes(hash)).Error
	})
	return sess, err
}

// sessionPractice is the practice of a client session's token: remembered once read, since a
// session never changes practice, and the tenant transaction after it reads the session
// itself (live, link not revoked, client active), so a remembered practice saves a transaction
// per request and can never let a dead session through.
func (s *Service) sessionPractice(ctx context.Context, hash []byte) (uuid.UUID, error) {
	if o, ok := s.practices.get(hash); ok {
		return o.practice, nil
	}
	id, err := s.practiceOf(ctx, sessionPracticeSQL, hash)
	if err == nil {
		s.practices.put(hash, owner{practice: id})
	}
	return id, err
}

// deleteClientSessionSQL ends a client session.
const deleteClientSessionSQL = `DELETE FROM client_sessions WHERE token_hash = ?`

// End deletes the session of token, if any.
func (s *Service) End(ctx context.Context, sess *Session) error {
	s.practices.forget(sess.tokenHash)
	return s.db.InTenant(ctx, sess.Scope(), func(tx *db.Tx) error {
		return tx.Gorm.Exec(deleteClientSessionSQL, db.Bytes(sess.tokenHash)).Error
	})
}

// Tokens are found before any practice is known only through these definer functions
// (docs/decisions/0003-homework.md).
const (
	// linkPracticeSQL reads the practice of a homework link's token hash.
	linkPracticeSQL = `SELECT homework_link_practice(?)`
	// sessionPracticeSQL reads the practice of a client session's token hash.
	sessionPracticeSQL = `SELECT client_session_practice(?)`
)

// practiceOf runs one of the definer functions that map a token hash to its practice.
func (s *Service) practiceOf(ctx context.Context, query string, hash []byte) (uuid.UUID, error) {
	var id uuid.NullUUID
	err := s.db.InGlobal(ctx, func(tx *db.Tx) error {
		return tx.Gorm.Raw(query, db.Bytes(hash)).Row().Scan(&id)
	})
	if err != nil {
		return uuid.Nil, err
	}
	if !id.Valid {
		return uuid.Nil, ErrLinkInactive
	}
	return id.UUID, nil
}

type sessionRow struct {
	PracticeID    uuid.UUID
	ClientID      uuid.UUID
	LinkID        uuid.UUID
	Name          string
	PreferredName string
	PracticeName  string
	TimeZone      string
	PINRequired   bool       `gorm:"column:pin_required"`
	PINSet        bool       `gorm:"column:pin_set"`
	PINVerifiedAt *time.Time `gorm:"column:pin_verified_at"`
	LastSeenAt    time.Time
}

// liveSessionSQL reads a live client session with its client and practice ($n placeholders:
// it runs through GORM and in a pgx batch alike). Every table is filtered on the practice
// ($4) itself, not only through row-level security: with the policy's function alone the
// planner's generic plan began from the practice's live links and read them all (626
// buffers for one session in a practice of 124 clients, against 9), and Citus needs the
// practice to send the statement to one node.
const liveSessionSQL = `SELECT s.practice_id, s.client_id, s.link_id, c.name, c.preferred_name,
		p.name AS practice_name, c.time_zone, p.homework_pin_required AS pin_required,
		c.pin_hash <> '' AS pin_set, s.pin_verified_at, s.last_seen_at
	` + liveSessionJoins + `
	JOIN practices p ON p.id = $4
	` + liveSessionWhere

// What makes a session live, in one place for the whole read and the claim's check
// (checkSessionSQL): the session within its limits, its link neither revoked nor expired, its
// client active. $1 is the token's hash, $2 now, $3 the idle limit's start, $4 the practice.
const (
	liveSessionJoins = `FROM client_sessions s
	JOIN homework_links l ON l.practice_id = $4 AND l.id = s.link_id
	JOIN clients c ON c.practice_id = $4 AND c.id = s.client_id`
	liveSessionWhere = `WHERE s.practice_id = $4 AND s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3
	  AND l.revoked_at IS NULL AND l.expires_at > $2 AND c.status = 'active'`
)

// loadSession reads a live session: within its idle and absolute limits, its link neither
// revoked nor expired, its client active. It also gives when the session was last seen.
func loadSession(ctx context.Context, tx *db.Tx, hash []byte, now time.Time) (*Session, time.Time, error) {
	var r sessionRow
	err := tx.Gorm.Raw(liveSessionSQL, db.Bytes(hash), now, now.Add(-SessionIdle), tx.PracticeID()).Scan(&r).Error
	if err != nil {
		return nil, time.Time{}, err
	}
	return r.session(hash, now)
}

// liveSession is loadSession in one round trip: the tenant's settings and the read go to
// PostgreSQL together (db.Batch), which is what every client request pays first.
func liveSession(ctx context.Context, d *db.DB, practiceID uuid.UUID, hash []byte, now time.Time) (*Session, time.Time, error) {
	var r sessionRow
	b := &db.Batch{}
	if err := b.As(db.Scope{PracticeID: practiceID}); err != nil {
		return nil, time.Time{}, err
	}
	b.Queue(liveSessionSQL, hash, now, now.Add(-SessionIdle), practiceID).Query(r.read)
	if err := d.Send(ctx, b); err != nil {
		return nil, time.Time{}, err
	}
	return r.session(hash, now)
}

// read scans liveSessionSQL's row, if there is one, into r.
func (r *sessionRow) read(rows pgx.Rows) error {
	for rows.Next() {
		if err := rows.Scan(&r.PracticeID, &r.ClientID, &r.LinkID, &r.Name, &r.PreferredName, &r.PracticeName,
			&r.TimeZone, &r.PINRequired, &r.PINSet, &r.PINVerifiedAt, &r.LastSeenAt); err != nil {
			return err
		}
	}
	return rows.Err()
}

// session is the Session a row read for hash gives at now; no row is ErrNoSession.
func (r sessionRow) session(hash []byte, now time.Time) (*Session, time.Time, error) {
	if r.ClientID == uuid.Nil {
		return nil, time.Time{}, ErrNoSession
	}
	name := r.PreferredName
	if name == "" {
		name = r.Name
	}
	verified := !r.PINRequired || (r.PINVerifiedAt != nil && now.Sub(*r.PINVerifiedAt) < PINVerifiedFor)
	return &Session{PracticeID: r.PracticeID, ClientID: r.ClientID, LinkID: r.LinkID, ClientName: name,
		PracticeName: r.PracticeName, TimeZone: r.TimeZone, PINRequired: r.PINRequired, PINSet: r.PINSet,
		PINVerified: verified, tokenHash: hash}, r.LastSeenAt, nil
}

// sweepClientSessionsSQL drops unusable client sessions in every practice (a definer function).
const sweepClientSessionsSQL = `SELECT client_sessions_sweep(?)`

// SweepSessions drops client sessions that can no longer be used, across practices.
func SweepSessions(ctx context.Context, tx *db.Tx, now time.Time) error {
	return tx.Gorm.Exec(sweepClientSessionsSQL, now).Error
}
