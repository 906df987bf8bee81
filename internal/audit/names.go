package audit

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/module"
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

// Namers name the subjects of each type ("client", "template", ...) by id. The trail names
// records of other domains, and most of those domains record into the trail, so it cannot
// import them: the composition root gathers each domain's module.Names into one Namers.
// People are named through auth, which audit may import.
type Namers map[string]module.Namer

// namerOf is the Namer for a subject type ("user" subjects are members too).
func (ns Namers) namerOf(subjectType string) (string, module.Namer) {
	if subjectType == "user" || subjectType == "member" {
		return "member", auth.UserNames
	}
	return subjectType, ns[subjectType]
}

// WithNames names the subjects and clients of rows, one read per subject type for all the
// rows shown (never one per row). A subject that no longer exists (an erased client) is named
// by its type and a short id, e.g. "Client 1a2b3c4d".
func (ns Namers) WithNames(ctx context.Context, tx *db.Tx, rows []Row) ([]Named, error) {
	names, err := ns.readNames(ctx, tx, ns.idsByType(rows))
	if err != nil {
		return nil, err
	}
	out := make([]Named, len(rows))
	for i, r := range rows {
		t, _ := ns.namerOf(r.SubjectType)
		n := Named{Row: r}
		n.SubjectName, n.SubjectFound = subjectName(r, names[t])
		if r.ClientID != nil {
			n.ClientName = names["client"][*r.ClientID]
		}
		out[i] = n
	}
	return out, nil
}

// idsByType gathers the ids to name, once each, by the type that names them: the subjects of
// types with a Namer, and every row's client.
func (ns Namers) idsByType(rows []Row) map[string]map[uuid.UUID]bool {
	ids := map[string]map[uuid.UUID]bool{}
	add := func(t string, id uuid.UUID) {
		if ids[t] == nil {
			ids[t] = map[uuid.UUID]bool{}
		}
		ids[t][id] = true
	}
	for _, r := range rows {
		if t, fn := ns.namerOf(r.SubjectType); fn != nil {
			if id, err := uuid.Parse(r.SubjectID); err == nil {
				add(t, id)
			}
		}
		if r.ClientID != nil {
			add("client", *r.ClientID)
		}
	}
	return ids
}

// readNames runs each type's Namer once over its ids; a type nobody names gets no names.
func (ns Namers) readNames(ctx context.Context, tx *db.Tx, ids map[string]map[uuid.UUID]bool) (map[string]map[uuid.UUID]string, error) {
	names := map[string]map[uuid.UUID]string{}
	for t, set := range ids {
		_, fn := ns.namerOf(t)
		if fn == nil {
			continue
		}
		list := make([]uuid.UUID, 0, len(set))
		for id := range set {
			list = append(list, id)
		}
		found, err := fn(ctx, tx, list)
		if err != nil {
			return nil, err
		}
		names[t] = found
	}
	return names, nil
}

// subjectName is the subject's name if its record was found, else its type and a short id.
func subjectName(r Row, names map[uuid.UUID]string) (string, bool) {
	if id, err := uuid.Parse(r.SubjectID); err == nil {
		if name, ok := names[id]; ok {
			return name, true
		}
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
