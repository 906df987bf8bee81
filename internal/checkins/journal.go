// Package checkins owns what clients tell their clinicians outside set exercises: for now the
// free journal, private to the clinicians of that client.
package checkins

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/validate"
)

// Entry is a journal entry.
type Entry struct {
	ID        uuid.UUID
	Body      string
	CreatedAt time.Time
}

// Service runs the journal.
type Service struct {
	db      *db.DB
	clients *clients.Service
	now     func() time.Time
}

// NewService builds the service; now is the clock (nil: time.Now).
func NewService(d *db.DB, cs *clients.Service, now func() time.Time) *Service {
	return &Service{db: d, clients: cs, now: module.Clock(now)}
}

const (
	// insertJournalEntrySQL writes an entry unless its idempotency key was used; it returns the new id.
	insertJournalEntrySQL = `INSERT INTO journal_entries (practice_id, id, client_id, body_sealed, idempotency_key, created_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (practice_id, client_id, idempotency_key) DO NOTHING RETURNING id`
	// journalEntryByKeySQL reads the entry a client wrote with an idempotency key.
	journalEntryByKeySQL = `SELECT ` + entryColumns + ` FROM journal_entries WHERE client_id = ? AND idempotency_key = ?`
)

// Write adds an entry once per idempotency key; the same key again returns the first entry.
func (s *Service) Write(ctx context.Context, sess *links.Session, body string, key uuid.UUID, ip, ua string) (*Entry, bool, error) {
	v := validate.Errors{}
	body = strings.TrimSpace(body)
	v.Length("body", body, 1, 20000)
	if key == uuid.Nil {
		v.Add("idempotency_key", "is required")
	}
	if err := v.Err(); err != nil {
		return nil, false, err
	}
	e := &Entry{ID: uuid.New(), Body: body, CreatedAt: s.now()}
	replayed := false
	err := s.db.InTenant(ctx, sess.Scope(), func(tx *db.Tx) error {
		sealed, err := tx.Seal([]byte(body), journalPurpose(e.ID))
		if err != nil {
			return err
		}
		var id uuid.NullUUID
		err = tx.Gorm.Raw(insertJournalEntrySQL, sess.PracticeID, e.ID, sess.ClientID, sealed, key, e.CreatedAt).
			Row().Scan(&id)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if !id.Valid {
			replayed = true
			first, err := readEntries(tx, journalEntryByKeySQL, sess.ClientID, key)
			if err == nil && len(first) == 1 {
				*e = first[0]
			}
			return err
		}
		return audit.Record(ctx, tx, sess.PracticeID, sess.Actor(ip, ua), audit.Event{Action: "journal.create",
			SubjectType: "client", SubjectID: sess.ClientID.String(), ClientID: sess.ClientID})
	})
	return e, replayed, err
}

// Own returns the client's own entries, newest first, once their PIN is verified.
func (s *Service) Own(ctx context.Context, sess *links.Session) ([]Entry, error) {
	if !sess.PINVerified {
		return nil, links.ErrPINRequired
	}
	var out []Entry
	err := s.db.InTenant(ctx, sess.Scope(), func(tx *db.Tx) error {
		return entries(ctx, tx, sess.ClientID, &out)
	})
	return out, err
}

// ForClinician returns a client's entries to a member who may see the client, and leaves a
// journal.read row.
func (s *Service) ForClinician(ctx context.Context, caller auth.Caller, clientID uuid.UUID) ([]Entry, error) {
	var out []Entry
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if _, err := clients.Visible(ctx, tx, caller, clientID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, caller.PracticeID, audit.ActorOf(caller.UserID, caller.IP, caller.UserAgent),
			audit.Event{Action: "journal.read", SubjectType: "client", SubjectID: clientID.String(), ClientID: clientID}); err != nil {
			return err
		}
		return entries(ctx, tx, clientID, &out)
	})
	return out, s.clients.Denied(ctx, caller, "client", clientID, err)
}

// journalEntriesSQL reads a client's latest 500 journal entries, newest first.
const journalEntriesSQL = `SELECT ` + entryColumns + ` FROM journal_entries WHERE client_id = ?
	ORDER BY created_at DESC LIMIT 500`

func entries(ctx context.Context, tx *db.Tx, clientID uuid.UUID, out *[]Entry) error {
	es, err := readEntries(tx, journalEntriesSQL, clientID)
	*out = es
	return err
}

// wholeJournalSQL reads all of a client's journal, oldest first.
const wholeJournalSQL = `SELECT ` + entryColumns + ` FROM journal_entries WHERE client_id = ? ORDER BY created_at`

// WholeJournal reads every entry of a client's journal, oldest first: for the export of the
// client's record, which holds everything.
func WholeJournal(ctx context.Context, tx *db.Tx, clientID uuid.UUID) ([]Entry, error) {
	return readEntries(tx, wholeJournalSQL, clientID)
}
