package links

import (
	"sync"

	"github.com/google/uuid"
)

// practiceCache remembers the practice of client sessions' token hashes (sessionPractice).
// It holds at most maxPractices entries and starts afresh when full: a session read again
// after that costs one lookup more, and memory stays bounded (about 100 bytes an entry).
type practiceCache struct {
	mu sync.Mutex
	m  map[string]uuid.UUID
}

const maxPractices = 50_000

func (c *practiceCache) get(hash []byte) (uuid.UUID, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id, ok := c.m[string(hash)]
	return id, ok
}

func (c *practiceCache) put(hash []byte, id uuid.UUID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxPractices {
		c.m = make(map[string]uuid.UUID)
	}
	c.m[string(hash)] = id
}

func (c *practiceCache) forget(hash []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, string(hash))
}
