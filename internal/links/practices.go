package links

import (
	"sync"
	"time"

	"github.com/google/uuid"
)

// owner is whose a client session is: its practice, and its client once a read of the whole
// session has given it (uuid.Nil until then). Neither ever changes for a session. touched is
// when this process last asked for the session's last use to be written without reading it
// (Claim.QueueLive).
type owner struct {
	practice, client uuid.UUID
	touched          time.Time
}

// practiceCache remembers the owners of client sessions' token hashes (sessionPractice, and
// ClaimOf). It holds at most maxPractices entries and starts afresh when full: a session read
// again after that costs one lookup more, and memory stays bounded (about 120 bytes an entry).
type practiceCache struct {
	mu sync.Mutex
	m  map[string]owner
}

const maxPractices = 50_000

func (c *practiceCache) get(hash []byte) (owner, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	o, ok := c.m[string(hash)]
	return o, ok
}

func (c *practiceCache) put(hash []byte, o owner) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxPractices {
		c.m = make(map[string]owner)
	}
	c.m[string(hash)] = o
}

// touched records when the session's last use was last asked to be written, if it is kept.
func (c *practiceCache) touched(hash []byte, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if o, ok := c.m[string(hash)]; ok {
		o.touched = at
		c.m[string(hash)] = o
	}
}

func (c *practiceCache) forget(hash []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, string(hash))
}
