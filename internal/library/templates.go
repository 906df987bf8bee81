package library

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/validate"
)

// Template is a practice's own exercise at its current version.
type Template struct {
	ID             uuid.UUID
	Title          string
	BasedOn        string
	CurrentVersion int
	ArchivedAt     *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Definition     Definition `gorm:"serializer:json"`
	Versions       []Version  `gorm:"-"`
}

// Version is one saved version of a template.
type Version struct {
	Version       int
	CreatedAt     time.Time
	CreatedByName string
}

// ListTemplates returns the practice's templates that are not archived, by title.
func (s *Service) ListTemplates(ctx context.Context, caller auth.Caller) ([]Template, error) {
	var out []Template
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		return tx.Gorm.Raw(liveTemplatesSQL).Scan(&out).Error
	})
	return out, err
}

// GetTemplate returns a template with its versions.
func (s *Service) GetTemplate(ctx context.Context, caller auth.Caller, id uuid.UUID) (*Template, error) {
	var t *Template
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) (err error) {
		t, err = loadTemplate(ctx, tx, id)
		return err
	})
	return t, err
}

// insertTemplateSQL stores a new template at version 1.
const insertTemplateSQL = `INSERT INTO exercise_templates (practice_id, id, title, based_on, current_version, created_by, created_at, updated_at)
	VALUES (?, ?, ?, ?, 1, ?, ?, ?)`

// CreateTemplate clones a library exercise (fromLibrary) or saves a new definition.
func (s *Service) CreateTemplate(ctx context.Context, caller auth.Caller, fromLibrary string, def *Definition) (*Template, error) {
	d, basedOn, err := templateSource(fromLibrary, def)
	if err != nil {
		return nil, err
	}
	id, now := uuid.New(), s.now()
	var t *Template
	err = s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if err := tx.Gorm.Exec(insertTemplateSQL, caller.PracticeID, id, d.Title, basedOn, caller.UserID, now, now).Error; err != nil {
			return err
		}
		if err := insertVersion(ctx, tx, caller, id, 1, d, now); err != nil {
			return err
		}
		if err := recordTemplate(ctx, tx, caller, "template.create", id, 1); err != nil {
			return err
		}
		t, err = loadTemplate(ctx, tx, id)
		return err
	})
	return t, err
}

// updateTemplateVersionSQL moves a template to its next version.
const updateTemplateVersionSQL = `UPDATE exercise_templates SET current_version = ?, title = ?, updated_at = ?
	WHERE id = ?`

// UpdateTemplate saves def as the template's next version. Assignments keep their version.
func (s *Service) UpdateTemplate(ctx context.Context, caller auth.Caller, id uuid.UUID, def Definition) (*Template, error) {
	def.Slug, def.Measure = slugFor(def.Title, def.Slug), "" // a template is never scored
	if err := def.Check(); err != nil {
		return nil, prefixed("definition.", err)
	}
	now := s.now()
	var t *Template
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		cur, err := loadTemplate(ctx, tx, id)
		if err != nil {
			return err
		}
		if cur.ArchivedAt != nil {
			return ErrTemplateArchived
		}
		next := cur.CurrentVersion + 1
		if err := insertVersion(ctx, tx, caller, id, next, &def, now); err != nil {
			return err
		}
		if err := tx.Gorm.Exec(updateTemplateVersionSQL, next, def.Title, now, id).Error; err != nil {
			return err
		}
		if err := recordTemplate(ctx, tx, caller, "template.update", id, next); err != nil {
			return err
		}
		t, err = loadTemplate(ctx, tx, id)
		return err
	})
	return t, err
}

// archiveTemplateSQL archives a template, keeping the first archiving's time.
const archiveTemplateSQL = `UPDATE exercise_templates SET archived_at = coalesce(archived_at, ?) WHERE id = ?`

// ArchiveTemplate takes a template out of the list; assignments made from it go on.
func (s *Service) ArchiveTemplate(ctx context.Context, caller auth.Caller, id uuid.UUID) (*Template, error) {
	var t *Template
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		res := tx.Gorm.Exec(archiveTemplateSQL, s.now(), id)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		if err := recordTemplate(ctx, tx, caller, "template.archive", id, 0); err != nil {
			return err
		}
		var err error
		t, err = loadTemplate(ctx, tx, id)
		return err
	})
	return t, err
}

func templateSource(fromLibrary string, def *Definition) (*Definition, string, error) {
	switch {
	case fromLibrary != "" && def != nil:
		return nil, "", validate.Errors{"from_library": "give either from_library or definition, not both"}
	case fromLibrary != "":
		lib, ok := LibraryExercise(fromLibrary)
		if !ok {
			if _, measure := Find(fromLibrary); measure {
				return nil, "", validate.Errors{"from_library": "is a scored measure: assign it as it is, its wording and scoring can't be changed"}
			}
			return nil, "", validate.Errors{"from_library": "is not an exercise in the library"}
		}
		c := *lib
		return &c, lib.Slug, nil
	case def != nil:
		def.Slug, def.Measure = slugFor(def.Title, def.Slug), "" // a template is never scored
		if err := def.Check(); err != nil {
			return nil, "", prefixed("definition.", err)
		}
		return def, "", nil
	}
	return nil, "", validate.Errors{"definition": "is required (or from_library)"}
}

// templatesSQL reads templates (aliased t) at their current version; the statements below
// say which.
const templatesSQL = `SELECT t.id, t.title, t.based_on, t.current_version, t.archived_at, t.created_at, t.updated_at,
		v.definition
	FROM exercise_templates t
	JOIN exercise_template_versions v ON v.practice_id = t.practice_id AND v.template_id = t.id AND v.version = t.current_version`

const (
	// liveTemplatesSQL reads the templates not archived, by title.
	liveTemplatesSQL = templatesSQL + ` WHERE t.archived_at IS NULL ORDER BY t.title, t.id`
	// templateSQL reads one template.
	templateSQL = templatesSQL + ` WHERE t.id = ? LIMIT 1`
)

// templateVersionsSQL reads a template's versions, newest first, with who saved each.
const templateVersionsSQL = `SELECT version, created_at, created_by FROM exercise_template_versions
	WHERE template_id = ? ORDER BY version DESC`

func loadTemplate(ctx context.Context, tx *db.Tx, id uuid.UUID) (*Template, error) {
	var t Template
	err := tx.Gorm.Raw(templateSQL, id).Take(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	} else if err != nil {
		return nil, err
	}
	t.Versions, err = versions(ctx, tx, id)
	return &t, err
}

// versions reads a template's versions, newest first, named by who saved each (empty: a
// person since erased).
func versions(ctx context.Context, tx *db.Tx, id uuid.UUID) ([]Version, error) {
	var rows []struct {
		Version   int
		CreatedAt time.Time
		CreatedBy uuid.UUID
	}
	if err := tx.Gorm.Raw(templateVersionsSQL, id).Scan(&rows).Error; err != nil {
		return nil, err
	}
	by := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		by[i] = r.CreatedBy
	}
	names, err := auth.UserNames(ctx, tx, by)
	out := make([]Version, len(rows))
	for i, r := range rows {
		out[i] = Version{Version: r.Version, CreatedAt: r.CreatedAt, CreatedByName: names[r.CreatedBy]}
	}
	return out, err
}

// insertTemplateVersionSQL stores one version of a template.
const insertTemplateVersionSQL = `INSERT INTO exercise_template_versions
	(practice_id, template_id, version, definition, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`

func insertVersion(ctx context.Context, tx *db.Tx, caller auth.Caller, id uuid.UUID, v int, d *Definition, now time.Time) error {
	return tx.Gorm.Exec(insertTemplateVersionSQL, caller.PracticeID, id, v, db.JSON(d), caller.UserID, now).Error
}

func recordTemplate(ctx context.Context, tx *db.Tx, caller auth.Caller, action string, id uuid.UUID, version int) error {
	ev := audit.Event{Action: action, SubjectType: "template", SubjectID: id.String()}
	if version > 0 {
		ev.Detail = map[string]any{"version": version}
	}
	return audit.Record(ctx, tx, caller.PracticeID, actorOf(caller), ev)
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slugFor keeps a valid slug, or makes one from the title: a template's slug only names it
// in exports, so it need not be unique.
func slugFor(title, slug string) string {
	if slug != "" && validSlug.MatchString(slug) {
		return slug
	}
	s := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(title), "-"), "-")
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
	}
	if s == "" {
		return "custom"
	}
	return s
}

var validSlug = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// prefixed moves field keys of a validation error under prefix ("definition.fields.0.label").
func prefixed(prefix string, err error) error {
	var v validate.Errors
	if !errors.As(err, &v) {
		return err
	}
	out := validate.Errors{}
	for k, msg := range v {
		out[prefix+k] = msg
	}
	return out
}
