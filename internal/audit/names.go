package audit

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
)

// Named is a row with readable names for what it records: its subject ("Samira Haddad",
// "Daily consistency log, for Alex Moreau") and its client.
type Named struct {
	Row
	SubjectName  string
	SubjectFound bool   // the subject's record still exists (and SubjectName is read from it)
	ClientName   string // empty when there is no client, or they were erased
}

// subjectLabels name the subject types in words, for subjects without a record to read.
var subjectLabels = map[string]string{
	"client": "Client", "couple": "Couple", "member": "Member", "user": "Member",
	"template": "Template", "assignment": "Assignment", "alert": "Alert", "audit": "The audit log",
}

// nameQueries read the names of one subject type's records, by id; each returns id and name.
// The trail names records of other domains, so it reads their tables here, one query per
// type for all the rows shown (never one per row). Row-level security keeps every read to the
// practice; users are visible only as colleagues.
var nameQueries = map[string]string{
	"client":   `SELECT id::text, name FROM clients WHERE id IN ?`,
	"couple":   `SELECT id::text, name FROM couples WHERE id IN ?`,
	"member":   `SELECT id::text, name FROM users WHERE id IN ?`,
	"template": `SELECT id::text, title AS name FROM exercise_templates WHERE id IN ?`,
	"assignment": `SELECT a.id::text, a.title || ', for ' || c.name AS name FROM assignments a
		JOIN clients c ON c.practice_id = a.practice_id AND c.id = a.client_id WHERE a.id IN ?`,
	"alert": `SELECT r.id::text, 'Alert for ' || c.name AS name FROM risk_alerts r
		JOIN clients c ON c.practice_id = r.practice_id AND c.id = r.client_id WHERE r.id IN ?`,
}

// tableOf is the name query a subject type uses ("user" subjects are members too).
func tableOf(subjectType string) string {
	if subjectType == "user" {
		return "member"
	}
	return subjectType
}

// WithNames names the subjects and clients of rows. A subject that no longer exists (an erased
// client) is named by its type and a short id, e.g. "Client 1a2b3c4d".
func WithNames(ctx context.Context, tx *db.Tx, rows []Row) ([]Named, error) {
	ids := map[string][]uuid.UUID{}
	for _, r := range rows {
		t := tableOf(r.SubjectType)
		if _, ok := nameQueries[t]; ok {
			if id, err := uuid.Parse(r.SubjectID); err == nil {
				ids[t] = append(ids[t], id)
			}
		}
		if r.ClientID != nil {
			ids["client"] = append(ids["client"], *r.ClientID)
		}
	}
	names := map[string]map[string]string{}
	for t, list := range ids {
		found, err := readNames(ctx, tx, nameQueries[t], list)
		if err != nil {
			return nil, err
		}
		names[t] = found
	}
	out := make([]Named, len(rows))
	for i, r := range rows {
		n := Named{Row: r}
		n.SubjectName, n.SubjectFound = subjectName(r, names[tableOf(r.SubjectType)])
		if r.ClientID != nil {
			n.ClientName = names["client"][r.ClientID.String()]
		}
		out[i] = n
	}
	return out, nil
}

func readNames(ctx context.Context, tx *db.Tx, query string, ids []uuid.UUID) (map[string]string, error) {
	var found []struct{ ID, Name string }
	if err := tx.Gorm.Raw(query, ids).Scan(&found).Error; err != nil {
		return nil, err
	}
	out := make(map[string]string, len(found))
	for _, f := range found {
		out[f.ID] = f.Name
	}
	return out, nil
}

// subjectName is the subject's name if its record was found, else its type and a short id.
func subjectName(r Row, names map[string]string) (string, bool) {
	if name, ok := names[r.SubjectID]; ok {
		return name, true
	}
	if r.SubjectType == "route" {
		return r.SubjectID, false // "GET /api/audit": the route is its own name
	}
	label, ok := subjectLabels[r.SubjectType]
	if !ok {
		label = r.SubjectType
	}
	if r.SubjectID == "" {
		return label, false
	}
	return fmt.Sprintf("%s %.8s", label, r.SubjectID), false
}
