package digests

import (
	"context"
	"time"
)

// DispatchUntil is the dispatcher's time-sliced run, for the test of its slices.
func (s *Service) DispatchUntil(ctx context.Context, end time.Time) (int, bool, error) {
	return s.dispatch(ctx, end)
}
