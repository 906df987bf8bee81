package library

import (
	"context"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/validate"
)

// Ref names an exercise: a library slug or a practice template (its current version).
type Ref struct {
	Library    string
	TemplateID uuid.UUID
}

// Resolve finds the definition a ref names: a library exercise or a template's current version.
func Resolve(ctx context.Context, tx *db.Tx, ref Ref, field string) (*Definition, *int, error) {
	switch {
	case (ref.Library == "") == (ref.TemplateID == uuid.Nil):
		return nil, nil, validate.Errors{field: "give either library or template_id"}
	case ref.Library != "":
		d, ok := Find(ref.Library)
		if !ok {
			return nil, nil, validate.Errors{field + ".library": "is not an exercise in the library"}
		}
		c := *d
		return &c, nil, nil
	}
	t, err := loadTemplate(ctx, tx, ref.TemplateID)
	if err == ErrNotFound {
		return nil, nil, validate.Errors{field + ".template_id": "is not one of this practice's templates"}
	} else if err != nil {
		return nil, nil, err
	}
	if t.ArchivedAt != nil {
		return nil, nil, ErrTemplateArchived
	}
	v := t.CurrentVersion
	return &t.Definition, &v, nil
}
