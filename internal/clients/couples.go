package clients

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

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

// Partner is one client of a couple.
type Partner struct {
	ClientID  uuid.UUID
	TrustRole string
}

// CoupleInput is a new couple.
type CoupleInput struct {
	Name         string
	Partners     []Partner
	ClinicianIDs []uuid.UUID
}

// CoupleDetail is a couple with both partners and its clinicians.
type CoupleDetail struct {
	Couple
	Partners   []PartnerDetail
	Clinicians []Clinician
}

// PartnerDetail is a partner as the couple page shows them.
type PartnerDetail struct {
	ClientID  uuid.UUID
	Name      string
	TrustRole string
}

func (in CoupleInput) validate() error {
	v := validate.Errors{}
	v.Name("name", in.Name, 120)
	switch {
	case len(in.Partners) != 2:
		v.Add("partners", "must list exactly two clients")
	case in.Partners[0].ClientID == in.Partners[1].ClientID:
		v.Add("partners", "must be two different clients")
	}
	for _, p := range in.Partners {
		if p.TrustRole != TrustHurt && p.TrustRole != TrustCausedHarm && p.TrustRole != TrustUnspecified {
			v.Add("partners", "trust_role must be hurt, caused_harm or unspecified")
		}
	}
	return v.Err()
}

// CreateCouple links two of the caller's clients as a couple. Clinicians assigned to the
// couple see both partners.
func (s *Service) CreateCouple(ctx context.Context, caller auth.Caller, in CoupleInput) (*CoupleDetail, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	ids := unique(in.ClinicianIDs)
	if !caller.Can(practice.AllClients) && !contains(ids, caller.UserID) {
		ids = append(ids, caller.UserID)
	}
	k := Couple{PracticeID: caller.PracticeID, ID: uuid.New(), Name: in.Name, Status: StatusActive, CreatedAt: s.now()}
	var d *CoupleDetail
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		for _, p := range in.Partners {
			c, err := loadVisible(ctx, tx, caller, p.ClientID)
			if errors.Is(err, ErrNotFound) {
				return validate.Errors{"partners": "includes a client who is not one of yours"}
			}
			if err != nil {
				return err
			}
			if c.Status != StatusActive {
				return validate.Errors{"partners": "includes an archived client"}
			}
		}
		if ok, err := checkMembers(ctx, tx, ids); err != nil || !ok {
			return orMembersError(err)
		}
		if err := tx.Gorm.WithContext(ctx).Create(&k).Error; err != nil {
			return err
		}
		for _, p := range in.Partners {
			row := couplePartner{PracticeID: k.PracticeID, CoupleID: k.ID, ClientID: p.ClientID, TrustRole: p.TrustRole}
			if err := tx.Gorm.WithContext(ctx).Create(&row).Error; err != nil {
				return err
			}
		}
		for _, id := range ids {
			if err := tx.Gorm.WithContext(ctx).Create(&coupleClinician{PracticeID: k.PracticeID, CoupleID: k.ID, UserID: id}).Error; err != nil {
				return err
			}
		}
		if err := recordCouple(ctx, tx, caller, "couple.create", k.ID, in.Partners); err != nil {
			return err
		}
		var err error
		d, err = loadCouple(ctx, tx, &k)
		return err
	})
	return d, err
}

// GetCouple returns a couple with both partners, and records a read of each partner.
func (s *Service) GetCouple(ctx context.Context, caller auth.Caller, id uuid.UUID) (*CoupleDetail, error) {
	var d *CoupleDetail
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		k, err := loadVisibleCouple(ctx, tx, caller, id)
		if err != nil {
			return err
		}
		if d, err = loadCouple(ctx, tx, k); err != nil {
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

// ListCouples returns the couples the caller may see.
func (s *Service) ListCouples(ctx context.Context, caller auth.Caller) ([]CoupleDetail, error) {
	var out []CoupleDetail
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		var ks []Couple
		if err := visibleCouples(tx.Gorm.WithContext(ctx).Table("couples k"), caller).
			Where("k.status = ?", StatusActive).Order("k.name").Limit(500).Find(&ks).Error; err != nil {
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

func visibleCouples(q *gorm.DB, caller auth.Caller) *gorm.DB {
	if caller.Can(practice.AllClients) {
		return q
	}
	return q.Where(`EXISTS (SELECT 1 FROM couple_clinicians cc WHERE cc.couple_id = k.id AND cc.user_id = ?)`, caller.UserID)
}

func loadVisibleCouple(ctx context.Context, tx *db.Tx, caller auth.Caller, id uuid.UUID) (*Couple, error) {
	var k Couple
	err := visibleCouples(tx.Gorm.WithContext(ctx).Table("couples k"), caller).Where("k.id = ?", id).Take(&k).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	return &k, err
}

func loadCouple(ctx context.Context, tx *db.Tx, k *Couple) (*CoupleDetail, error) {
	d := &CoupleDetail{Couple: *k}
	err := tx.Gorm.WithContext(ctx).Raw(`SELECT cp.client_id, c.name, cp.trust_role FROM couple_partners cp
		JOIN clients c ON c.practice_id = cp.practice_id AND c.id = cp.client_id
		WHERE cp.couple_id = ? ORDER BY c.name`, k.ID).Scan(&d.Partners).Error
	if err != nil {
		return nil, err
	}
	err = tx.Gorm.WithContext(ctx).Raw(`SELECT cc.user_id, u.name FROM couple_clinicians cc
		JOIN users u ON u.id = cc.user_id WHERE cc.couple_id = ? ORDER BY u.name`, k.ID).Scan(&d.Clinicians).Error
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
