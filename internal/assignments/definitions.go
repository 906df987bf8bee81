package assignments

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/library"
)

// definitions keeps the parsed definitions of assignments that were answered lately. An
// assignment's definition is copied in when it is made and never changes after (a template's
// later versions do not reach it), so a kept one is always right; and parsing it, every field
// and step from JSON, was a tenth of an answer's CPU. The row itself is still read under the
// practice's row-level security before its definition is used (Load), and the key names the
// practice too. A kept definition is shared: read it, never change it. At most
// maxDefinitions are kept; when full it starts afresh.
var definitions = &definitionCache{}

const maxDefinitions = 4096

type definitionKey struct{ practice, assignment uuid.UUID }

type definitionCache struct {
	mu sync.Mutex
	m  map[definitionKey]*library.Definition
	// byText keeps parsed definitions by their stored JSON, so assignments of the same
	// exercise (most are a library's, copied unchanged) parse it once per process, not once
	// per assignment. Identical text gives an identical definition whoever reads it; the text
	// itself was read as the tenant. At most maxDefinitions; when full it starts afresh.
	byText map[string]*library.Definition
}

// parse gives raw's definition, parsed once per text.
func (c *definitionCache) parse(raw []byte) (*library.Definition, error) {
	c.mu.Lock()
	d, ok := c.byText[string(raw)]
	c.mu.Unlock()
	if ok {
		return d, nil
	}
	d = &library.Definition{}
	if err := json.Unmarshal(raw, d); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byText == nil || len(c.byText) >= maxDefinitions {
		c.byText = make(map[string]*library.Definition)
	}
	c.byText[string(raw)] = d
	return d, nil
}

func (c *definitionCache) get(practice, assignment uuid.UUID) (*library.Definition, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.m[definitionKey{practice, assignment}]
	return d, ok
}

func (c *definitionCache) put(practice, assignment uuid.UUID, d *library.Definition) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxDefinitions {
		c.m = make(map[definitionKey]*library.Definition)
	}
	c.m[definitionKey{practice, assignment}] = d
}

// findKept reads assignments by id, each definition parsed once: kept ones are not read again,
// and the rest are read together as text, parsed once per distinct text and kept
// (definitions). Every row is still read under the practice's row-level security.
func findKept(tx *db.Tx, ids []uuid.UUID) ([]Assignment, error) {
	var as []Assignment
	if err := tx.Gorm.Omit("definition").Where("id IN ?", ids).Find(&as).Error; err != nil {
		return nil, err
	}
	var missing []uuid.UUID
	for i := range as {
		if d, ok := definitions.get(as[i].PracticeID, as[i].ID); ok {
			as[i].Definition = *d
		} else {
			missing = append(missing, as[i].ID)
		}
	}
	if len(missing) == 0 {
		return as, nil
	}
	var raws []struct {
		PracticeID, ID uuid.UUID
		Definition     []byte
	}
	if err := tx.Gorm.Model(&Assignment{}).Select("practice_id, id, definition").Where("id IN ?", missing).
		Find(&raws).Error; err != nil {
		return nil, err
	}
	parsed := make(map[uuid.UUID]*library.Definition, len(raws))
	for _, r := range raws {
		d, err := definitions.parse(r.Definition)
		if err != nil {
			return nil, fmt.Errorf("assignments: definition of %s: %w", r.ID, err)
		}
		parsed[r.ID] = d
		definitions.put(r.PracticeID, r.ID, d)
	}
	for i := range as {
		if d, ok := parsed[as[i].ID]; ok {
			as[i].Definition = *d
		}
	}
	return as, nil
}
