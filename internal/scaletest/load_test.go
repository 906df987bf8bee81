//go:build linux

package scaletest

import (
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/google/uuid"
)

// request is one request of the load: what to send as whom, and the statuses that mean it
// worked (a journal entry is 201, or 200 when its idempotency key was seen: a replay).
type request struct {
	who          *browser
	method, path string
	body         string
	ok           []int
}

// load sends a steady stream of mixed requests through the balancer and counts what came back.
// It never retries: a request that fails counts as failed.
type load struct {
	mu                             sync.Mutex
	sent, failed, writes, replayed int
	byServer                       map[string]int
	failures                       []string // the first few, for the failure message
	stop                           chan struct{}
	wg                             sync.WaitGroup
}

// startLoad runs workers goroutines, each sending one request every period, taking the mix in
// turn from next.
func startLoad(workers int, period time.Duration, next func(n int) request) *load {
	l := &load{byServer: map[string]int{}, stop: make(chan struct{})}
	var seq int
	var seqMu sync.Mutex
	for range workers {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			tick := time.NewTicker(period)
			defer tick.Stop()
			for {
				select {
				case <-l.stop:
					return
				case <-tick.C:
				}
				seqMu.Lock()
				seq++
				n := seq
				seqMu.Unlock()
				l.send(n, next(n))
			}
		}()
	}
	return l
}

func (l *load) send(n int, r request) {
	ans := r.who.do(r.method, r.path, r.body, fmt.Sprintf("load-%d", n))
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sent++
	good := false
	for _, s := range r.ok {
		good = good || (ans.err == nil && ans.status == s)
	}
	if !good {
		l.failed++
		if len(l.failures) < 10 {
			l.failures = append(l.failures, fmt.Sprintf("%s %s: status %d, error %v, body %.200s",
				r.method, r.path, ans.status, ans.err, ans.body))
		}
		return
	}
	if r.method == "POST" {
		l.writes++
		if ans.status == http.StatusOK {
			l.replayed++
		}
	}
	l.byServer[ans.server]++
}

// counts is a snapshot: requests sent, failed, and answered per replica.
func (l *load) counts() (sent, failed int, byServer map[string]int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	byServer = map[string]int{}
	for k, v := range l.byServer {
		byServer[k] = v
	}
	return l.sent, l.failed, byServer
}

// end stops the load and waits for the requests in flight.
func (l *load) end() {
	close(l.stop)
	l.wg.Wait()
}

// mix is the load's requests in turn: staff reads (who am I, the caseload summary, a client),
// homework reads, and a homework journal entry with a fresh idempotency key.
func mix(staff *browser, clientID string, homework []*browser) func(n int) request {
	ok := []int{http.StatusOK}
	return func(n int) request {
		hw := homework[n%len(homework)]
		switch n % 6 {
		case 0:
			return request{who: staff, method: "GET", path: "/api/auth/me", ok: ok}
		case 1:
			return request{who: staff, method: "GET", path: "/api/caseload", ok: ok}
		case 2:
			return request{who: staff, method: "GET", path: "/api/clients/" + clientID, ok: ok}
		case 3:
			return request{who: hw, method: "GET", path: "/api/homework/today", ok: ok}
		case 4:
			return request{who: hw, method: "GET", path: "/api/homework/me", ok: ok}
		}
		return request{who: hw, method: "POST", path: "/api/homework/journal",
			body: fmt.Sprintf(`{"body":"Entry %d.","idempotency_key":"%s"}`, n, uuid.New()),
			ok:   []int{http.StatusCreated, http.StatusOK}}
	}
}
