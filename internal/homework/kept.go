package homework

import (
	"sync"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/cadence"
)

// keptAnswer is what an answer to an assignment read: the assignment (its schedule, status and
// definition) and its client's time zones, with the marks that say whether each is still as it
// was (assignments.QueueUnchanged, clients.QueueZonesUnchanged); none of the client's answers.
// A kept answer is shared: read it, never change it.
type keptAnswer struct {
	a               *assignments.Assignment
	zones           []cadence.Zone
	mark, zonesMark string
}

type keptKey struct{ practice, assignment uuid.UUID }

// keptAnswers holds at most maxKept assignments, and starts afresh when full: one read again
// costs a round trip, and memory stays bounded (about a kilobyte an assignment, most of it
// the zones; definitions are shared).
type keptAnswers struct {
	mu sync.Mutex
	m  map[keptKey]*keptAnswer
}

const maxKept = 8192

func (c *keptAnswers) get(k keptKey) (*keptAnswer, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.m[k]
	return a, ok
}

func (c *keptAnswers) put(k keptKey, a *keptAnswer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxKept {
		c.m = make(map[keptKey]*keptAnswer)
	}
	c.m[k] = a
}

func (c *keptAnswers) forget(k keptKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, k)
}
