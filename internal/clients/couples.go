package clients

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/validate"
)

// Trust roles a partner may have in trust-repair work.
const (
	TrustHurt        = "hurt"
	TrustCausedHarm  = "caused_harm"
	TrustUnspecified = "unspecified"
)

// Couple is a row of couples.
type Couple struct {
	PracticeID uuid.UUID `gorm:"primaryKey"`
	ID         uuid.UUID `gorm:"primaryKey"`
	Name       string
	Status     string
	CreatedAt  time.Time
}

type couplePartner struct {
	PracticeID uuid.UUID `gorm:"primaryKey"`
	CoupleID   uuid.UUID `gorm:"primaryKey"`
	ClientID   uuid.UUID `gorm:"primaryKey"`
	TrustRole  string
}

func (couplePartner) TableName() string { return "couple_partners" }

type coupleClinician struct {
	PracticeID uuid.UUID `gorm:"primaryKey"`
	CoupleID   uuid.UUID `gorm:"primaryKey"`
	UserID     uuid.UUID `gorm:"primaryKey"`
}

func (coupleClinician) TableName() string { return "couple_clinicians" }

// Partner is one client of a couple: an existing client (ClientID), or, with New set, a client
// to create together with the couple.
type Partner struct {
	ClientID  uuid.UUID
	New       *Input
	TrustRole string
}

// CoupleInput is a new couple.
type CoupleInput struct {
	Name         string
	Partners     []Partner
	ClinicianIDs []uuid.UUID
}

// CoupleDetail is a couple with both partners and its clinicians; the couple's page also
// shows how the caller sees its record, as a client's does (Detail).
type CoupleDetail struct {
	Couple
	Partners    []PartnerDetail
	Clinicians  []Clinician
	Access      Access
	Emergencies []GrantNotice
}

// PartnerDetail is a partner as the couple page shows them.
type PartnerDetail struct {
	ClientID  uuid.UUID
	Name      string
	TrustRole string
}

// partnerField names a partner's field in errors, e.g. "partners.1.new_client.email", so the
// form can show each message beside the field it belongs to.
func partnerField(i int, field string) string { return fmt.Sprintf("partners.%d.%s", i, field) }

// validate checks in and returns it with each new client's details cleaned (see Input.normalize).
// Every problem is reported at once, by field.
func (in CoupleInput) validate() (CoupleInput, error) {
	v := validate.Errors{}
	v.Name("name", in.Name, 120)
	if len(in.ClinicianIDs) > 20 {
		v.Add("clinician_ids", "may list at most 20 clinicians")
	}
	if len(in.Partners) != 2 {
		v.Add("partners", "must list exactly two partners")
	}
	partners := make([]Partner, len(in.Partners))
	for i, p := range in.Partners {
		if p.TrustRole != TrustHurt && p.TrustRole != TrustCausedHarm && p.TrustRole != TrustUnspecified {
			v.Add(partnerField(i, "trust_role"), "must be hurt, caused_harm or unspecified")
		}
		if p.New != nil {
			n, err := p.New.normalize()
			addPrefixed(v, partnerField(i, "new_client."), err)
			p.New = &n
		}
		partners[i] = p
	}
	if len(partners) == 2 && partners[0].New == nil && partners[1].New == nil && partners[0].ClientID == partners[1].ClientID {
		v.Add("partners", "must be two different clients")
	}
	in.Partners = partners
	return in, v.Err()
}

// addPrefixed copies the field errors of err (a validate.Errors, or nil) into v under prefix.
func addPrefixed(v validate.Errors, prefix string, err error) {
	var fields validate.Errors
	if errors.As(err, &fields) {
		for k, msg := range fields {
			v.Add(prefix+k, msg)
		}
	}
}

// CreateCouple links two clients as a couple, creating either partner first when they are new,
// all in one transaction: a mistake anywhere writes nothing. Clinicians assigned to the couple
// see both partners. A new partner is assigned, like any new client, to the clinicians given
// for them (by default the couple's) and to a clinician who creates them.
func (s *Service) CreateCouple(ctx context.Context, caller auth.Caller, in CoupleInput) (*CoupleDetail, error) {
	in, err := in.validate()
	if err != nil {
		return nil, err
	}
	ids := withCaller(caller, unique(in.ClinicianIDs))
	k := Couple{PracticeID: caller.PracticeID, ID: uuid.New(), Name: in.Name, Status: StatusActive, CreatedAt: s.now()}
	var d *CoupleDetail
	var unseen uuid.UUID // an existing partner the caller may not see, for the access.denied row
	err = s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if err := s.Gate.Check(ctx, tx); err != nil {
			return err
		}
		var err error
		if unseen, err = checkExistingPartners(ctx, tx, caller, in.Partners); err != nil {
			return err
		}
		if ok, err := checkMembers(ctx, tx, ids); err != nil || !ok {
			return orMembersError(err)
		}
		if err := s.createNewPartners(ctx, tx, caller, in.Partners, ids); err != nil {
			return err
		}
		if err := insertCouple(ctx, tx, &k, in.Partners, ids); err != nil {
			return err
		}
		if err := recordCouple(ctx, tx, caller, "couple.create", k.ID, in.Partners); err != nil {
			return err
		}
		if d, err = loadCouple(ctx, tx, &k); err != nil {
			return err
		}
		d.Access, d.Emergencies, err = coupleSight(ctx, tx, caller, k.ID)
		return err
	})
	if unseen != uuid.Nil {
		return nil, s.recordDenied(ctx, caller, "client", unseen, err)
	}
	return d, err
}

// checkExistingPartners makes sure every existing partner is an active client the caller may
// see. A client the caller may not see (a colleague's, another practice's, or none at all) gets
// the same answer, so the answer tells nothing about them; its id is returned for the trail.
func checkExistingPartners(ctx context.Context, tx *db.Tx, caller auth.Caller, partners []Partner) (uuid.UUID, error) {
	v := validate.Errors{}
	var unseen uuid.UUID
	for i, p := range partners {
		if p.New != nil {
			continue
		}
		c, err := loadOnRoster(ctx, tx, caller, p.ClientID)
		switch {
		case errors.Is(err, ErrNotFound):
			v.Add(partnerField(i, "client_id"), "is not one of your clients")
			unseen = p.ClientID
		case err != nil:
			return uuid.Nil, err
		case c.Status != StatusActive:
			v.Add(partnerField(i, "client_id"), "is archived; restore them first")
		}
	}
	return unseen, v.Err()
}

// createNewPartners creates the partners marked New and fills in their ids.
func (s *Service) createNewPartners(ctx context.Context, tx *db.Tx, caller auth.Caller, partners []Partner, coupleIDs []uuid.UUID) error {
	for i := range partners {
		p := &partners[i]
		if p.New == nil {
			continue
		}
		ids := coupleIDs
		if p.New.ClinicianIDs != nil {
			ids = withCaller(caller, unique(p.New.ClinicianIDs))
			if ok, err := checkMembers(ctx, tx, ids); err != nil || !ok {
				if err != nil {
					return err
				}
				return validate.Errors{partnerField(i, "new_client.clinician_ids"): errNotMembers["clinician_ids"]}
			}
		}
		c, err := s.insertClient(ctx, tx, caller, *p.New, ids)
		if err != nil {
			return err
		}
		p.ClientID = c.ID
	}
	return nil
}

func insertCouple(ctx context.Context, tx *db.Tx, k *Couple, partners []Partner, clinicianIDs []uuid.UUID) error {
	if err := tx.Gorm.Create(k).Error; err != nil {
		return err
	}
	for _, p := range partners {
		row := couplePartner{PracticeID: k.PracticeID, CoupleID: k.ID, ClientID: p.ClientID, TrustRole: p.TrustRole}
		if err := tx.Gorm.Create(&row).Error; err != nil {
			return err
		}
	}
	for _, id := range clinicianIDs {
		if err := tx.Gorm.Create(&coupleClinician{PracticeID: k.PracticeID, CoupleID: k.ID, UserID: id}).Error; err != nil {
			return err
		}
	}
	return nil
}

// GetCouple returns a couple with both partners, and records a read of each partner.
func (s *Service) GetCouple(ctx context.Context, caller auth.Caller, id uuid.UUID) (*CoupleDetail, error) {
	var d *CoupleDetail
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		k, err := loadRosterCouple(ctx, tx, caller, id)
		if err != nil {
			return err
		}
		if d, err = loadCouple(ctx, tx, k); err != nil {
			return err
		}
		if d.Access, d.Emergencies, err = coupleSight(ctx, tx, caller, id); err != nil {
			return err
		}
		partners := make([]Partner, len(d.Partners))
		for i, p := range d.Partners {
			partners[i] = Partner{ClientID: p.ClientID}
		}
		return recordCouple(ctx, tx, caller, "couple.read", id, partners)
	})
	return d, s.denied(ctx, caller, "couple", id, err)
}

// listCouplesSQL reads up to 500 couples (aliased k) of one status by name, those the
// filter slot (rosterCouples) lets through.
const listCouplesSQL = `SELECT * FROM couples k WHERE k.status = ? AND ? ORDER BY k.name LIMIT 500`

// ListCouples returns the couples the caller may see.
func (s *Service) ListCouples(ctx context.Context, caller auth.Caller) ([]CoupleDetail, error) {
	var out []CoupleDetail
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		var ks []Couple
		if err := tx.Gorm.Raw(listCouplesSQL, StatusActive, rosterCouples(caller)).Scan(&ks).Error; err != nil {
			return err
		}
		for i := range ks {
			d, err := loadCouple(ctx, tx, &ks[i])
			if err != nil {
				return err
			}
			out = append(out, *d)
		}
		return nil
	})
	return out, err
}

// coupleOfClinicianSQL is the condition that the couple (aliased k) is assigned to a clinician.
const coupleOfClinicianSQL = `EXISTS (SELECT 1 FROM couple_clinicians cc WHERE cc.couple_id = k.id AND cc.user_id = ?)`

// rosterCouples is the condition that a couple (aliased k) is on the caller's roster, for a
// named query's filter slot: every couple with clients.all, otherwise those assigned to them.
func rosterCouples(caller auth.Caller) clause.Expr {
	if caller.Can(practice.AllClients) {
		return db.True
	}
	return gorm.Expr(coupleOfClinicianSQL, caller.UserID)
}

// visibleCoupleSQL reads one couple (aliased k) if the filter slot lets it through.
const visibleCoupleSQL = `SELECT * FROM couples k WHERE k.id = ? AND ? LIMIT 1`

// loadRosterCouple returns the couple if it is on the caller's roster, else ErrNotFound.
func loadRosterCouple(ctx context.Context, tx *db.Tx, caller auth.Caller, id uuid.UUID) (*Couple, error) {
	return loadCoupleWhere(tx, id, rosterCouples(caller))
}

// loadCoupleWhere returns the couple if the filter (on k) lets it through, else ErrNotFound.
func loadCoupleWhere(tx *db.Tx, id uuid.UUID, filter clause.Expr) (*Couple, error) {
	var k Couple
	err := tx.Gorm.Raw(visibleCoupleSQL, id, filter).Take(&k).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	return &k, err
}

// couplePartnersSQL reads a couple's partners with their names and trust roles.
const couplePartnersSQL = `SELECT cp.client_id, c.name, cp.trust_role FROM couple_partners cp
		JOIN clients c ON c.practice_id = cp.practice_id AND c.id = cp.client_id
		WHERE cp.couple_id = ? ORDER BY c.name`

// loadCouple reads what the couple page shows: its partners and its clinicians by name (their
// names from auth).
func loadCouple(ctx context.Context, tx *db.Tx, k *Couple) (*CoupleDetail, error) {
	d := &CoupleDetail{Couple: *k}
	if err := tx.Gorm.Raw(couplePartnersSQL, k.ID).Scan(&d.Partners).Error; err != nil {
		return nil, err
	}
	var ids []uuid.UUID
	err := tx.Gorm.Model(&coupleClinician{}).Where("couple_id = ?", k.ID).Pluck("user_id", &ids).Error
	if err != nil {
		return nil, err
	}
	d.Clinicians, err = clinicians(ctx, tx, ids)
	return d, err
}

// recordCouple writes one row per partner, so filtering the trail by client finds both.
func recordCouple(ctx context.Context, tx *db.Tx, caller auth.Caller, action string, coupleID uuid.UUID, partners []Partner) error {
	for _, p := range partners {
		err := audit.Record(ctx, tx, caller.PracticeID, actorOf(caller), audit.Event{
			Action: action, SubjectType: "couple", SubjectID: coupleID.String(), ClientID: p.ClientID})
		if err != nil {
			return err
		}
	}
	return nil
}
