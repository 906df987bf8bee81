package reminders

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Parts that arrive while a round trip runs go together in the next; each caller gets its
// own result; a failing batch is retried part by part so only the bad part fails.
func TestCoalescerBatchesWhatWaitsAndIsolatesFailures(t *testing.T) {
	bad := errors.New("refused")
	gate, started := make(chan struct{}), make(chan struct{})
	var mu sync.Mutex
	var sizes []int
	c := &coalescer[int, int]{max: 50, parallel: 1, run: func(_ context.Context, reqs []int) ([]int, error) {
		mu.Lock()
		first := len(sizes) == 0
		sizes = append(sizes, len(reqs))
		mu.Unlock()
		if first {
			close(started)
			<-gate // hold the first round trip so the others queue up behind it
		}
		out := make([]int, len(reqs))
		for i, r := range reqs {
			if r == 13 {
				return nil, bad
			}
			out[i] = r * 2
		}
		return out, nil
	}}
	const n = 40
	results, errs := make([]int, n), make([]error, n)
	var wg sync.WaitGroup
	call := func(i int) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = c.do(context.Background(), i)
		}()
	}
	call(0)
	<-started // the first round trip runs alone, however the goroutines are scheduled
	for i := 1; i < n; i++ {
		call(i)
	}
	require.Eventually(t, func() bool { c.mu.Lock(); defer c.mu.Unlock(); return len(c.queue) == n-1 }, time.Minute, time.Millisecond)
	close(gate)
	wg.Wait()
	for i := range n {
		if i == 13 {
			require.ErrorIs(t, errs[i], bad)
			continue
		}
		require.NoError(t, errs[i], "part %d", i)
		require.Equal(t, i*2, results[i])
	}
	// The first alone, then the 39 that waited together; that batch failed (it held 13), so
	// each of its parts ran alone.
	require.Equal(t, 1, sizes[0])
	require.Equal(t, n-1, sizes[1])
	require.Len(t, sizes, 2+n-1)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	block := &coalescer[int, int]{max: 1, parallel: 1, run: func(context.Context, []int) ([]int, error) {
		time.Sleep(50 * time.Millisecond)
		return []int{0}, nil
	}}
	_, err := block.do(ctx, 1)
	require.ErrorIs(t, err, context.Canceled, "a caller whose context ends stops waiting")
}
