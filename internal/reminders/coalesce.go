package reminders

import (
	"context"
	"sync"
	"time"
)

// coalescer runs the database steps of many concurrent jobs as one. Each send job reads,
// claims and marks its own message, but a storm runs a hundred of them at once, and a round
// trip per job per step is what bounds it. A job hands its part to the coalescer and waits;
// the coalescer runs the parts that are waiting together, in one round trip, while later ones
// gather for the next. Nothing waits for a batch to fill: alone, a job's part runs at once.
type coalescer[Req, Res any] struct {
	run      func(ctx context.Context, reqs []Req) ([]Res, error) // one result per request, in order
	max      int                                                  // parts per round trip
	parallel int                                                  // round trips at once

	mu      sync.Mutex
	queue   []*part[Req, Res]
	running int
}

type part[Req, Res any] struct {
	req  Req
	res  Res
	err  error
	done chan struct{}
}

// stepTimeout bounds one round trip: a step's context is its own, not any one job's.
const stepTimeout = 30 * time.Second

// do runs req with whatever else is waiting and returns its own result.
func (c *coalescer[Req, Res]) do(ctx context.Context, req Req) (Res, error) {
	p := &part[Req, Res]{req: req, done: make(chan struct{})}
	c.mu.Lock()
	c.queue = append(c.queue, p)
	if c.running < c.parallel {
		c.running++
		go c.drain()
	}
	c.mu.Unlock()
	select {
	case <-p.done:
		return p.res, p.err
	case <-ctx.Done():
		var zero Res
		return zero, ctx.Err()
	}
}

// drain runs what is waiting, a round trip at a time, until nothing is.
func (c *coalescer[Req, Res]) drain() {
	for {
		c.mu.Lock()
		n := min(len(c.queue), c.max)
		if n == 0 {
			c.running--
			c.mu.Unlock()
			return
		}
		parts := c.queue[:n:n]
		c.queue = c.queue[n:]
		c.mu.Unlock()
		c.runParts(parts)
	}
}

// runParts runs the parts together. When that fails, each is run alone, so that one bad part
// (a row a constraint refuses, say) fails only its own job and not the others it came with.
func (c *coalescer[Req, Res]) runParts(parts []*part[Req, Res]) {
	reqs := make([]Req, len(parts))
	for i, p := range parts {
		reqs[i] = p.req
	}
	ctx, cancel := context.WithTimeout(context.Background(), stepTimeout)
	res, err := c.run(ctx, reqs)
	cancel()
	if err != nil && len(parts) > 1 {
		for _, p := range parts {
			c.runParts([]*part[Req, Res]{p})
		}
		return
	}
	for i, p := range parts {
		if err == nil {
			p.res = res[i]
		}
		p.err = err
		close(p.done)
	}
}
