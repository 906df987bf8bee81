package library

import (
	"time"
)

// The API's shapes (internal/web/openapi.yaml); stored rows are never sent as they are.

type templateJSON struct {
	ID             string        `json:"id"`
	Title          string        `json:"title"`
	BasedOn        string        `json:"based_on"`
	CurrentVersion int           `json:"current_version"`
	Archived       bool          `json:"archived"`
	CreatedAt      time.Time     `json:"created_at"`
	UpdatedAt      time.Time     `json:"updated_at"`
	Definition     Definition    `json:"definition"`
	Versions       []versionJSON `json:"versions"`
}

type versionJSON struct {
	Version       int       `json:"version"`
	CreatedAt     time.Time `json:"created_at"`
	CreatedByName string    `json:"created_by_name"`
}

func toTemplateJSON(t *Template) templateJSON {
	out := templateJSON{ID: t.ID.String(), Title: t.Title, BasedOn: t.BasedOn, CurrentVersion: t.CurrentVersion,
		Archived: t.ArchivedAt != nil, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt, Definition: t.Definition,
		Versions: make([]versionJSON, len(t.Versions))}
	for i, v := range t.Versions {
		out.Versions[i] = versionJSON(v)
	}
	return out
}
