package auth

import (
	"context"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// Colleague is a person as the people they work with see them: who they are and where mail
// reaches them, never their credentials.
type Colleague struct {
	ID    uuid.UUID
	Name  string
	Email string
}

// UsersByName reads the people among ids whom the transaction may see (row-level security: the
// signed-in person and the members of the tenant practice), ordered by name. Other domains keep
// their own tables' user ids and read names here; keeping this order sorts by the database's
// collation, as a join in their SQL once did.
func UsersByName(ctx context.Context, tx *db.Tx, ids []uuid.UUID) ([]Colleague, error) {
	return colleagues(ctx, tx, ids, "name")
}

// UsersByEmail is UsersByName ordered by email address.
func UsersByEmail(ctx context.Context, tx *db.Tx, ids []uuid.UUID) ([]Colleague, error) {
	return colleagues(ctx, tx, ids, "email")
}

// UserNames reads the names of the people among ids whom the transaction may see, by id; the
// unseen and the unknown are left out. Its signature is audit.Namer's.
func UserNames(ctx context.Context, tx *db.Tx, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	found, err := colleagues(ctx, tx, ids, "id") // any order: the caller looks names up by id
	out := make(map[uuid.UUID]string, len(found))
	for _, c := range found {
		out[c.ID] = c.Name
	}
	return out, err
}

// colleagues reads the Colleague columns of the caller and of the tenant practice's members
// among ids (migration 0019): which ids are members is practice's to say (MembersAmong);
// auth_people then returns those people's names and addresses only. order is one of this
// file's constants, never input.
func colleagues(ctx context.Context, tx *db.Tx, ids []uuid.UUID, order string) ([]Colleague, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	members, err := practice.MembersAmong(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	if self := tx.UserID(); self != uuid.Nil && slices.Contains(ids, self) && !slices.Contains(members, self) {
		members = append(members, self)
	}
	if len(members) == 0 {
		return nil, nil
	}
	var out []Colleague
	err = tx.Gorm.Raw(`SELECT id, name, email FROM auth_people(?::uuid[]) ORDER BY `+order, uuidArray(members)).Scan(&out).Error
	return out, err
}

// uuidArray writes ids as one PostgreSQL array literal: GORM would spread a slice into a list.
func uuidArray(ids []uuid.UUID) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = id.String()
	}
	return "{" + strings.Join(parts, ",") + "}"
}
