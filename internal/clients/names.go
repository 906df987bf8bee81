package clients

import (
	"context"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
)

type idName struct {
	ID   uuid.UUID
	Name string
}

// Names reads the names of the practice's clients among ids, by id; an erased client is left
// out. Its signature is module.Namer's: the audit trail names clients with it.
func Names(ctx context.Context, tx *db.Tx, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	var found []idName
	err := tx.Gorm.Model(&Client{}).Where("id IN ?", ids).Find(&found).Error
	return byID(found), err
}

// CoupleNames reads the names of the practice's couples among ids, by id.
func CoupleNames(ctx context.Context, tx *db.Tx, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	var found []idName
	err := tx.Gorm.Model(&Couple{}).Where("id IN ?", ids).Find(&found).Error
	return byID(found), err
}

func byID(found []idName) map[uuid.UUID]string {
	out := make(map[uuid.UUID]string, len(found))
	for _, f := range found {
		out[f.ID] = f.Name
	}
	return out
}

// clinicians names the people among ids who can be seen in the practice, in name order (the
// order auth reads them in): a client's or a couple's clinicians as the record shows them.
func clinicians(ctx context.Context, tx *db.Tx, ids []uuid.UUID) ([]Clinician, error) {
	people, err := auth.UsersByName(ctx, tx, ids)
	out := make([]Clinician, len(people))
	for i, p := range people {
		out[i] = Clinician{UserID: p.ID, Name: p.Name}
	}
	return out, err
}

// Labels names records that each belong to a client (record id → client id), with label given
// the record's id and its client's name; a record whose client was erased is left out. The
// audit trail names assignments and alerts this way.
func Labels(ctx context.Context, tx *db.Tx, owners map[uuid.UUID]uuid.UUID,
	label func(id uuid.UUID, client string) string) (map[uuid.UUID]string, error) {
	ids := make([]uuid.UUID, 0, len(owners))
	for _, client := range owners {
		ids = append(ids, client)
	}
	who, err := Names(ctx, tx, ids)
	out := make(map[uuid.UUID]string, len(owners))
	for id, client := range owners {
		if name, ok := who[client]; ok {
			out[id] = label(id, name)
		}
	}
	return out, err
}
