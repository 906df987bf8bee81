package clients

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/module"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/validate"
)

// Service runs the rules for clients and couples.
type Service struct {
	db  *db.DB
	now func() time.Time
	// Gate refuses new clients and couples when the practice may take no new work (billing).
	Gate module.Gate
}

// NewService builds the service.
func NewService(d *db.DB) *Service { return &Service{db: d, now: time.Now} }

// ListFilter narrows the client list and says which page of it to read.
type ListFilter struct {
	Query       string    // matches name or preferred name
	ClinicianID uuid.UUID // assigned to this clinician
	Status      string    // active (default) or archived
	Offset      int       // clients skipped, by name
	Limit       int       // clients read; 0 means DefaultListPage
}

// The client list's page sizes: pickers ask for the most, the list page for the default.
const (
	DefaultListPage = 100
	MaxListPage     = 500
)

// ListPage is one page of the client list and how many clients the whole list holds.
type ListPage struct {
	Clients []Client
	Total   int
}

// listClientsSQL reads a page of clients (aliased c) of one status by name (served by
// clients_list_idx), the columns the list shows; the filter slot takes the caller's visibility
// and the list's filters (db.And).
const listClientsSQL = `SELECT ` + clientColumns + ` FROM clients c WHERE c.status = ? AND ? ORDER BY c.name, c.id LIMIT ? OFFSET ?`

// Counting the list: the whole practice's count is stored (client_counts, kept by a trigger),
// so the owner's unfiltered roster reads one row; a clinician's roster or a search counts the
// rows it matches, which the caller's assignments or the search bound.
const (
	storedCountSQL         = `SELECT coalesce((SELECT n FROM client_counts WHERE status = ?), 0)`
	countClientsSQL        = `SELECT count(*) FROM clients c WHERE c.status = ? AND ?`
	nameLikeSQL            = `c.name ILIKE ? OR c.preferred_name ILIKE ?`
	assignedToClinicianSQL = `EXISTS (SELECT 1 FROM client_clinicians f WHERE f.client_id = c.id AND f.user_id = ?)`
)

// List returns one page of the clients the caller may see, by name, with the whole list's
// count: the page and the count are read together in one round trip (db.Batch).
func (s *Service) List(ctx context.Context, caller auth.Caller, f ListFilter) (*ListPage, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	conds := []clause.Expr{rosterIDs(caller, "c.id")}
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(q) + "%"
		conds = append(conds, gorm.Expr(nameLikeSQL, like, like))
	}
	if f.ClinicianID != uuid.Nil {
		conds = append(conds, gorm.Expr(assignedToClinicianSQL, f.ClinicianID))
	}
	filter := db.And(conds...)
	b := &db.Batch{}
	if err := b.As(caller.Scope()); err != nil {
		return nil, err
	}
	out := &ListPage{Clients: []Client{}}
	list, args := db.Numbered(listClientsSQL, f.Status, filter, f.Limit, f.Offset)
	b.Queue(list, args...).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var c Client
			if err := c.scan(rows); err != nil {
				return err
			}
			out.Clients = append(out.Clients, c)
		}
		return rows.Err()
	})
	count, args := db.Numbered(countClientsSQL, f.Status, filter)
	if len(conds) == 1 && caller.Can(practice.AllClients) {
		count, args = db.Numbered(storedCountSQL, f.Status)
	}
	b.Queue(count, args...).QueryRow(func(row pgx.Row) error { return row.Scan(&out.Total) })
	if err := s.db.Send(ctx, b); err != nil {
		return nil, err
	}
	return out, nil
}

// check fills in the list's defaults and refuses what it cannot serve, naming each field.
func (f *ListFilter) check() error {
	if f.Status == "" {
		f.Status = StatusActive
	}
	if f.Limit == 0 {
		f.Limit = DefaultListPage
	}
	v := validate.Errors{}
	if f.Status != StatusActive && f.Status != StatusArchived {
		v.Add("status", "must be active or archived")
	}
	if f.Limit < 1 || f.Limit > MaxListPage {
		v.Add("limit", fmt.Sprintf("must be a whole number from 1 to %d", MaxListPage))
	}
	if f.Offset < 0 {
		v.Add("offset", "must not be negative")
	}
	return v.Err()
}

// Create adds a client. A clinician who creates a client is assigned to them, or they would
// lose sight of the record they just made.
func (s *Service) Create(ctx context.Context, caller auth.Caller, in Input) (*Detail, error) {
	in, err := in.normalize()
	if err != nil {
		return nil, err
	}
	ids := withCaller(caller, unique(in.ClinicianIDs))
	var d *Detail
	err = s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if err := s.Gate.Check(ctx, tx); err != nil {
			return err
		}
		if ok, err := checkMembers(ctx, tx, ids); err != nil || !ok {
			return orMembersError(err)
		}
		c, err := s.insertClient(ctx, tx, caller, in, ids)
		if err != nil {
			return err
		}
		d, err = loadDetail(ctx, tx, caller, c)
		return err
	})
	return d, err
}

// withCaller adds a caller who sees only assigned clients to ids, so that what they create
// stays in their sight.
func withCaller(caller auth.Caller, ids []uuid.UUID) []uuid.UUID {
	if !caller.Can(practice.AllClients) && !contains(ids, caller.UserID) {
		return append(ids, caller.UserID)
	}
	return ids
}

// insertClient writes a new client (in already normalized, clinicianIDs checked) with their
// time zone, clinicians and a client.create row in the trail.
func (s *Service) insertClient(ctx context.Context, tx *db.Tx, caller auth.Caller, in Input, clinicianIDs []uuid.UUID) (*Client, error) {
	now := s.now()
	c := Client{PracticeID: caller.PracticeID, ID: uuid.New(), Status: StatusActive, CreatedAt: now, UpdatedAt: now}
	apply(&c, in)
	if err := tx.Gorm.Create(&c).Error; err != nil {
		return nil, err
	}
	if err := recordZone(ctx, tx, &c); err != nil {
		return nil, err
	}
	if err := setClinicians(ctx, tx, c.PracticeID, c.ID, clinicianIDs); err != nil {
		return nil, err
	}
	return &c, record(ctx, tx, caller, "client.create", c.ID)
}

// Get returns a client's record and leaves a client.read row in the audit trail. Reaching for
// a client the caller may not see leaves an access.denied row instead, and answers ErrNotFound.
func (s *Service) Get(ctx context.Context, caller auth.Caller, id uuid.UUID) (*Detail, error) {
	var d *Detail
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		c, err := loadOnRoster(ctx, tx, caller, id)
		if err != nil {
			return err
		}
		if err := record(ctx, tx, caller, "client.read", id); err != nil {
			return err
		}
		d, err = loadDetail(ctx, tx, caller, c)
		return err
	})
	return d, s.denied(ctx, caller, "client", id, err)
}

// Update replaces a client's details and clinicians.
func (s *Service) Update(ctx context.Context, caller auth.Caller, id uuid.UUID, in Input) (*Detail, error) {
	in, err := in.normalize()
	if err != nil {
		return nil, err
	}
	ids := unique(in.ClinicianIDs)
	var d *Detail
	err = s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		c, err := loadOnRoster(ctx, tx, caller, id)
		if err != nil {
			return err
		}
		if ok, err := checkMembers(ctx, tx, ids); err != nil || !ok {
			return orMembersError(err)
		}
		oldZone := c.TimeZone
		apply(c, in)
		c.UpdatedAt = s.now()
		if err := tx.Gorm.Save(c).Error; err != nil {
			return err
		}
		if c.TimeZone != oldZone {
			if err := recordZone(ctx, tx, c); err != nil {
				return err
			}
		}
		if err := setClinicians(ctx, tx, c.PracticeID, c.ID, ids); err != nil {
			return err
		}
		if err := record(ctx, tx, caller, "client.update", id); err != nil {
			return err
		}
		d, err = loadDetail(ctx, tx, caller, c)
		return err
	})
	return d, s.denied(ctx, caller, "client", id, err)
}

// SetArchived archives a client (nothing is sent to them and they drop out of lists) or
// restores them.
func (s *Service) SetArchived(ctx context.Context, caller auth.Caller, id uuid.UUID, archived bool) (*Detail, error) {
	var d *Detail
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		c, err := loadOnRoster(ctx, tx, caller, id)
		if err != nil {
			return err
		}
		now := s.now()
		c.Status, c.ArchivedAt, c.UpdatedAt = StatusActive, nil, now
		action := "client.restore"
		if archived {
			c.Status, c.ArchivedAt, action = StatusArchived, &now, "client.archive"
		}
		if err := tx.Gorm.Save(c).Error; err != nil {
			return err
		}
		if err := record(ctx, tx, caller, action, id); err != nil {
			return err
		}
		d, err = loadDetail(ctx, tx, caller, c)
		return err
	})
	return d, s.denied(ctx, caller, "client", id, err)
}

// Erase deletes a client and everything stored about them, for good. The audit trail keeps
// the fact and the id, never the data.
func (s *Service) Erase(ctx context.Context, caller auth.Caller, id uuid.UUID) error {
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		c, err := loadOnRoster(ctx, tx, caller, id)
		if err != nil {
			return err
		}
		if err := tx.Gorm.Delete(c).Error; err != nil {
			return err
		}
		return record(ctx, tx, caller, "client.erase", id)
	})
	return s.denied(ctx, caller, "client", id, err)
}

func apply(c *Client, in Input) {
	c.Name, c.PreferredName, c.Pronouns = in.Name, in.PreferredName, in.Pronouns
	c.Email, c.Mobile, c.TimeZone = in.Email, in.Mobile, in.TimeZone
	c.ConsentEmail, c.ConsentSMS = in.ConsentEmail, in.ConsentSMS
}

func record(ctx context.Context, tx *db.Tx, caller auth.Caller, action string, clientID uuid.UUID) error {
	return audit.Record(ctx, tx, caller.PracticeID, actorOf(caller),
		audit.Event{Action: action, SubjectType: "client", SubjectID: clientID.String(), ClientID: clientID})
}

// denied passes err through, first recording an access.denied row (in its own transaction,
// since err rolled the request's back) when the caller reached for a record they cannot see.
func (s *Service) denied(ctx context.Context, caller auth.Caller, subject string, id uuid.UUID, err error) error {
	if !errors.Is(err, ErrNotFound) {
		return err
	}
	return s.recordDenied(ctx, caller, subject, id, err)
}

// recordDenied records an access.denied row for id in its own transaction and passes err on.
func (s *Service) recordDenied(ctx context.Context, caller auth.Caller, subject string, id uuid.UUID, err error) error {
	rerr := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		ev := audit.Event{Action: audit.ActionDenied, SubjectType: subject, SubjectID: id.String()}
		if subject == "client" {
			ev.ClientID = id
		}
		return audit.Record(ctx, tx, caller.PracticeID, actorOf(caller), ev)
	})
	return errors.Join(err, rerr)
}

var errNotMembers = validate.Errors{"clinician_ids": "includes someone who is not an active member of this practice"}

func orMembersError(err error) error {
	if err != nil {
		return err
	}
	return errNotMembers
}

func contains(ids []uuid.UUID, id uuid.UUID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func actorOf(c auth.Caller) audit.Actor { return audit.ActorOf(c.UserID, c.IP, c.UserAgent) }
